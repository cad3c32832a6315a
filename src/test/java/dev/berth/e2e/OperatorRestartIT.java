package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The operator is killed (SIGKILL) while tasks start and again while they stop, and restarted: no duplicate Pod, no
 * lost task, no lost status. The simulation holds each Pod Pending 6 s and each stop 4 s, so the kills land mid-way;
 * each kill asserts it did, on the state the dead operator left behind.
 */
class OperatorRestartIT extends EndToEnd {

    private static final int TASKS = 12;
    private static final Set<String> STARTING = Set.of("PROVISIONING", "PENDING", "ACTIVATING");
    private static final Set<String> STOPPING = Set.of("DEACTIVATING", "STOPPING", "DEPROVISIONING");

    @Test
    void killedMidRunItConvergesWithoutDuplicates() {
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: slow}
                spec:
                  cpu: 256
                  memory: 512
                  containerDefinitions:
                    - name: app
                      image: nginx:alpine
                      dockerLabels: {sim.berth.dev/start-after: 6s, sim.berth.dev/stop-after: 4s}
                """);
        List<String> names = IntStream.range(0, TASKS).mapToObj(i -> "run-" + i).toList();
        StringBuilder manifest = new StringBuilder();
        names.forEach(name -> manifest.append("""
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: %s}
                spec: {taskDefinition: slow}
                ---
                """.formatted(name)));
        applyText(manifest.toString());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> names.stream().anyMatch(n -> isIn(STARTING, n)));

        killAndRestart(() -> assertThat(names).as("killed while the tasks start")
                .noneMatch(n -> LastStatus.RUNNING.equals(status(n).lastStatus))
                .anyMatch(n -> isIn(STARTING, n)));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(names)
                        .allSatisfy(n -> assertThat(status(n).lastStatus).isEqualTo(LastStatus.RUNNING)));
        assertOnePodPerTask(names);

        List<String> stopped = names.subList(0, TASKS / 2);
        stopped.forEach(n -> client.resources(Task.class).inNamespace(ns).withName(n).edit(t -> {
            t.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;
            return t;
        }));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> stopped.stream().anyMatch(n -> isIn(STOPPING, n)));

        killAndRestart(() -> assertThat(stopped).as("killed while the tasks stop")
                .noneMatch(n -> LastStatus.STOPPED.equals(status(n).lastStatus))
                .anyMatch(n -> isIn(STOPPING, n)));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(stopped).allSatisfy(n -> {
                assertThat(status(n).lastStatus).isEqualTo(LastStatus.STOPPED);
                assertThat(status(n).stopCode).isEqualTo("UserInitiated");
            });
            assertThat(names.subList(TASKS / 2, TASKS))
                    .allSatisfy(n -> assertThat(status(n).lastStatus).isEqualTo(LastStatus.RUNNING));
        });
        await().atMost(WAIT).untilAsserted(() -> assertOnePodPerTask(names.subList(TASKS / 2, TASKS)));
    }

    /** Set.of(...).contains(null) throws: a task the operator has not seen yet has no lastStatus. */
    private boolean isIn(Set<String> states, String task) {
        LastStatus lastStatus = status(task).lastStatus;
        return lastStatus != null && states.contains(lastStatus.name());
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
