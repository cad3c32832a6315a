package dev.berth.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

class CreatedTasksTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aCreatedTaskCountsUntilTheInformerListsItOrItIsTooOld() {
        CreatedTasks created = new CreatedTasks();
        created.add(task("a", "job-0-1"), T0);
        created.add(task("a", "job-1-1"), T0);
        created.add(task("b", "job-0-1"), T0);

        assertThat(created.unseen("a", Set.of(), T0)).extracting(t -> t.getMetadata().getName())
                .containsExactlyInAnyOrder("job-0-1", "job-1-1");
        assertThat(created.unseen("a", Set.of("job-0-1"), T0)).extracting(t -> t.getMetadata().getName())
                .containsExactly("job-1-1");
        assertThat(created.unseen("a", Set.of(), T0)).as("listed once, forgotten").extracting(t -> t.getMetadata().getName())
                .containsExactly("job-1-1");
        assertThat(created.unseen("a", Set.of(), T0.plusSeconds(121))).as("never listed: forgotten after 2 minutes").isEmpty();
        assertThat(created.unseen("b", Set.of(), T0)).as("other namespaces untouched").hasSize(1);
    }

    private static Task task(String namespace, String name) {
        Task task = new Task();
        task.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        return task;
    }
}
