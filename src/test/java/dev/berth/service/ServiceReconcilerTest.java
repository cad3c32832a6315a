package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceDeployment.DeploymentStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.cache.TaskCache;
import dev.berth.reconcilers.Namespaces;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** The Service reconciler against the fabric8 mock API server (CRUD mode): tasks launched, load balancer Service kept. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ServiceReconcilerTest {

    /** Generous: a loaded 2-core machine (parallel builds) has taken over 20 s for a mock-server round of reconciles. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KubernetesClient client;

    @Inject
    TaskCache taskCache;

    @Test
    void launchesDesiredCountTasksOfThePrimaryDeploymentBehindAKubernetesService() {
        String ns = Namespaces.create(client);
        client.resource(webWithPort80(ns)).create();
        client.resource(service(ns, "web", 2, "[{\"containerName\": \"app\", \"containerPort\": 80}]")).create();

        await().atMost(WAIT).untilAsserted(() -> {
            List<Task> tasks = client.resources(Task.class).inNamespace(ns).withLabel(Berth.LABEL_SERVICE, "web").list()
                    .getItems();
            assertThat(tasks).hasSize(2).allSatisfy(t -> {
                assertThat(t.getSpec().startedBy).isEqualTo("ecs-svc/1");
                assertThat(t.getSpec().group).isEqualTo("service:web");
                assertThat(t.getSpec().taskDefinition).isEqualTo("web:1");
                assertThat(t.getMetadata().getOwnerReferences()).singleElement()
                        .satisfies(o -> assertThat(o.getKind()).isEqualTo("Service"));
            });
            Service web = client.resources(Service.class).inNamespace(ns).withName("web").get();
            assertThat(web.getStatus().deployments).singleElement().satisfies(d -> {
                assertThat(d.id).isEqualTo("ecs-svc/1");
                assertThat(d.status).isEqualTo(DeploymentStatus.PRIMARY);
            });
            assertThat(web.getStatus().events).extracting(e -> e.message)
                    .anyMatch(m -> m.startsWith("(service web) has started 2 tasks: "));
        });
        io.fabric8.kubernetes.api.model.Service lb = client.services().inNamespace(ns).withName("web").get();
        assertThat(lb.getSpec().getSelector()).containsEntry(Berth.LABEL_GROUP, "service.web");
        assertThat(lb.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(80));
        assertThat(lb.getSpec().getType()).isEqualTo("ClusterIP");
    }

    @Test
    void neverOverwritesAKubernetesServiceItDoesNotOwn() {
        String ns = Namespaces.create(client);
        client.resource(new ServiceBuilder().withNewMetadata().withName("api").withNamespace(ns).endMetadata()
                .withNewSpec().addNewPort().withPort(9999).endPort().endSpec().build()).create();
        client.resource(webWithPort80(ns)).create();
        client.resource(service(ns, "api", 1, "[{\"containerName\": \"app\", \"containerPort\": 80}]")).create();

        await().atMost(WAIT).untilAsserted(() -> {
            Service api = client.resources(Service.class).inNamespace(ns).withName("api").get();
            assertThat(api.getStatus()).isNotNull();
            assertThat(api.getStatus().conditions).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Degraded");
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getMessage()).contains("a Kubernetes Service named api exists and is not managed by this service");
            });
        });
        assertThat(client.services().inNamespace(ns).withName("api").get().getSpec().getPorts().get(0).getPort())
                .isEqualTo(9999);
    }

    /**
     * A launch repeated before the cache shows the Task the first one created (a create committed after the client gave
     * up, seen by the next reconcile before the watch delivers it) computes the same name: AlreadyExists, and the
     * existing Task counts as launched, no second Task.
     */
    @Test
    void aRepeatedLaunchOfTheSameNameIsAnAlreadyExistsAndCountsAsLaunched() {
        String ns = Namespaces.create(client);
        client.resource(webWithPort80(ns)).create();
        Service web = client.resource(service(ns, "web", 0, "[]")).create();
        Task first = client.resource(task(ns, "web-1-0", web)).create();
        TaskLaunch again = new TaskLaunch("ecs-svc/1", "web:1", "FARGATE").named("web-1-0");

        SlowStart.Outcome<String> outcome = new ServiceActions(client, taskCache).launch(web, List.of(again));

        assertThat(outcome.failure()).isEmpty();
        assertThat(outcome.done()).containsExactly("web-1-0");
        assertThat(client.resources(Task.class).inNamespace(ns).list().getItems()).singleElement()
                .satisfies(t -> assertThat(t.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid()));
    }

    /** A Task of the launch's name that is not the service's: that launch takes a generated name after its own. */
    @Test
    void aForeignTaskOfTheLaunchNameLeavesTheLaunchAGeneratedName() {
        String ns = Namespaces.create(client);
        client.resource(webWithPort80(ns)).create();
        client.resource(task(ns, "web-1-0", null)).create();
        client.resource(service(ns, "web", 2, "[]")).create();

        await().atMost(WAIT).untilAsserted(() -> assertThat(client.resources(Task.class).inNamespace(ns)
                .withLabel(Berth.LABEL_SERVICE, "web").list().getItems()).extracting(t -> t.getMetadata().getName())
                .hasSize(2).contains("web-1-1").anyMatch(n -> n.startsWith("web-1-0-")));
    }

    /** A Task of {@code web:1}, without the service label; owned by {@code owner} when not null. */
    private static Task task(String ns, String name, Service owner) {
        Task task = Serialization.unmarshal("""
                {"apiVersion": "berth.dev/v1alpha1", "kind": "Task", "metadata": {"name": "%s", "namespace": "%s"},
                 "spec": {"taskDefinition": "web:1", "startedBy": "ecs-svc/1"}}
                """.formatted(name, ns), Task.class);
        if (owner != null) {
            task.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                    .withApiVersion(Berth.API_VERSION).withKind("Service").withName(owner.getMetadata().getName())
                    .withUid(owner.getMetadata().getUid()).withController(true).build()));
        }
        return task;
    }

    static dev.berth.api.v1alpha1.TaskDefinition webWithPort80(String ns) {
        return Serialization.unmarshal("""
                {"apiVersion": "berth.dev/v1alpha1", "kind": "TaskDefinition", "metadata": {"name": "web", "namespace": "%s"},
                 "spec": {"containerDefinitions": [{"name": "app", "image": "nginx:1", "cpu": 256, "memory": 512,
                   "portMappings": [{"containerPort": 80}]}]}}
                """.formatted(ns), dev.berth.api.v1alpha1.TaskDefinition.class);
    }

    static Service service(String ns, String name, int desired, String loadBalancers) {
        return Serialization.unmarshal("""
                {"apiVersion": "berth.dev/v1alpha1", "kind": "Service", "metadata": {"name": "%s", "namespace": "%s"},
                 "spec": {"taskDefinition": "web", "desiredCount": %d, "loadBalancers": %s}}
                """.formatted(name, ns, desired, loadBalancers), Service.class);
    }
}
