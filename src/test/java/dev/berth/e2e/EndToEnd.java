package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Base of the end-to-end tests: the shared control plane, a namespace per test, and waiting in ECS terms. */
abstract class EndToEnd {

    static final Duration WAIT = Duration.ofSeconds(90);

    LocalControlPlane plane;
    KubernetesClient client;
    String ns;

    @BeforeEach
    void namespace() {
        plane = LocalControlPlane.get();
        client = plane.client;
        ns = plane.namespace(getClass().getSimpleName().replace("IT", "").toLowerCase());
    }

    String apply(String file) {
        return Shell.kubectlOk("apply", "-n", ns, "-f", file);
    }

    /** kubectl apply of a manifest written in the test. */
    String applyText(String manifest) {
        return Shell.kubectlOk("apply", "-n", ns, "-f", manifestFile(manifest));
    }

    static String manifestFile(String manifest) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("berth-e2e-", ".yaml");
            java.nio.file.Files.writeString(file, manifest);
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    TaskStatus status(String task) {
        Task t = client.resources(Task.class).inNamespace(ns).withName(task).get();
        return t == null || t.getStatus() == null ? new TaskStatus() : t.getStatus();
    }

    TaskStatus awaitTask(String task, Predicate<TaskStatus> condition) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> status(task), condition);
    }

    TaskStatus awaitLastStatus(String task, LastStatus lastStatus) {
        return awaitTask(task, s -> s.lastStatus == lastStatus);
    }

    /**
     * Asserts {@code invariant} over a window sampled continuously, while a canary task in a namespace of its own proves
     * the operator alive and reconciling (see {@link Quiet}).
     */
    <T> void holdsFor(Duration window, String what, Supplier<T> sample, Consumer<T> invariant) {
        Quiet.holdsFor(window, what, sample, invariant, client, plane.namespace("canary"), plane.operator);
    }

    /**
     * SIGKILLs the operator, asserts with {@code interrupted} that the kill landed in the state it meant to interrupt
     * (checked on what the dead operator left: only it writes Berth's status), then starts a new operator process.
     */
    void killAndRestart(Runnable interrupted) {
        long killed = plane.operator.kill();
        interrupted.run();
        plane.operator.start();
        assertThat(plane.operator.pid()).as("a new operator process").isNotEqualTo(killed);
    }

    List<Pod> taskPods() {
        return client.pods().inNamespace(ns).withLabel(Berth.LABEL_TASK).list().getItems();
    }
}
