package dev.berth.e2e;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.BatchJobStatus;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.JobStatus;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.bench.Bench;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The workloads the chaos scenarios hit with a fault at a random moment, each in a namespace of its own per
 * repetition: a burst of one-off Tasks, a Service rollout, a circuit-breaker rollback. Each returns what the
 * repetition measured: tasks lost (expected but not converged when the wait ends), duplicate Pods and Tasks (from the
 * {@link Ledger}'s watches over the whole repetition) and the seconds from the fault to convergence.
 */
abstract class ChaosScenarios extends EndToEnd {

    /** How long a repetition may take to converge after its fault before what is missing counts as lost. */
    static final Duration CONVERGE = Duration.ofMinutes(6);

    /** A fault, injected at the chosen moment; returns how many single faults it injected. */
    @FunctionalInterface
    interface Fault {
        int inject();
    }

    private static final String TASK_DEFINITION = """
            apiVersion: berth.dev/v1alpha1
            kind: TaskDefinition
            metadata: {name: %s}
            spec:
              cpu: 256
              memory: 512
              containerDefinitions:
                - name: app
                  image: %s
                  dockerLabels: {%s}
            """;

    /**
     * {@code n} Tasks created by 8 parallel clients (Pods held Pending 2 s by the simulation); the fault lands at a
     * random moment within the time the burst takes to start; converged when every Task is RUNNING or STOPPED
     * TaskFailedToStart (the promise: a task reaches RUNNING or a STOPPED with a stop code and reason). A fault longer
     * than the operator's start timeout (the tier's 15 s; {@link ControlPlaneChaosIT} runs with the shipped 180 s) fails
     * the tasks whose Pods could not start meanwhile: they are counted and printed apart, and lost counts only tasks in
     * neither state.
     */
    Chaos.Rep burst(int n, Random random, Fault fault) {
        ns = plane.namespace("chaos-burst");
        if (n > 300) {
            Bench.ensurePodCapacity(client); // kwok nodes start with 110 Pods each
        }
        applyText(TASK_DEFINITION.formatted("burst", "nginx:alpine", "sim.berth.dev/start-after: 2s"));
        List<String> names = IntStream.range(0, n).mapToObj(i -> "run-" + i).toList();
        try (Ledger ledger = new Ledger(client, ns)) {
            ExecutorService creators = Executors.newFixedThreadPool(8);
            Instant start = Instant.now();
            List<Future<?>> created = names.stream().<Future<?>> map(name -> creators.submit(() -> createTask(name, "burst")))
                    .toList();
            creators.shutdown();
            Injected injected = injectWithin(start, Duration.ofMillis(2000 + 40L * n), random, "burst",
                    () -> running() + " of " + n + " tasks running", fault);
            created.forEach(ChaosScenarios::join);
            Instant converged = awaitConverged(() -> running() + failedToStartInNamespace().size() == n);
            List<Task> failed = failedToStartInNamespace();
            if (!failed.isEmpty()) {
                Chaos.progress("%d Tasks failed to start (their start timeout passed during the fault): STOPPED"
                        + " TaskFailedToStart with the reason, not lost; the first of them:%n%s", failed.size(),
                        describeFailedToStart(failed));
            }
            int lost = n - (int) running() - failed.size();
            if (lost > 0) {
                Chaos.progress("%d tasks neither RUNNING nor failed to start after %s:%n%s", lost, CONVERGE,
                        describeNotRunning());
            }
            return new Chaos.Rep(injected.faults(), lost, failed.size(), ledger.duplicatePods(), ledger.duplicateTaskNames(),
                    seconds(injected.at(), converged), injected.secondsIn());
        } finally {
            cleanUp();
        }
    }

    /**
     * A Service of {@code desired} tasks (minimumHealthyPercent 100, maximumPercent 200) rolled out to a new revision
     * whose Pods stay Pending 2 s; the fault lands within the first 8 s of the rollout ({@link Chaos#ROLLOUT_WINDOW});
     * converged at a steady state on
     * the new revision. Duplicate Tasks: more Tasks than the rollout needs (desired old + desired new + one replacement
     * per Task that failed to start, as ECS replaces them).
     */
    Chaos.Rep rollout(int desired, Random random, Fault fault) {
        ns = plane.namespace("chaos-rollout");
        applyText(TASK_DEFINITION.formatted("web", "nginx:1", ""));
        try (Ledger ledger = new Ledger(client, ns)) {
            applyText(service(desired, ""));
            Instant steady = awaitConverged(() -> isSteady("web:1", desired));
            if (steady == null) {
                throw new IllegalStateException("the service never reached its first steady state: " + service().getStatus());
            }
            applyText(TASK_DEFINITION.formatted("web", "nginx:2", "sim.berth.dev/start-after: 2s"));
            Instant start = Instant.now();
            if (Chaos.ROLLOUT_FAULT_FROM_FIRST_LAUNCH) {
                awaitFirstTaskOf("web:2");
                start = Instant.now();
            }
            Injected injected = injectWithin(start, Chaos.ROLLOUT_WINDOW, random, "rollout", this::rolloutState, fault);
            Instant converged = awaitConverged(() -> isSteady("web:2", desired));
            int lost = desired - runningOf("web:2");
            int replaced = failedToStart();
            if (replaced > 0) {
                Chaos.progress("%d Tasks failed to start (their start timeout passed during the fault) and were replaced",
                        replaced);
            }
            int extraTasks = Math.max(0, ledger.tasksSeen() - 2 * desired - replaced) + ledger.duplicateTaskNames();
            if (extraTasks > 0) {
                Chaos.progress("%d Tasks more than the rollout needs:%n%s", extraTasks, describeServiceTasks());
            }
            return new Chaos.Rep(injected.faults(), Math.max(0, lost), replaced, ledger.duplicatePods(), extraTasks,
                    seconds(injected.at(), converged), injected.secondsIn());
        } finally {
            cleanUp();
        }
    }

    /**
     * A Service of 2 tasks with the circuit breaker and rollback on, rolled out to a revision whose image never pulls;
     * the fault lands within the first 40 s of the failing rollout; converged when it has rolled back to a steady
     * state on the old revision. Duplicate Tasks: live tasks beyond desiredCount at the end.
     */
    Chaos.Rep rollback(Random random, Fault fault) {
        int desired = 2;
        ns = plane.namespace("chaos-rollback");
        applyText(TASK_DEFINITION.formatted("web", "nginx:1", ""));
        try (Ledger ledger = new Ledger(client, ns)) {
            applyText(service(desired, "deploymentCircuitBreaker: {enable: true, rollback: true}, "));
            if (awaitConverged(() -> isSteady("web:1", desired)) == null) {
                throw new IllegalStateException("the service never reached its first steady state: " + service().getStatus());
            }
            applyText(TASK_DEFINITION.formatted("web", "nginx:broken", "sim.berth.dev/image-pull-error: 'manifest unknown'"));
            Instant start = Instant.now();
            Injected injected = injectWithin(start, Duration.ofSeconds(40), random, "failing rollout", this::rolloutState,
                    fault);
            Instant converged = awaitConverged(() -> isSteady("web:1", desired) && rolledBack());
            int live = liveTasks();
            return new Chaos.Rep(injected.faults(), Math.max(0, desired - runningOf("web:1")), 0, ledger.duplicatePods(),
                    Math.max(0, live - desired) + ledger.duplicateTaskNames(), seconds(injected.at(), converged),
                    injected.secondsIn());
        } finally {
            cleanUp();
        }
    }

    /**
     * An array BatchJob of {@code size} children (each runs 2 s and exits 0, one attempt) in a queue of 2 vCPUs, so at
     * most 8 children hold the budget at a time and the array runs in waves; the fault lands at a random moment of the
     * time the array takes; converged when the job is SUCCEEDED with every index. Lost: indices not succeeded;
     * duplicate Tasks: more child Tasks than indices (one attempt each, so any extra is a second run of an index).
     */
    Chaos.Rep batchArray(int size, Random random, Fault fault) {
        ns = plane.namespace("chaos-batch");
        applyText(TASK_DEFINITION.formatted("child", "busybox:1.36",
                "sim.berth.dev/exit-code: '0', sim.berth.dev/exit-after: 2s") + """
                        ---
                        apiVersion: berth.dev/v1alpha1
                        kind: JobQueue
                        metadata: {name: chaos}
                        spec:
                          priority: 1
                          computeEnvironmentOrder: [{order: 1, maxvCpus: 2}]
                        """);
        try (Ledger ledger = new Ledger(client, ns)) {
            applyText("""
                    apiVersion: berth.dev/v1alpha1
                    kind: BatchJob
                    metadata: {name: array}
                    spec:
                      jobQueue: chaos
                      taskDefinition: child
                      arrayProperties: {size: %d}
                    """.formatted(size));
            Instant start = Instant.now();
            Injected injected = injectWithin(start, Duration.ofMillis(1000 + 400L * size), random, "array", this::batchState,
                    fault);
            Instant converged = awaitConverged(() -> batchJob().status == JobStatus.SUCCEEDED);
            int lost = size - succeededChildren();
            int extraTasks = Math.max(0, ledger.tasksSeen() - size) + ledger.duplicateTaskNames();
            return new Chaos.Rep(injected.faults(), lost, 0, ledger.duplicatePods(), extraTasks,
                    seconds(injected.at(), converged), injected.secondsIn());
        } finally {
            cleanUp();
        }
    }

    /**
     * A ScheduledTask firing once ({@code at()}, 20 s after it is applied) 3 Tasks that keep running; the fault lands at a
     * random moment from 3 s before to 3 s after the fire time; converged when the fire time's 3 Tasks run. Lost: fewer
     * than 3 running; duplicate Tasks: more than 3 Tasks (a fire time run twice).
     */
    Chaos.Rep scheduleFireTime(Random random, Fault fault) {
        int taskCount = 3;
        ns = plane.namespace("chaos-schedule");
        applyText(TASK_DEFINITION.formatted("tick", "busybox:1.36", ""));
        try (Ledger ledger = new Ledger(client, ns)) {
            Instant fireTime = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
            applyText("""
                    apiVersion: berth.dev/v1alpha1
                    kind: ScheduledTask
                    metadata: {name: tick}
                    spec:
                      scheduleExpression: at(%s)
                      target: {taskDefinition: tick, taskCount: %d}
                    """.formatted(LocalDateTime.ofInstant(fireTime, ZoneOffset.UTC), taskCount));
            Instant faulted = fireTime.minusSeconds(3).plusMillis(Chaos.moment(random, Duration.ofSeconds(6)));
            Chaos.sleep(Math.max(0, Duration.between(Instant.now(), faulted).toMillis()));
            Chaos.progress("fault %+.1f s from the fire time %s: %d of %d tasks", Duration.between(fireTime, faulted)
                    .toMillis() / 1000.0, fireTime, ledger.tasksSeen(), taskCount);
            int faults = fault.inject();
            Instant converged = awaitConverged(() -> running() == taskCount);
            int lost = taskCount - (int) running();
            int extraTasks = Math.max(0, ledger.tasksSeen() - taskCount) + ledger.duplicateTaskNames();
            return new Chaos.Rep(faults, Math.max(0, lost), 0, ledger.duplicatePods(), extraTasks, seconds(faulted, converged),
                    Duration.between(fireTime, faulted).toMillis() / 1000.0);
        } finally {
            cleanUp();
        }
    }

    private BatchJobStatus batchJob() {
        BatchJob job = client.resources(BatchJob.class).inNamespace(ns).withName("array").get();
        return job == null || job.getStatus() == null ? new BatchJobStatus() : job.getStatus();
    }

    private int succeededChildren() {
        BatchJobStatus status = batchJob();
        return status.arrayProperties == null ? 0 : status.arrayProperties.statusSummary.getOrDefault("SUCCEEDED", 0);
    }

    private String batchState() {
        BatchJobStatus status = batchJob();
        return status.status + " " + (status.arrayProperties == null ? "" : status.arrayProperties.statusSummary);
    }

    /** A repetition's fault: how many it injected, when its workload started and when the fault came. */
    private record Injected(int faults, Instant start, Instant at) {

        double secondsIn() {
            return Duration.between(start, at).toMillis() / 1000.0;
        }
    }

    /**
     * Injects {@code fault} at a random moment within {@code window} from now (the workload began at {@code start}),
     * printing where the workload stands then.
     */
    private static Injected injectWithin(Instant start, Duration window, Random random, String workload,
            Supplier<String> state, Fault fault) {
        long at = Chaos.moment(random, window);
        Chaos.sleep(at);
        Instant faulted = Instant.now();
        Chaos.progress("fault at %.1f s into the %s: %s", at / 1000.0, workload, state.get());
        return new Injected(fault.inject(), start, faulted);
    }

    /** Until a Task of {@code revision} exists: the first slow-start batch of a deployment is created. */
    private void awaitFirstTaskOf(String revision) {
        Instant deadline = Instant.now().plus(CONVERGE);
        while (client.resources(Task.class).inNamespace(ns).list().getItems().stream()
                .noneMatch(t -> revision.equals(t.getSpec().taskDefinition))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no Task of " + revision + " within " + CONVERGE);
            }
            Chaos.sleep(50);
        }
    }

    /** SIGKILL of the operator and a new operator process; 1 fault. */
    Fault operatorKill() {
        return () -> {
            plane.operator.kill();
            restart(plane.operator);
            return 1;
        };
    }

    /**
     * Starts an operator process again as a kubelet restarts a container: a process that exits before it is ready (it
     * gives up when the API server does not answer within its connection timeout, as it may on this loaded machine) is
     * started again, up to 3 times; each retry is printed.
     */
    static void restart(OperatorProcess operator) {
        for (int attempt = 1;; attempt++) {
            try {
                operator.start();
                return;
            } catch (IllegalStateException e) {
                if (attempt == 3 || operator.isRunning()) {
                    throw e;
                }
                Chaos.progress("operator start %d failed, starting it again: %s", attempt,
                        e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    private void createTask(String name, String family) {
        Task task = new Task();
        task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        task.setSpec(new TaskSpec());
        task.getSpec().taskDefinition = family;
        // The API server may be down during a fault: retry as a client would; 409 means an earlier attempt landed.
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            try {
                client.resource(task).create();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Chaos.sleep(500);
            }
        }
    }

    private long running() {
        return client.resources(Task.class).inNamespace(ns).list().getItems().stream()
                .filter(t -> t.getStatus() != null && t.getStatus().lastStatus == LastStatus.RUNNING).count();
    }

    private int runningOf(String taskDefinition) {
        return (int) serviceTasks().stream().filter(t -> t.getStatus() != null && t.getStatus().lastStatus == LastStatus.RUNNING
                && taskDefinition.equals(t.getStatus().taskDefinition)).count();
    }

    private static boolean stoppedFailedToStart(Task task) {
        return task.getStatus() != null && "TaskFailedToStart".equals(task.getStatus().stopCode);
    }

    private List<Task> failedToStartInNamespace() {
        return client.resources(Task.class).inNamespace(ns).list().getItems().stream()
                .filter(ChaosScenarios::stoppedFailedToStart).toList();
    }

    private int failedToStart() {
        return (int) serviceTasks().stream().filter(ChaosScenarios::stoppedFailedToStart).count();
    }

    private int liveTasks() {
        return (int) serviceTasks().stream().filter(t -> t.getSpec().desiredStatus == TaskSpec.DesiredStatus.RUNNING
                && (t.getStatus() == null || t.getStatus().lastStatus != LastStatus.STOPPED)).count();
    }

    /** The first three Tasks that failed to start, with the times their start is judged by. */
    private static String describeFailedToStart(List<Task> failed) {
        return failed.stream().limit(3)
                .map(t -> String.format("  %s created %s, pull started %s, stopping %s: %s", t.getMetadata().getName(),
                        t.getStatus().createdAt, t.getStatus().pullStartedAt, t.getStatus().stoppingAt,
                        t.getStatus().stoppedReason))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** One line per Task not RUNNING, with its Pod as the API server has it: what a loss is diagnosed from. */
    private String describeNotRunning() {
        return client.resources(Task.class).inNamespace(ns).list().getItems().stream()
                .filter(t -> t.getStatus() == null || t.getStatus().lastStatus != LastStatus.RUNNING).map(t -> {
                    Pod pod = client.pods().inNamespace(ns).withName(t.getMetadata().getName()).get();
                    return String.format("  %s rv=%s status=%s | pod %s", t.getMetadata().getName(),
                            t.getMetadata().getResourceVersion(),
                            t.getStatus() == null ? "none" : t.getStatus().lastStatus + " " + t.getStatus().conditions,
                            pod == null ? "none"
                                    : "rv=" + pod.getMetadata().getResourceVersion() + " node=" + pod.getSpec().getNodeName()
                                            + " phase=" + pod.getStatus().getPhase() + " deleting="
                                            + pod.getMetadata().getDeletionTimestamp() + " finalizers="
                                            + pod.getMetadata().getFinalizers());
                }).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** One line per Task of the service: what a duplicate or a loss is diagnosed from. */
    private String describeServiceTasks() {
        return serviceTasks().stream().map(t -> String.format("  %s startedBy=%s created=%s %s", t.getMetadata().getName(),
                t.getSpec().startedBy, t.getMetadata().getCreationTimestamp(),
                t.getStatus() == null ? "no status"
                        : t.getStatus().taskDefinition + " " + t.getStatus().lastStatus + " " + t.getStatus().stopCode + " "
                                + t.getStatus().stoppedReason))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    private List<Task> serviceTasks() {
        return client.resources(Task.class).inNamespace(ns).withLabel(Berth.LABEL_SERVICE, "web").list().getItems();
    }

    private boolean isSteady(String taskDefinition, int count) {
        ServiceStatus status = service().getStatus();
        return status != null && taskDefinition.equals(status.taskDefinition) && status.runningCount != null
                && status.runningCount == count && status.deployments != null && status.deployments.size() == 1
                && status.rolloutState == RolloutState.COMPLETED && runningOf(taskDefinition) == count && liveTasks() == count;
    }

    private boolean rolledBack() {
        ServiceStatus status = service().getStatus();
        return status.events != null && status.events.stream().anyMatch(e -> e.message.contains("rolling back to deployment"));
    }

    private String rolloutState() {
        ServiceStatus status = service().getStatus();
        return status == null ? "no status" : status.taskDefinition + " " + status.rolloutState;
    }

    private Service service() {
        return client.resources(Service.class).inNamespace(ns).withName("web").get();
    }

    private static String service(int desired, String breaker) {
        return """
                apiVersion: berth.dev/v1alpha1
                kind: Service
                metadata: {name: web}
                spec:
                  taskDefinition: web
                  desiredCount: %d
                  deploymentConfiguration: {%sminimumHealthyPercent: 100, maximumPercent: 200}
                """.formatted(desired, breaker);
    }

    /** The moment {@code converged} first holds (polled each second), or null when it did not within CONVERGE. */
    static Instant awaitConverged(Supplier<Boolean> converged) {
        Instant deadline = Instant.now().plus(CONVERGE);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (converged.get()) {
                    return Instant.now();
                }
            } catch (RuntimeException e) {
                // the API server may be down during a fault: the wait goes on
            }
            Chaos.sleep(1000);
        }
        return null;
    }

    static double seconds(Instant from, Instant to) {
        return to == null ? Double.NaN : Duration.between(from, to).toMillis() / 1000.0;
    }

    /** Frees the cluster for the next repetition; the namespace's deletion cascades in the background. */
    private void cleanUp() {
        try {
            client.namespaces().withName(ns).delete();
        } catch (RuntimeException e) {
            Chaos.progress("could not delete namespace %s: %s", ns, e.getMessage());
        }
    }

    private static void join(Future<?> future) {
        try {
            future.get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("creating a task failed: " + e.getMessage(), e);
        }
    }
}
