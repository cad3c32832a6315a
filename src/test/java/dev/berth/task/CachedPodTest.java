package dev.berth.task;

import static dev.berth.task.TestingPods.IP;
import static dev.berth.task.TestingPods.creating;
import static dev.berth.task.TestingPods.initializing;
import static dev.berth.task.TestingPods.pod;
import static dev.berth.task.TestingPods.running;
import static dev.berth.task.TestingTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.berth.api.v1alpha1.Task;
import dev.berth.cache.TaskPods;
import dev.berth.status.StatusWriter;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.VolumeBuilder;

/** The Task controller's Pod cache ({@link TaskPods}) keeps part of each Pod: every decision must be the same from it. */
class CachedPodTest {

    static Stream<TestingPods> pods() {
        return Stream.of(pod(), pod().unschedulable("0/3 nodes are available"), initializing(), creating(), running(),
                running().ip(null), running().terminated("web", 3, "Error", 10, 30),
                running().restarted("proxy", 2, 9, 25, 27), running().waiting("metrics", "ErrImagePull", "not found"),
                pod().scheduled(1).ip(IP).terminated("init", 0, "Completed", 5, 8).terminated("proxy", 0, "Completed", 9, 21)
                        .terminated("web", 0, "Completed", 10, 20).terminated("metrics", 0, "Completed", 11, 21)
                        .phase("Succeeded"),
                pod().scheduled(1).terminated("init", 1, "Error", 5, 8).phase("Failed"),
                pod().scheduled(1).failed("OutOfcpu", "Node didn't have enough resource: cpu"),
                running().deleted(15, 30), running().deleted(15, 30).released(),
                running().disruption("EvictionByEvictionAPI", "Eviction API: evicting", 25), running().spot());
    }

    @ParameterizedTest
    @MethodSource("pods")
    void decidesTheSameFromTheCachedPod(TestingPods testing) {
        Pod full = withWhatTheApiServerAdds(testing.build());
        TaskPods store = new TaskPods();
        store.put("team-a/" + full.getMetadata().getName(), withWhatTheApiServerAdds(testing.build()));
        Pod cached = store.get("team-a/" + full.getMetadata().getName());

        for (long now : new long[] { 25, 40, 400 }) {
            TaskDecision fromFull = decide(full, now);
            TaskDecision fromCache = decide(cached, now);
            assertThat(StatusWriter.differ(fromCache.status(), fromFull.status())).isFalse();
            assertThat(fromCache.action()).isEqualTo(fromFull.action());
            assertThat(fromCache.events()).isEqualTo(fromFull.events());
            assertThat(fromCache.recheckAfter()).isEqualTo(fromFull.recheckAfter());
        }
        assertThat(cached.getSpec().getVolumes()).isNullOrEmpty();
        assertThat(cached.getSpec().getTolerations()).isNullOrEmpty();
        assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(cached.getSpec().getContainers()).allSatisfy(c -> assertThat(c.getEnv()).isNullOrEmpty());
    }

    private static TaskDecision decide(Pod pod, long now) {
        Task task = task();
        return TaskLifecycle.decide(TestingTasks.observe(task, pod, null, now));
    }

    /** What the API server and admission add to a Pod: none of it matters to the lifecycle. */
    private static Pod withWhatTheApiServerAdds(Pod pod) {
        pod.getMetadata().setManagedFields(List.of(new ManagedFieldsEntry()));
        pod.getMetadata().setAnnotations(Map.of("kubectl.kubernetes.io/restartedAt", "now"));
        pod.getSpec().setVolumes(List.of(new VolumeBuilder().withName("kube-api-access").withNewProjected().endProjected()
                .build()));
        pod.getSpec()
                .setTolerations(List.of(new Toleration("NoExecute", "node.kubernetes.io/not-ready", "Exists", 300L, null)));
        pod.getSpec().getContainers().forEach(c -> {
            c.setEnv(List.of(new EnvVar("A", "b", null)));
            c.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirements(null, null,
                    Map.of("cpu", new Quantity("250m"))));
        });
        return pod;
    }
}
