package dev.berth.task;

import static dev.berth.task.TestingPods.at;

import java.time.Duration;
import java.util.List;

import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.ContainerDefinition.HealthCheck;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;

/** Tasks, their task definition and observations of them, created at {@link TestingPods#T0}. */
final class TestingTasks {

    static final String TASK = "report-1";
    static final String PINNED = "my-task:3";
    static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private TestingTasks() {
    }

    static Task task() {
        Task task = new Task();
        task.setMetadata(new ObjectMetaBuilder().withName(TASK).withNamespace("team-a").withGeneration(1L)
                .withCreationTimestamp(at(0)).build());
        TaskSpec spec = new TaskSpec();
        spec.taskDefinition = "my-task";
        spec.startedBy = "ecs-svc/123";
        spec.group = "service:web";
        task.setSpec(spec);
        return task;
    }

    /** The same task with a previous status, as the reconciler reads it after patching. */
    static Task task(TaskStatus status) {
        Task task = task();
        task.setStatus(status);
        return task;
    }

    /**
     * my-task:3: {@code init} (plain init container, not essential), {@code proxy} (essential sidecar, health
     * check: UNHEALTHY 10s after start), {@code web} (essential, UNHEALTHY 35s after start), {@code metrics} (not
     * essential, UNHEALTHY 5s after start). 0.25 vCPU, 1 GB.
     */
    static EcsTaskDefinition definition() {
        EcsTaskDefinition definition = new EcsTaskDefinition();
        definition.family = "my-task";
        definition.cpu = new io.fabric8.kubernetes.api.model.IntOrString("0.25 vCPU");
        definition.memory = new io.fabric8.kubernetes.api.model.IntOrString("1 GB");
        definition.containerDefinitions = List.of(
                container("init", false, null),
                container("proxy", true, healthCheck(5, 2, 0)),
                container("web", true, healthCheck(10, 3, 5)),
                container("metrics", false, healthCheck(5, 1, 0)));
        return definition;
    }

    static ContainerDefinition container(String name, Boolean essential, HealthCheck healthCheck) {
        ContainerDefinition container = new ContainerDefinition();
        container.name = name;
        container.image = name + ":1";
        container.essential = essential;
        container.healthCheck = healthCheck;
        return container;
    }

    static HealthCheck healthCheck(int interval, int retries, int startPeriod) {
        HealthCheck check = new HealthCheck();
        check.command = List.of("CMD-SHELL", "curl -f http://localhost/ || exit 1");
        check.interval = interval;
        check.retries = retries;
        check.startPeriod = startPeriod;
        return check;
    }

    /** Containers as "STOPPED(3)", "RUNNING", ... by name, in status order. */
    static java.util.Map<String, String> containers(TaskStatus status) {
        var described = new java.util.LinkedHashMap<String, String>();
        status.containers
                .forEach(c -> described.put(c.name, c.lastStatus + (c.exitCode == null ? "" : "(" + c.exitCode + ")")));
        return described;
    }

    static TaskStatus.ContainerStatus container(TaskStatus status, String name) {
        return status.containers.stream().filter(c -> c.name.equals(name)).findFirst().orElseThrow();
    }

    static TaskObservation observe(Task task, TestingPods pod, long now) {
        return observe(task, pod == null ? null : pod.build(), null, now);
    }

    static TaskObservation observe(Task task, Pod pod, StartBlocker blocker, long now) {
        return new TaskObservation(task, PINNED, definition(), pod, blocker, TestingPods.T0.plusSeconds(now), START_TIMEOUT,
                List.of());
    }

    static TaskDecision decide(Task task, TestingPods pod, long now) {
        return TaskLifecycle.decide(observe(task, pod, now));
    }

    /** Decides, then records the decided status on the task as the reconciler's status patch does. */
    static TaskDecision step(Task task, TestingPods pod, long now) {
        TaskDecision decision = decide(task, pod, now);
        task.setStatus(decision.status());
        return decision;
    }
}
