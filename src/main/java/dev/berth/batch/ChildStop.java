package dev.berth.batch;

/** A running attempt to stop, with the stoppedReason its Task will report. */
record ChildStop(String taskName, String reason) {
}
