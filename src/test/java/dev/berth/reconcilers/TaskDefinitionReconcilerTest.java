package dev.berth.reconcilers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.TaskDefinition;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** The TaskDefinition reconciler against the fabric8 mock API server (CRUD mode). */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class TaskDefinitionReconcilerTest {

    /** Generous: a loaded 2-core machine (parallel builds) has taken over 20 s for a mock-server round of reconciles. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KubernetesClient client;

    @Test
    void registersRevisionsAndDeregisters() {
        String ns = Namespaces.create(client);
        client.resource(taskDefinition(ns, "web", "nginx:1")).create();

        await().atMost(WAIT).untilAsserted(() -> {
            TaskDefinitionRevision one = client.resources(TaskDefinitionRevision.class).inNamespace(ns).withName("web-1").get();
            assertThat(one).isNotNull();
            assertThat(one.getStatus()).isNotNull();
            assertThat(one.getStatus().status).isEqualTo("ACTIVE");
            TaskDefinition td = client.resources(TaskDefinition.class).inNamespace(ns).withName("web").get();
            assertThat(td.getStatus().latestRevision).isEqualTo(1);
            assertThat(td.getStatus().cpu).isEqualTo("256");
        });

        client.resources(TaskDefinition.class).inNamespace(ns).withName("web")
                .edit(td -> {
                    td.getSpec().containerDefinitions.get(0).image = "nginx:2";
                    return td;
                });
        await().atMost(WAIT).untilAsserted(() -> {
            TaskDefinitionRevision two = client.resources(TaskDefinitionRevision.class).inNamespace(ns).withName("web-2").get();
            assertThat(two).isNotNull();
            assertThat(two.getSpec().taskDefinition.containerDefinitions.get(0).image).isEqualTo("nginx:2");
            assertThat(client.resources(TaskDefinition.class).inNamespace(ns).withName("web").get().getStatus().latestRevision)
                    .isEqualTo(2);
        });

        client.resources(TaskDefinition.class).inNamespace(ns).withName("web")
                .edit(td -> {
                    td.getSpec().deregisteredRevisions = List.of(1);
                    return td;
                });
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(
                    client.resources(TaskDefinitionRevision.class).inNamespace(ns).withName("web-1").get().getStatus().status)
                    .isEqualTo("INACTIVE");
            assertThat(client.resources(TaskDefinition.class).inNamespace(ns).withName("web").get().getStatus().activeRevisions)
                    .containsExactly(2);
            assertThat(client.resources(TaskDefinitionRevision.class).inNamespace(ns).list().getItems()).hasSize(2);
        });
        assertThat(client.v1().events().inNamespace(ns).list().getItems()).extracting(Event::getReason)
                .contains("RevisionRegistered", "RevisionDeregistered");
    }

    @Test
    void reportsUnsupportedFieldsInAConditionAndAWarningEvent() {
        String ns = Namespaces.create(client);
        TaskDefinition td = taskDefinition(ns, "logs", "nginx:1");
        td.getSpec().containerDefinitions.get(0).putUnmodeledField("logConfiguration",
                java.util.Map.of("logDriver", "awslogs"));
        client.resource(td).create();

        await().atMost(WAIT).untilAsserted(() -> {
            TaskDefinition current = client.resources(TaskDefinition.class).inNamespace(ns).withName("logs").get();
            assertThat(current.getStatus()).as("status written").isNotNull();
            assertThat(current.getStatus().unsupportedFields).singleElement().asString()
                    .startsWith("containerDefinitions[0].logConfiguration:");
            assertThat(current.getStatus().conditions).anyMatch(c -> c.getType().equals("UnsupportedFields"));
            assertThat(client.v1().events().inNamespace(ns).list().getItems())
                    .anyMatch(e -> e.getReason().equals("UnsupportedFields") && e.getType().equals("Warning"));
        });
    }

    static TaskDefinition taskDefinition(String ns, String name, String image) {
        return Serialization.unmarshal("""
                {"apiVersion": "berth.dev/v1alpha1", "kind": "TaskDefinition",
                 "metadata": {"name": "%s", "namespace": "%s"},
                 "spec": {"containerDefinitions": [{"name": "app", "image": "%s", "cpu": 256, "memory": 512}]}}
                """.formatted(name, ns, image), TaskDefinition.class);
    }
}
