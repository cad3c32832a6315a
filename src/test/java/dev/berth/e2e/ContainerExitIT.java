package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.TaskStatus;

/** Essential and non-essential container exits, driven through dockerLabels (docs/simulation.md). */
class ContainerExitIT extends EndToEnd {

    @Test
    void anEssentialExitStopsTheTaskWithItsExitCode() {
        apply("deploy/examples/simulated-exit.yaml");

        TaskStatus stopped = awaitLastStatus("exits-3-run", LastStatus.STOPPED);

        assertThat(stopped.stopCode).isEqualTo("EssentialContainerExited");
        assertThat(stopped.stoppedReason).isEqualTo("Essential container in task exited");
        assertThat(stopped.exitCode).isEqualTo(3);
        assertThat(stopped.containers).singleElement().satisfies(c -> {
            assertThat(c.lastStatus).isEqualTo("STOPPED");
            assertThat(c.exitCode).isEqualTo(3);
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(taskPods())
                .as("the ended Pod is kept (kubectl logs), without Berth's finalizer").singleElement().satisfies(pod -> {
                    assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
                    assertThat(pod.getMetadata().getFinalizers()).doesNotContain(Berth.POD_FINALIZER);
                }));
    }

    @Test
    void aNonEssentialExitIsRecordedAndTheTaskKeepsRunning() {
        String manifest = """
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: with-helper}
                spec:
                  cpu: 256
                  memory: 512
                  containerDefinitions:
                    - name: app
                      image: nginx:alpine
                    - name: helper
                      image: busybox:1.36
                      essential: false
                      dockerLabels:
                        sim.berth.dev/exit-container: helper
                        sim.berth.dev/exit-code: "1"
                        sim.berth.dev/exit-after: "1s"
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: helper-exits}
                spec: {taskDefinition: with-helper}
                """;
        applyText(manifest);

        TaskStatus recorded = awaitTask("helper-exits",
                s -> s.containers != null
                        && s.containers.stream().anyMatch(c -> "helper".equals(c.name) && "STOPPED".equals(c.lastStatus)));
        assertThat(recorded.containers).filteredOn(c -> c.name.equals("helper")).singleElement()
                .satisfies(c -> assertThat(c.exitCode).isEqualTo(1));

        holdsFor(Duration.ofSeconds(8), "the task of the exited non-essential container", () -> status("helper-exits"),
                later -> {
                    assertThat(later.lastStatus).isEqualTo(LastStatus.RUNNING);
                    assertThat(later.stopCode).isNull();
                    assertThat(later.containers).filteredOn(c -> c.name.equals("app")).singleElement()
                            .satisfies(c -> assertThat(c.lastStatus).isEqualTo("RUNNING"));
                });
    }
}
