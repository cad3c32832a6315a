package dev.berth.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

class TaskPodsTest {

    @Test
    void keepsThePinnedRevisionInEcsNamesAndDropsOtherAnnotations() {
        // a Task whose first status write was superseded reads its pin from its Pod: the family label is the
        // Kubernetes name (web-app-task-a174d1a8), only the annotation keeps the ECS one (found by RealWorldTaskDefinitionsIT)
        Pod pod = new PodBuilder().withNewMetadata().withName("web-app").withNamespace("ns")
                .withAnnotations(Map.of(Berth.ANNOTATION_TASK_DEFINITION, "web_app_task:1", "team", "a"))
                .addToLabels(Berth.LABEL_FAMILY, "web-app-task-a174d1a8").endMetadata().build();

        assertThat(TaskPods.lean(pod).getMetadata().getAnnotations())
                .containsExactly(Map.entry(Berth.ANNOTATION_TASK_DEFINITION, "web_app_task:1"));
        assertThat(TaskPods.lean(new PodBuilder().withNewMetadata().withName("old").endMetadata().build()).getMetadata()
                .getAnnotations()).isNullOrEmpty();
    }
}
