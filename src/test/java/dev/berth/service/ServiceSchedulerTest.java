package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.ContainerDefinition.PortMapping;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceAutoScaling;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import dev.berth.api.v1alpha1.ServiceRightSizingStatus;
import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.events.BerthEvent;
import dev.berth.status.Conditions;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * The whole decision the Service reconciler acts on: the scheduler's plan completed with the missing cluster, the load
 * balancers' Kubernetes Service, unsupported fields and the autoscaler's report; launches first, the rest after the
 * status write.
 */
class ServiceSchedulerTest {

    private final TestingServices web = new TestingServices("web:1", 2);

    @Test
    void launchesComeFirstAndTheStartedEventNamesTheLaunchedTasks() {
        ServiceDecision decision = decide(inputs(web.service(), false, null, null));

        assertThat(decision.launches()).hasSize(2);
        assertThat(decision.beforeStatusWrite()).isEmpty();
        assertThat(decision.afterStatusWrite()).isEmpty();
        ServiceDecision started = decision.started("web", List.of("web-a", "web-b"), TestingServices.T0);
        assertThat(started.status().events).extracting(e -> e.message)
                .contains("(service web) has started 2 tasks: (task web-a) (task web-b).");
        assertThat(started.events()).extracting(BerthEvent::reason).contains("TasksStarted");
        assertThat(decision.status().events).extracting(e -> e.message).noneMatch(m -> m.contains("has started"));
        assertThat(decision.started("web", List.of(), TestingServices.T0)).isSameAs(decision);
    }

    @Test
    void aMissingClusterHoldsEveryLaunchBackAndWarnsOnce() {
        Service service = web.service();
        service.getSpec().cluster = "prod";

        ServiceDecision first = decide(inputs(service, true, null, null));

        assertThat(first.launches()).isEmpty();
        assertThat(Conditions.find(first.status().conditions, ServiceConditions.DEGRADED)).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("ClusterNotFound");
            assertThat(c.getMessage()).startsWith("Cluster prod not found (ClusterNotFoundException)");
        });
        assertThat(first.events()).extracting(BerthEvent::reason).contains("ClusterNotFound");

        web.status = first.status();
        Service again = web.service();
        again.getSpec().cluster = "prod";
        assertThat(decide(inputs(again, true, null, null)).events()).extracting(BerthEvent::reason)
                .doesNotContain("ClusterNotFound");
    }

    @Test
    void theKubernetesServiceIsCreatedThenUpdatedOnlyWhenItDiffers() {
        Service service = withLoadBalancer(web.service(), 80);

        ServiceDecision create = decide(inputs(service, false, null, null));
        assertThat(create.afterStatusWrite()).isEmpty();
        assertThat(create.beforeStatusWrite()).singleElement().isInstanceOfSatisfying(
                ServiceAction.ApplyKubernetesService.class, apply -> {
                    assertThat(apply.create()).isTrue();
                    assertThat(apply.desired().getMetadata().getName()).isEqualTo("web");
                });
        assertThat(create.status().loadBalancer.serviceName).isEqualTo("web");
        assertThat(create.status().loadBalancer.dnsName).isEqualTo("web.default.svc");

        var current = KubernetesServiceRenderer.render(service);
        assertThat(decide(inputs(service, false, current, null)).beforeStatusWrite()).isEmpty();

        var stale = KubernetesServiceRenderer.render(withLoadBalancer(web.service(), 8080));
        assertThat(decide(inputs(service, false, stale, null)).beforeStatusWrite()).singleElement()
                .isInstanceOfSatisfying(ServiceAction.ApplyKubernetesService.class,
                        apply -> assertThat(apply.create()).isFalse());
    }

    @Test
    void aKubernetesServiceOfSomeoneElseIsLeftAloneAndReportedOnce() {
        Service service = withLoadBalancer(web.service(), 80);
        var foreign = new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().addNewPort().withPort(9999).endPort().endSpec().build();

        ServiceDecision decision = decide(inputs(service, false, foreign, null));

        assertThat(decision.actions()).noneMatch(a -> !(a instanceof TaskLaunch));
        assertThat(Conditions.find(decision.status().conditions, ServiceConditions.DEGRADED)).hasValueSatisfying(c -> {
            assertThat(c.getReason()).isEqualTo(LoadBalancerPlan.NOT_APPLIED);
            assertThat(c.getMessage()).contains("a Kubernetes Service named web exists and is not managed by this service");
        });
        assertThat(decision.events()).extracting(BerthEvent::reason).contains(LoadBalancerPlan.NOT_APPLIED);

        web.status = decision.status();
        assertThat(decide(inputs(withLoadBalancer(web.service(), 80), false, foreign, null)).events())
                .extracting(BerthEvent::reason).doesNotContain(LoadBalancerPlan.NOT_APPLIED);
    }

    @Test
    void loadBalancersThatDoNotFitTheTaskDefinitionCreateNothing() {
        Service service = withLoadBalancer(web.service(), 8080);
        EcsTaskDefinition definition = new EcsTaskDefinition();
        ContainerDefinition app = new ContainerDefinition();
        app.name = "app";
        PortMapping port = new PortMapping();
        port.containerPort = 80;
        app.portMappings = List.of(port);
        definition.containerDefinitions = List.of(app);

        ServiceDecision decision = decide(new ServiceInputs(service, web.observe(), false, Map.of("web:1", definition),
                null, Map.of(), null, null));

        assertThat(decision.beforeStatusWrite()).isEmpty();
        assertThat(Conditions.find(decision.status().conditions, ServiceConditions.DEGRADED))
                .hasValueSatisfying(c -> assertThat(c.getMessage()).contains("has no portMappings containerPort 8080"));
    }

    @Test
    void anOwnedKubernetesServiceGoesWithTheLastLoadBalancerAndAForeignOneStays() {
        Service service = web.service();
        var ours = KubernetesServiceRenderer.render(withLoadBalancer(web.service(), 80));
        var foreign = new ServiceBuilder(ours).editMetadata().withOwnerReferences(new OwnerReferenceBuilder()
                .withUid("someone-else").withName("x").withKind("Deployment").withApiVersion("apps/v1").build())
                .endMetadata().build();

        assertThat(decide(inputs(service, false, ours, null)).afterStatusWrite()).singleElement()
                .isEqualTo(new ServiceAction.DeleteKubernetesService("web"));
        assertThat(decide(inputs(service, false, foreign, null)).afterStatusWrite()).isEmpty();
        assertThat(decide(inputs(service, false, ours, null)).status().loadBalancer).isNull();
    }

    @Test
    void theAutoscalersReportIsWrittenWithTheStatusAndGoesWithTheSpec() {
        Service service = web.service();
        service.getSpec().autoScaling = new ServiceAutoScaling();
        ServiceAutoScalingStatus report = new ServiceAutoScalingStatus();
        report.desiredCount = 3;

        assertThat(decide(inputs(service, false, null, report)).status().autoScaling).isEqualTo(report);

        web.status = decide(inputs(service, false, null, report)).status();
        Service kept = web.service();
        kept.getSpec().autoScaling = new ServiceAutoScaling();
        assertThat(decide(inputs(kept, false, null, null)).status().autoScaling.desiredCount).isEqualTo(3);

        Service off = web.service();
        off.getSpec().autoScaling = null;
        assertThat(decide(inputs(off, false, null, report)).status().autoScaling).isNull();
    }

    @Test
    void aNewRightSizingRecommendationIsWrittenWithOneEventAndTheSameOneAgainWithNone() {
        ServiceRightSizingStatus recommended = rightSizing("Recommended", 256, 512);

        ServiceDecision first = decide(new ServiceInputs(web.service(), web.observe(), false, Map.of(), null, Map.of(),
                null, recommended));
        assertThat(first.status().rightSizing).isSameAs(recommended);
        assertThat(first.events()).filteredOn(e -> e.reason().equals("RightSizingRecommended")).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("smaller"));

        web.status = first.status();
        ServiceDecision again = decide(new ServiceInputs(web.service(), web.observe(), false, Map.of(), null, Map.of(),
                null, rightSizing("Recommended", 256, 512)));
        assertThat(again.events()).extracting(BerthEvent::reason).doesNotContain("RightSizingRecommended");

        ServiceDecision other = decide(new ServiceInputs(web.service(), web.observe(), false, Map.of(), null, Map.of(),
                null, rightSizing("Recommended", 256, 1024)));
        assertThat(other.events()).extracting(BerthEvent::reason).contains("RightSizingRecommended");

        ServiceDecision none = decide(new ServiceInputs(web.service(), web.observe(), false, Map.of(), null, Map.of(),
                null, rightSizing("NoSmallerSize", null, null)));
        assertThat(none.status().rightSizing.state).isEqualTo("NoSmallerSize");
        assertThat(none.events()).extracting(BerthEvent::reason).doesNotContain("RightSizingRecommended");

        assertThat(decide(inputs(web.service(), false, null, null)).status().rightSizing)
                .as("carried over without a new report").usingRecursiveComparison().isEqualTo(web.status.rightSizing);
    }

    private static ServiceRightSizingStatus rightSizing(String state, Integer cpu, Integer memory) {
        ServiceRightSizingStatus s = new ServiceRightSizingStatus();
        s.state = state;
        s.cpu = 512;
        s.memory = 1024;
        s.recommendedCpu = cpu;
        s.recommendedMemory = memory;
        s.message = "smaller";
        return s;
    }

    @Test
    void unsupportedFieldsAreAConditionAndOneWarning() {
        Service service = web.service();
        service.getSpec().putUnmodeledField("enableExecuteCommand", true);

        ServiceDecision decision = decide(inputs(service, false, null, null));

        assertThat(Conditions.find(decision.status().conditions, "UnsupportedFields")).isPresent();
        assertThat(decision.events()).extracting(BerthEvent::reason).contains("UnsupportedFields");
    }

    private ServiceDecision decide(ServiceInputs inputs) {
        return ServiceScheduler.decide(inputs);
    }

    private ServiceInputs inputs(Service service, boolean clusterMissing,
            io.fabric8.kubernetes.api.model.Service kubernetesService, ServiceAutoScalingStatus report) {
        return new ServiceInputs(service, web.observe(), clusterMissing, Map.of(), kubernetesService, Map.of(), report, null);
    }

    private static Service withLoadBalancer(Service service, int port) {
        ServiceSpec.LoadBalancer lb = new ServiceSpec.LoadBalancer();
        lb.containerName = "app";
        lb.containerPort = port;
        service.getSpec().loadBalancers = List.of(lb);
        return service;
    }
}
