package dev.berth.bench;

import java.util.ArrayList;
import java.util.List;

import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** The states a {@link Timeline} records for each kind. */
final class States {

    /** A Task at RUNNING or beyond (it may pass RUNNING between two reconciles when its container exits fast). */
    static final String PAST_RUNNING = "PAST_RUNNING";
    /** A Pod at phase Running or beyond. */
    static final String RUNNING = "Running";

    private static final List<String> AFTER_RUNNING = List.of("RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING",
            "STOPPED");

    private States() {
    }

    static List<String> task(Task task) {
        if (task.getStatus() == null || task.getStatus().lastStatus == null) {
            return List.of();
        }
        String last = task.getStatus().lastStatus.name();
        return AFTER_RUNNING.contains(last) ? List.of(last, PAST_RUNNING) : List.of(last);
    }

    static List<String> pod(Pod pod) {
        List<String> states = new ArrayList<>();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (phase != null) {
            states.add(phase);
            if (!phase.equals("Pending") && !phase.equals("Unknown") && !phase.equals(RUNNING)) {
                states.add(RUNNING);
            }
        }
        if (pod.getSpec().getNodeName() != null) {
            states.add("Scheduled");
        }
        return states;
    }

    static List<String> job(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions() != null
                && job.getStatus().getConditions().stream()
                        .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus())) ? List.of("Complete")
                                : List.of();
    }
}
