package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

class DiscoveryServicesTest {

    private static final EcsTaskDefinition DEF = Serialization.unmarshal("""
            {"family": "api", "containerDefinitions": [{"name": "app", "image": "x",
              "portMappings": [{"name": "http", "containerPort": 8080}, {"name": "admin_port", "containerPort": 9000}]}]}
            """, EcsTaskDefinition.class);

    @Test
    void aPortMappingsAppProtocolBecomesTheServicePortsAsKubernetesSpellsIt() {
        assertThat(DiscoveryServices.port("api-80", 80, 8080, "http").getAppProtocol()).isEqualTo("http");
        assertThat(DiscoveryServices.port("api-80", 80, 8080, "grpc").getAppProtocol()).isEqualTo("grpc");
        assertThat(DiscoveryServices.port("api-80", 80, 8080, "http2").getAppProtocol()).isEqualTo("kubernetes.io/h2c");
        assertThat(DiscoveryServices.port("api-80", 80, 8080, null).getAppProtocol()).isNull();
    }

    @Test
    void aliasFormsKubernetesDnsCanAnswer() {
        assertThat(ClientAliases.serviceName("api", "shop").serviceName()).hasValue("api");
        assertThat(ClientAliases.serviceName("api.shop", "shop").serviceName()).hasValue("api");
        assertThat(ClientAliases.serviceName("api.shop.svc", "shop").serviceName()).hasValue("api");
        assertThat(ClientAliases.serviceName("api.shop.svc.cluster.local", "shop").serviceName()).hasValue("api");
        assertThat(ClientAliases.serviceName("api.internal", "shop").notHonoured())
                .contains("Service api of namespace internal, but this service runs in namespace shop");
        assertThat(ClientAliases.serviceName("api.corp.example.com", "shop").notHonoured()).startsWith("only <name>");
        assertThat(ClientAliases.serviceName("my_api", "shop").notHonoured()).contains("is not a Kubernetes Service name");
        assertThat(ClientAliases.serviceName("1api", "shop").serviceName()).isEmpty();
    }

    @Test
    void serviceConnectAliasesBecomeServicesAndTheOthersAreReported() {
        Service service = service(
                """
                        {"taskDefinition": "api", "serviceConnectConfiguration": {"enabled": true, "namespace": "internal",
                          "services": [
                            {"portName": "http", "clientAliases": [{"port": 80, "dnsName": "api"}, {"port": 8080, "dnsName": "api.shop"}]},
                            {"portName": "http", "discoveryName": "web", "clientAliases": [{"port": 80}]},
                            {"portName": "nope", "clientAliases": [{"port": 81, "dnsName": "other"}]}]}}
                        """);

        DiscoveryServices.Rendered rendered = DiscoveryServices.render(service, DEF, Map.of());

        assertThat(rendered.services()).containsOnlyKeys("api");
        var api = rendered.services().get("api");
        assertThat(api.getSpec().getPorts())
                .extracting(p -> p.getPort() + "->" + p.getTargetPort().getIntVal() + " " + p.getName())
                .containsExactly("80->8080 http-80", "8080->8080 http-8080");
        assertThat(api.getSpec().getSelector()).containsEntry("berth.dev/group", "service.api");
        assertThat(api.getSpec().getClusterIP()).isNull();
        assertThat(api.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-api");
        assertThat(rendered.status().registryServiceName).isNull();
        assertThat(rendered.status().clientAliases).extracting(a -> a.dnsName + ":" + a.port + " " + a.serviceName)
                .containsExactly("api:80 api", "api.shop:8080 api", "web.internal:80 null", "other:81 null");
        assertThat(rendered.status().clientAliases.get(2).notHonoured).contains("namespace internal");
        assertThat(rendered.status().clientAliases.get(3).notHonoured)
                .isEqualTo("portName nope names no portMappings entry of the task definition");
        assertThat(DiscoveryServices.names(service)).containsExactly("api", "other");
    }

    @Test
    void aRegistryGetsAHeadlessServiceForPerTaskRecords() {
        Service service = service(
                """
                        {"taskDefinition": "api", "serviceRegistries": [{"registryArn": "arn:aws:servicediscovery:us-east-1:1:service/srv-1",
                          "containerName": "app", "containerPort": 8080}]}
                        """);

        DiscoveryServices.Rendered rendered = DiscoveryServices.render(service, DEF, Map.of());

        var headless = rendered.services().get("api-tasks");
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("app-8080");
            assertThat(p.getPort()).isEqualTo(8080);
        });
        assertThat(rendered.status().registryDnsName).isEqualTo("api-tasks.shop.svc");
    }

    @Test
    void aServiceOfTheAliasNameOwnedBySomeoneElseIsLeftAloneAndReported() {
        Service service = service("""
                {"taskDefinition": "api", "serviceConnectConfiguration": {"enabled": true,
                  "services": [{"portName": "http", "clientAliases": [{"port": 80, "dnsName": "db"}]}]}}
                """);
        var theirs = new ServiceBuilder().withNewMetadata().withName("db").withNamespace("shop").endMetadata().build();

        DiscoveryServices.Rendered rendered = DiscoveryServices.render(service, DEF, Map.of("db", theirs));

        assertThat(rendered.services()).isEmpty();
        assertThat(rendered.status().clientAliases.get(0).notHonoured).contains("is not managed by this service");
    }

    @Test
    void theDiscoveryPlanCreatesDeletesAndWarnsOnce() {
        Service service = service(
                """
                        {"taskDefinition": "api", "serviceConnectConfiguration": {"enabled": true,
                          "services": [{"portName": "http", "clientAliases": [{"port": 80, "dnsName": "api"}, {"port": 81, "dnsName": "a.b.c"}]}]}}
                        """);
        var stale = new ServiceBuilder(DiscoveryServices.render(service, DEF, Map.of()).services().get("api")).editMetadata()
                .withName("old-alias").endMetadata().build();
        ServiceStatus status = new ServiceStatus();
        status.taskDefinition = "api:1";
        ServiceInputs inputs = inputs(service, Map.of("old-alias", stale));
        ServiceDecision decision = DiscoveryPlan.apply(inputs, ServiceDecision.of(
                new ServicePlan(List.of(), List.of(), status, List.of(), java.util.Optional.empty()), inputs.scheduling()));

        assertThat(decision.beforeStatusWrite()).singleElement()
                .satisfies(a -> assertThat(((ServiceAction.ApplyKubernetesService) a).desired().getMetadata().getName())
                        .isEqualTo("api"));
        assertThat(decision.afterStatusWrite()).containsExactly(new ServiceAction.DeleteKubernetesService("old-alias"));
        assertThat(decision.events()).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("ClientAliasNotHonoured");
            assertThat(e.message()).startsWith("client alias a.b.c:81: only <name>");
        });
        service.setStatus(decision.status());
        ServiceInputs later = inputs(service, Map.of());
        ServiceDecision again = DiscoveryPlan.apply(later, ServiceDecision.of(
                new ServicePlan(List.of(), List.of(), decision.status(), List.of(), java.util.Optional.empty()),
                later.scheduling()));
        assertThat(again.events()).isEmpty();
    }

    private static ServiceInputs inputs(Service service, Map<String, io.fabric8.kubernetes.api.model.Service> existing) {
        return new ServiceInputs(service, new TestingServices("api:1", 1).observe(), false, Map.of("api:1", DEF), null,
                existing, null, null);
    }

    private static Service service(String spec) {
        Service service = new Service();
        service.setMetadata(new ObjectMetaBuilder().withName("api").withNamespace("shop").withUid("uid-api").build());
        service.setSpec(Serialization.unmarshal(spec, dev.berth.api.v1alpha1.ServiceSpec.class));
        return service;
    }
}
