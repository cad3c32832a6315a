package dev.berth.task;

import java.util.List;

import dev.berth.api.v1alpha1.LastStatus;

/** How far a live Pod has come towards RUNNING, before any stop is considered. */
final class StartProgress {

    private StartProgress() {
    }

    static LastStatus of(PodView pod, List<TaskContainer> containers) {
        if (!pod.scheduled()) {
            return LastStatus.PROVISIONING;
        }
        List<TaskContainer> essential = containers.stream().filter(TaskContainer::essential).toList();
        if (essential.isEmpty() || !essential.stream().allMatch(c -> pod.running(c.name()))) {
            return LastStatus.PENDING;
        }
        return pod.ip() == null ? LastStatus.ACTIVATING : LastStatus.RUNNING;
    }
}
