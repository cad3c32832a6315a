package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;

/**
 * Service discovery on the real control plane (docs/networking.md): a Service Connect client alias is a Kubernetes
 * Service whose EndpointSlices (filled by kube-controller-manager) name the service's ready tasks, the registry's
 * headless Service gives one endpoint per task, and an alias Kubernetes DNS cannot answer is reported. kwok has no data
 * plane and no DNS server: what is checked is what cluster DNS would serve from, the Services and EndpointSlices.
 */
class ServiceDiscoveryIT extends EndToEnd {

    @Test
    void clientAliasesAndRegistriesResolveToTheHealthyTasks() {
        applyText(
                """
                        apiVersion: berth.dev/v1alpha1
                        kind: TaskDefinition
                        metadata: {name: api}
                        spec:
                          cpu: 256
                          memory: 512
                          containerDefinitions:
                            - {name: app, image: busybox, portMappings: [{name: http, containerPort: 8080}]}
                        ---
                        apiVersion: berth.dev/v1alpha1
                        kind: Service
                        metadata: {name: api}
                        spec:
                          taskDefinition: api
                          desiredCount: 2
                          serviceRegistries: [{registryArn: "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1", containerName: app, containerPort: 8080}]
                          serviceConnectConfiguration:
                            enabled: true
                            namespace: %s
                            services:
                              - portName: http
                                clientAliases: [{port: 80, dnsName: backend}]
                              - portName: http
                                discoveryName: api-internal
                                clientAliases: [{port: 8080}]
                              - portName: http
                                clientAliases: [{port: 80, dnsName: api.elsewhere}]
                        """
                        .formatted(ns));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(endpointTasks("backend")).hasSize(2).containsExactlyInAnyOrderElementsOf(runningTasks());
            assertThat(endpointTasks("api-internal")).containsExactlyInAnyOrderElementsOf(runningTasks());
            assertThat(endpointTasks("api-tasks")).containsExactlyInAnyOrderElementsOf(runningTasks());
        });
        var backend = client.services().inNamespace(ns).withName("backend").get();
        assertThat(backend.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(80);
            assertThat(p.getTargetPort().getIntVal()).isEqualTo(8080);
        });
        assertThat(client.services().inNamespace(ns).withName("api-tasks").get().getSpec().getClusterIP()).isEqualTo("None");
        ServiceStatus.DiscoveryStatus discovery = status().discovery;
        assertThat(discovery.registryDnsName).isEqualTo("api-tasks." + ns + ".svc");
        assertThat(discovery.clientAliases).extracting(a -> a.dnsName + " " + a.serviceName).containsExactly("backend backend",
                "api-internal." + ns + " api-internal", "api.elsewhere null");
        assertThat(discovery.clientAliases.get(2).notHonoured).contains("namespace elsewhere");
        assertThat(status().conditions).noneSatisfy(c -> assertThat(c.getMessage()).contains("serviceConnectConfiguration"));

        // tasks come and go: the endpoints follow
        client.resources(Service.class).inNamespace(ns).withName("api").edit(s -> {
            s.getSpec().desiredCount = 3;
            return s;
        });
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(runningTasks()).hasSize(3);
            assertThat(endpointTasks("backend")).containsExactlyInAnyOrderElementsOf(runningTasks());
        });

        // an alias removed: its Service goes
        client.resources(Service.class).inNamespace(ns).withName("api").edit(s -> {
            s.getSpec().serviceConnectConfiguration.services = s.getSpec().serviceConnectConfiguration.services.subList(0, 1);
            return s;
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.services().inNamespace(ns).withName("api-internal").get())
                .isNull());
    }

    private ServiceStatus status() {
        Service service = client.resources(Service.class).inNamespace(ns).withName("api").get();
        return service.getStatus() == null ? new ServiceStatus() : service.getStatus();
    }

    private List<String> runningTasks() {
        return client.resources(Task.class).inNamespace(ns).withLabel("berth.dev/service", "api").list().getItems().stream()
                .filter(t -> t.getStatus() != null && t.getStatus().lastStatus == LastStatus.RUNNING)
                .map(t -> t.getMetadata().getName()).sorted().toList();
    }

    /** The ready endpoints of a Kubernetes Service, by the Task (Pod) they point at, as cluster DNS would serve them. */
    private List<String> endpointTasks(String service) {
        return client.discovery().v1().endpointSlices().inNamespace(ns).withLabel("kubernetes.io/service-name", service).list()
                .getItems().stream()
                .flatMap(s -> s.getEndpoints() == null ? java.util.stream.Stream.<Endpoint> empty() : s.getEndpoints().stream())
                .filter(e -> e.getConditions() != null && Boolean.TRUE.equals(e.getConditions().getReady()))
                .map(Endpoint::getTargetRef).filter(Objects::nonNull).map(r -> r.getName()).sorted().toList();
    }
}
