package dev.berth.usage;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.TaskStatus;

/** Task statuses and task definitions as the Task lifecycle records them, for metering. */
final class TestingTaskStatus {

    static final String CREATED = "2026-01-01T10:00:00Z";

    private TestingTaskStatus() {
    }

    /**
     * A task of {@code cpu} units and {@code memory} MiB that got its Pod, pulled at {@code pulled}, stopped at
     * {@code stopped}.
     */
    static TaskStatus stopped(String cpu, String memory, String pulled, String stopped) {
        TaskStatus status = new TaskStatus();
        status.lastStatus = LastStatus.STOPPED;
        status.cpu = cpu;
        status.memory = memory;
        status.cluster = "default";
        status.capacityProviderName = "FARGATE";
        status.taskDefinition = "web:1";
        status.podName = "run-1";
        status.createdAt = CREATED;
        status.pullStartedAt = pulled;
        status.stoppedAt = stopped;
        return status;
    }

    static EcsTaskDefinition definition(EcsTaskDefinition.CpuArchitecture architecture, String os, Integer storageGiB) {
        EcsTaskDefinition definition = new EcsTaskDefinition();
        if (architecture != null || os != null) {
            definition.runtimePlatform = new EcsTaskDefinition.RuntimePlatform();
            definition.runtimePlatform.cpuArchitecture = architecture;
            definition.runtimePlatform.operatingSystemFamily = os;
        }
        if (storageGiB != null) {
            definition.ephemeralStorage = new EcsTaskDefinition.EphemeralStorage();
            definition.ephemeralStorage.sizeInGiB = storageGiB;
        }
        return definition;
    }
}
