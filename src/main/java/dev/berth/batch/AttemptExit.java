package dev.berth.batch;

/**
 * How one attempt's Task stopped, in the terms evaluateOnExit rules match: the exit code and reason of the container
 * that stopped it, the task's stopCode and stoppedReason. Any of them may be null.
 */
record AttemptExit(Integer exitCode, String containerReason, String stopCode, String stoppedReason) {

    /** An attempt succeeds when its essential containers exited on their own, with code 0. */
    boolean succeeded() {
        return "EssentialContainerExited".equals(stopCode) && exitCode != null && exitCode == 0;
    }

    /** Batch's container reason: the container's own, else (a stop that was not an exit) the task's stopCode. */
    String reason() {
        return containerReason != null ? containerReason : stopCode;
    }
}
