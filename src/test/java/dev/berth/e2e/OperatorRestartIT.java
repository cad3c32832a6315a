package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.Pod;

/** The operator is killed (SIGKILL) mid-run and restarted: no duplicate Pod, no lost task, no lost status. */
class OperatorRestartIT extends EndToEnd {

    private static final int TASKS = 12;

    @Test
    void killedMidRunItConvergesWithoutDuplicates() throws InterruptedException {
        apply("deploy/examples/nginx-taskdefinition.yaml");
        List<String> names = IntStream.range(0, TASKS).mapToObj(i -> "run-" + i).toList();
        StringBuilder manifest = new StringBuilder();
        names.forEach(name -> manifest.append("""
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: %s}
                spec: {taskDefinition: my-task}
                ---
                """.formatted(name)));
        applyText(manifest.toString());
        Thread.sleep(300);
        plane.operator.kill();
        Thread.sleep(Duration.ofSeconds(2).toMillis());
        plane.operator.start();

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(names).allSatisfy(n -> assertThat(status(n).lastStatus).isEqualTo("RUNNING")));
        assertOnePodPerTask(names);

        names.stream().limit(TASKS / 2).forEach(n -> client.resources(Task.class).inNamespace(ns).withName(n)
                .edit(t -> {
                    t.getSpec().desiredStatus = dev.berth.api.v1alpha1.TaskSpec.DesiredStatus.STOPPED;
                    return t;
                }));
        Thread.sleep(200);
        plane.operator.kill();
        plane.operator.start();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(names.subList(0, TASKS / 2)).allSatisfy(n -> {
                assertThat(status(n).lastStatus).isEqualTo("STOPPED");
                assertThat(status(n).stopCode).isEqualTo("UserInitiated");
            });
            assertThat(names.subList(TASKS / 2, TASKS)).allSatisfy(n -> assertThat(status(n).lastStatus).isEqualTo("RUNNING"));
        });
        await().atMost(WAIT).untilAsserted(() -> assertOnePodPerTask(names.subList(TASKS / 2, TASKS)));
    }

    private void assertOnePodPerTask(List<String> running) {
        List<Pod> pods = taskPods();
        assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(running);
        assertThat(pods).allSatisfy(p -> {
            Task owner = client.resources(Task.class).inNamespace(ns).withName(p.getMetadata().getName()).get();
            assertThat(p.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getUid()).isEqualTo(owner.getMetadata().getUid()));
            assertThat(p.getMetadata().getLabels()).containsEntry(Berth.LABEL_REVISION, "1");
        });
    }
}
