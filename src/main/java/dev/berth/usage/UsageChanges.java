package dev.berth.usage;

import java.util.Objects;

import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;

/** Which Task updates change a usage figure (others, such as container states, need not wake the usage controllers). */
public final class UsageChanges {

    private UsageChanges() {
    }

    public static boolean changed(Task before, Task after) {
        TaskStatus b = before.getStatus() == null ? new TaskStatus() : before.getStatus();
        TaskStatus a = after.getStatus() == null ? new TaskStatus() : after.getStatus();
        return !Objects.equals(b.lastStatus, a.lastStatus) || !Objects.equals(b.podName, a.podName)
                || !Objects.equals(b.pullStartedAt, a.pullStartedAt) || !Objects.equals(b.cpu, a.cpu)
                || !Objects.equals(b.memory, a.memory) || !Objects.equals(b.capacityProviderName, a.capacityProviderName)
                || (b.usage == null) != (a.usage == null)
                || (before.getMetadata().getDeletionTimestamp() == null) != (after.getMetadata()
                        .getDeletionTimestamp() == null);
    }
}
