package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceDeployment.DeploymentStatus;
import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * ECS services on the real control plane (healthy after 2 s RUNNING here): rolling deployments within
 * minimumHealthyPercent/maximumPercent, the circuit breaker's rollback, operator kills mid-rollout,
 * load balancer endpoints and kubectl scale.
 */
class ServiceIT extends EndToEnd {

    private static final String WEB = """
            apiVersion: berth.dev/v1alpha1
            kind: TaskDefinition
            metadata: {name: web}
            spec:
              cpu: 256
              memory: 512
              containerDefinitions:
                - name: app
                  image: %s
                  portMappings: [{containerPort: 80}]
                  dockerLabels: {%s}
            """;

    @Test
    void aRollingDeploymentStaysWithinItsBoundsAndCompletes() {
        applyText(WEB.formatted("nginx:1", ""));
        applyText(service(6, 100, 200));
        awaitSteady("web:1", 6);

        List<int[]> samples;
        try (Sampler<int[]> sampler = Sampler.every(Duration.ofMillis(200), "live and running tasks of web", () -> {
            List<Task> tasks = client.resources(Task.class).inNamespace(ns).withLabel(Berth.LABEL_SERVICE, "web").list()
                    .getItems();
            int live = (int) tasks.stream().filter(t -> t.getSpec().desiredStatus == TaskSpec.DesiredStatus.RUNNING
                    && (t.getStatus() == null || !t.getStatus().lastStatus.isStopping()))
                    .count();
            int running = (int) tasks.stream()
                    .filter(t -> t.getStatus() != null && LastStatus.RUNNING.equals(t.getStatus().lastStatus)
                            && t.getStatus().desiredStatus == TaskSpec.DesiredStatus.RUNNING)
                    .count();
            return new int[] { live, running };
        })) {
            applyText(WEB.formatted("nginx:2", ""));
            awaitSteady("web:2", 6);
            samples = sampler.stopValues();
        }

        assertThat(samples).isNotEmpty().allSatisfy(s -> {
            assertThat(s[0]).as("running + pending never above maximumPercent (12)").isLessThanOrEqualTo(12);
            assertThat(s[1]).as("running never below minimumHealthyPercent (6)").isGreaterThanOrEqualTo(6);
        });
        Service web = service();
        assertThat(web.getStatus().deployments).singleElement().satisfies(d -> {
            assertThat(d.status).isEqualTo(DeploymentStatus.PRIMARY);
            assertThat(d.rolloutState).isEqualTo(RolloutState.COMPLETED);
        });
        assertThat(web.getStatus().events).extracting(e -> e.message).contains("(service web) has reached a steady state.");
    }

    @Test
    void aFailingRevisionTripsTheCircuitBreakerAndRollsBack() {
        applyText(WEB.formatted("nginx:1", ""));
        applyText(service(2, 100, 200).replace("deploymentConfiguration: {",
                "deploymentConfiguration: {deploymentCircuitBreaker: {enable: true, rollback: true}, "));
        awaitSteady("web:1", 2);

        applyText(WEB.formatted("nginx:broken", "sim.berth.dev/image-pull-error: 'manifest unknown'"));

        await().atMost(Duration.ofMinutes(4)).untilAsserted(() -> {
            ServiceStatus status = service().getStatus();
            assertThat(status.events).extracting(e -> e.message)
                    .contains("(service web) (deployment ecs-svc/2) deployment failed: tasks failed to start.",
                            "(service web) rolling back to deployment ecs-svc/3 (task definition web:1).");
            assertThat(status.taskDefinition).isEqualTo("web:1");
            assertThat(status.rolloutState).isEqualTo(RolloutState.COMPLETED);
        });
        awaitSteady("web:1", 2);
    }

    /**
     * Three kills, each asserted to land while the rollout to web:2 is IN_PROGRESS (on the status the dead operator
     * left), each followed by a new operator process. minimumHealthyPercent 83 and maximumPercent 100 replace one task
     * at a time, and the new Pods stay Pending 8 s (simulation; below the 15 s start timeout): six waves of ~10 s of
     * operator time. The first kill lands as the rollout starts, the others once the next operator made progress.
     */
    @Test
    void killedSeveralTimesMidRolloutItEndsWithExactlyDesiredCount() {
        applyText(WEB.formatted("nginx:1", ""));
        applyText(service(6, 83, 100));
        awaitSteady("web:1", 6);

        applyText(WEB.formatted("nginx:2", "sim.berth.dev/start-after: 8s"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> service().getStatus(),
                s -> "web:2".equals(s.taskDefinition) && RolloutState.IN_PROGRESS.equals(s.rolloutState));
        for (int kill = 1; kill <= 3; kill++) {
            if (kill > 1) {
                String seen = Serialization.asJson(service().getStatus());
                ServiceStatus progressed = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                        .until(() -> service().getStatus(), s -> !Serialization.asJson(s).equals(seen));
                assertThat(progressed.rolloutState).as("the restarted operator made progress, the rollout is not done")
                        .isEqualTo(RolloutState.IN_PROGRESS);
            }
            int landed = kill;
            killAndRestart(() -> assertThat(service().getStatus()).as("kill %d landed mid-rollout", landed).satisfies(s -> {
                assertThat(s.taskDefinition).isEqualTo("web:2");
                assertThat(s.rolloutState).isEqualTo(RolloutState.IN_PROGRESS);
            }));
        }

        awaitSteady("web:2", 6);
        List<Task> running = client.resources(Task.class).inNamespace(ns).withLabel(Berth.LABEL_SERVICE, "web").list()
                .getItems().stream().filter(t -> t.getStatus() != null && LastStatus.RUNNING.equals(t.getStatus().lastStatus))
                .toList();
        assertThat(running).hasSize(6).allSatisfy(t -> assertThat(t.getStatus().taskDefinition).isEqualTo("web:2"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(taskPods()).as("no orphan pods").hasSize(6));
    }

    @Test
    void theLoadBalancerFollowsTheTasksAndKubectlScaleWorks() {
        applyText(WEB.formatted("nginx:1", ""));
        applyText(
                service(2, 100, 200).replace("spec:\n", "spec:\n  loadBalancers: [{containerName: app, containerPort: 80}]\n"));
        awaitSteady("web:1", 2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(readyEndpoints()).isEqualTo(2));
        assertThat(service().getStatus().loadBalancer.dnsName).isEqualTo("web." + ns + ".svc");

        Shell.kubectlOk("scale", "-n", ns, "services.berth.dev/web", "--replicas", "3");

        awaitSteady("web:1", 3);
        await().atMost(WAIT).untilAsserted(() -> assertThat(readyEndpoints()).isEqualTo(3));
    }

    @Test
    void aSpotTaskEvictedFromItsNodeIsAnInterruptionAndIsReplaced() {
        applyText(WEB.formatted("nginx:1", ""));
        applyText(service(1, 100, 200).replace("spec:\n",
                "spec:\n  capacityProviderStrategy: [{capacityProvider: FARGATE_SPOT, weight: 1}]\n"));
        awaitSteady("web:1", 1);
        Task first = client.resources(Task.class).inNamespace(ns).withLabel(Berth.LABEL_SERVICE, "web").list().getItems()
                .get(0);
        assertThat(first.getStatus().capacityProviderName).isEqualTo("FARGATE_SPOT");

        assertThat(client.pods().inNamespace(ns).withName(first.getMetadata().getName()).evict()).as("evicted, as a drain does")
                .isTrue();

        TaskStatus interrupted = awaitLastStatus(first.getMetadata().getName(), LastStatus.STOPPED);
        assertThat(interrupted.stopCode).isEqualTo("SpotInterruption");
        assertThat(interrupted.stoppedReason).isEqualTo("Your Spot Task was interrupted.");
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.resources(Task.class).inNamespace(ns)
                .withLabel(Berth.LABEL_SERVICE, "web").list().getItems())
                .anySatisfy(t -> {
                    assertThat(t.getMetadata().getName()).isNotEqualTo(first.getMetadata().getName());
                    assertThat(t.getStatus().lastStatus).isEqualTo(LastStatus.RUNNING);
                }));
    }

    @Test
    void deletingAServiceDrainsItAndLeavesNothingBehind() {
        applyText(WEB.formatted("nginx:1", ""));
        applyText(
                service(2, 100, 200).replace("spec:\n", "spec:\n  loadBalancers: [{containerName: app, containerPort: 80}]\n"));
        awaitSteady("web:1", 2);

        client.resources(Service.class).inNamespace(ns).withName("web").delete();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.resources(Service.class).inNamespace(ns).withName("web").get()).isNull();
            assertThat(client.resources(Task.class).inNamespace(ns).list().getItems()).isEmpty();
            assertThat(taskPods()).isEmpty();
            assertThat(client.services().inNamespace(ns).withName("web").get()).isNull();
        });
    }

    private long readyEndpoints() {
        return client.resources(EndpointSlice.class).inNamespace(ns).withLabel("kubernetes.io/service-name", "web").list()
                .getItems().stream()
                .flatMap(s -> s.getEndpoints() == null ? java.util.stream.Stream.empty() : s.getEndpoints().stream())
                .filter(e -> Boolean.TRUE.equals(e.getConditions().getReady())).count();
    }

    private Service service() {
        return client.resources(Service.class).inNamespace(ns).withName("web").get();
    }

    private void awaitSteady(String taskDefinition, int count) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            ServiceStatus status = service().getStatus();
            assertThat(status).isNotNull();
            assertThat(status.taskDefinition).isEqualTo(taskDefinition);
            assertThat(status.runningCount).isEqualTo(count);
            assertThat(status.deployments).hasSize(1);
            assertThat(status.rolloutState).isEqualTo(RolloutState.COMPLETED);
        });
    }

    private static String service(int desired, int min, int max) {
        return """
                apiVersion: berth.dev/v1alpha1
                kind: Service
                metadata: {name: web}
                spec:
                  taskDefinition: web
                  desiredCount: %d
                  deploymentConfiguration: {minimumHealthyPercent: %d, maximumPercent: %d}
                """.formatted(desired, min, max);
    }

}
