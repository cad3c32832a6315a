package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;

class KubernetesServiceRendererTest {

    @Test
    void noLoadBalancerNoRegistryNoKubernetesService() {
        assertThat(KubernetesServiceRenderer.wanted(service(null, null))).isFalse();
    }

    @Test
    void loadBalancersAndRegistriesShareOneServiceWithOnePortEach() {
        Service web = service(List.of(loadBalancer("App_1", 80)),
                List.of(registry("App_1", 80, null), registry(null, null, 9090)));

        var rendered = KubernetesServiceRenderer.render(web);

        assertThat(KubernetesServiceRenderer.wanted(web)).isTrue();
        assertThat(rendered.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(rendered.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("app-1-80", 80),
                        org.assertj.core.groups.Tuple.tuple("port-9090", 9090));
        assertThat(rendered.getSpec().getSelector()).containsEntry("berth.dev/group", "service.web");
        assertThat(KubernetesServiceRenderer.dnsName(web)).isEqualTo("web.shop.svc");
    }

    @Test
    void aRegistryNamingAnUnknownPortIsAMismatch() {
        Service web = service(null, List.of(registry("app", 8080, null)));
        EcsTaskDefinition def = new EcsTaskDefinition();
        ContainerDefinition app = new ContainerDefinition();
        app.name = "app";
        def.containerDefinitions = List.of(app);

        assertThat(KubernetesServiceRenderer.mismatch(web, def))
                .contains("serviceRegistries: container app has no portMappings containerPort 8080");
    }

    private static Service service(List<ServiceSpec.LoadBalancer> loadBalancers, List<ServiceSpec.ServiceRegistry> registries) {
        Service service = new Service();
        service.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("shop").withUid("u-1").build());
        service.setSpec(new ServiceSpec());
        service.getSpec().loadBalancers = loadBalancers;
        service.getSpec().serviceRegistries = registries;
        return service;
    }

    private static ServiceSpec.LoadBalancer loadBalancer(String container, int port) {
        ServiceSpec.LoadBalancer lb = new ServiceSpec.LoadBalancer();
        lb.containerName = container;
        lb.containerPort = port;
        return lb;
    }

    private static ServiceSpec.ServiceRegistry registry(String container, Integer containerPort, Integer port) {
        ServiceSpec.ServiceRegistry r = new ServiceSpec.ServiceRegistry();
        r.registryArn = "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1";
        r.containerName = container;
        r.containerPort = containerPort;
        r.port = port;
        return r;
    }
}
