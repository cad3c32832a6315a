package dev.berth.reconcilers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.ScheduledTask;
import dev.berth.api.v1alpha1.ScheduledTaskSpec;
import dev.berth.api.v1alpha1.ScheduledTaskStatus;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** The ScheduledTask reconciler against the fabric8 mock API server (CRUD mode): the run recorded, its Tasks created. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ScheduledTaskReconcilerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    KubernetesClient client;

    @Test
    void aDueFireTimeIsRecordedAndItsTasksCreatedOnce() {
        String ns = Namespaces.create(client);
        ScheduledTask schedule = schedule(ns, "hourly", "rate(1 hour)");
        schedule.getSpec().target.taskCount = 2;
        schedule.getSpec().target.tags = List.of(new dev.berth.api.v1alpha1.Tag("team", "data"));
        client.resource(schedule).create();

        ScheduledTaskStatus status = await().atMost(WAIT).until(() -> status(ns, "hourly"), s -> !s.runs.isEmpty());
        List<String> names = status.runs.get(0).tasks.stream().map(t -> t.name).toList();
        assertThat(names).hasSize(2).allMatch(n -> n.matches("hourly-[0-9]{12}-[01]"));
        assertThat(status.nextRunTime).isNotNull();
        assertThat(status.lastScheduledTime).isEqualTo(status.runs.get(0).fireTime);

        List<Task> tasks = await().atMost(WAIT).until(
                () -> client.resources(Task.class).inNamespace(ns).withLabel(Berth.LABEL_SCHEDULED_TASK, "hourly").list()
                        .getItems(),
                l -> l.size() == 2);
        assertThat(tasks).extracting(t -> t.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.getSpec().taskDefinition).isEqualTo("backup");
            assertThat(t.getSpec().startedBy).isEqualTo("events-rule/hourly");
            assertThat(t.getSpec().group).isEqualTo("family:backup");
            assertThat(t.getSpec().tags).extracting(tag -> tag.key).containsExactly("team");
            assertThat(t.getMetadata().getAnnotations()).containsEntry(Berth.ANNOTATION_FIRE_TIME,
                    status.runs.get(0).fireTime);
            assertThat(t.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
                assertThat(o.getKind()).isEqualTo("ScheduledTask");
                assertThat(o.getController()).isTrue();
            });
        });
    }

    @Test
    void aDisabledScheduleStartsNothing() {
        String ns = Namespaces.create(client);
        ScheduledTask schedule = schedule(ns, "paused", "rate(1 minute)");
        schedule.getSpec().state = ScheduledTaskSpec.State.DISABLED;
        client.resource(schedule).create();

        ScheduledTaskStatus status = await().atMost(WAIT).until(() -> status(ns, "paused"), s -> !s.conditions.isEmpty());
        assertThat(status.runs).isEmpty();
        assertThat(status.nextRunTime).isNull();
        assertThat(client.resources(Task.class).inNamespace(ns).list().getItems()).isEmpty();
    }

    static ScheduledTask schedule(String ns, String name, String expression) {
        ScheduledTask schedule = new ScheduledTask();
        schedule.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        ScheduledTaskSpec spec = new ScheduledTaskSpec();
        spec.scheduleExpression = expression;
        spec.target = new ScheduledTaskSpec.Target();
        spec.target.taskDefinition = "backup";
        schedule.setSpec(spec);
        return schedule;
    }

    private ScheduledTaskStatus status(String ns, String name) {
        ScheduledTask schedule = client.resources(ScheduledTask.class).inNamespace(ns).withName(name).get();
        return schedule == null || schedule.getStatus() == null ? new ScheduledTaskStatus() : schedule.getStatus();
    }
}
