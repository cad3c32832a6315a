package dev.berth.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * "Nothing happened" as a test can prove it: an assertion checked on every sample of a window watched continuously
 * ({@link Sampler}), while a canary Task, created when the window opens, must be brought to RUNNING by the operator
 * before it closes, and the operator process lives at the end. A slow, stuck or dead operator thus fails the window
 * instead of passing it for doing nothing.
 */
final class Quiet {

    private static final Duration INTERVAL = Duration.ofMillis(250);
    private static final String CANARY_TASK_DEFINITION = """
            apiVersion: berth.dev/v1alpha1
            kind: TaskDefinition
            metadata: {name: canary}
            spec:
              cpu: 256
              memory: 512
              containerDefinitions: [{name: canary, image: busybox:1.36}]
            ---
            apiVersion: berth.dev/v1alpha1
            kind: Task
            metadata: {name: %s}
            spec: {taskDefinition: canary}
            """;

    private record Observation<T>(T value, LastStatus canary) {
    }

    private Quiet() {
    }

    /**
     * Asserts {@code invariant} on every sample of {@code sample} for {@code window}.
     *
     * @param canaryNamespace where the canary Task goes: one {@code operator} reconciles, and one whose other objects
     *        the test does not count
     */
    static <T> void holdsFor(Duration window, String what, Supplier<T> sample, Consumer<T> invariant,
            KubernetesClient client, String canaryNamespace, OperatorProcess operator) {
        String canary = "canary-" + UUID.randomUUID().toString().substring(0, 6);
        Shell.kubectlOk("apply", "-n", canaryNamespace, "-f", EndToEnd.manifestFile(CANARY_TASK_DEFINITION.formatted(canary)));
        Instant opened = Instant.now();
        List<Sampler.Sample<Observation<T>>> samples;
        try (Sampler<Observation<T>> sampler = Sampler.every(INTERVAL, what,
                () -> new Observation<>(sample.get(), lastStatus(client, canaryNamespace, canary)))) {
            sleep(window);
            samples = sampler.stop();
        }
        for (Sampler.Sample<Observation<T>> s : samples) {
            try {
                invariant.accept(s.value().value());
            } catch (AssertionError e) {
                throw new AssertionError(what + " did not hold " + Duration.between(opened, s.at()).toMillis()
                        + " ms into the " + window.toSeconds() + " s window: " + e.getMessage(), e);
            }
        }
        if (samples.stream().noneMatch(s -> s.value().canary() == LastStatus.RUNNING)) {
            throw new AssertionError("the operator did not bring the canary task " + canaryNamespace + "/" + canary
                    + " to RUNNING within the " + window.toSeconds() + " s window (last seen: "
                    + samples.get(samples.size() - 1).value().canary() + "): the window proves nothing about " + what);
        }
        if (!operator.isRunning()) {
            throw new AssertionError("the operator died during the window: it proves nothing about " + what);
        }
    }

    private static LastStatus lastStatus(KubernetesClient client, String namespace, String name) {
        Task task = client.resources(Task.class).inNamespace(namespace).withName(name).get();
        return task == null || task.getStatus() == null ? null : task.getStatus().lastStatus;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
