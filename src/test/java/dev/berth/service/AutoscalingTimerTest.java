package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceAutoScaling;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import dev.berth.api.v1alpha1.ServiceDeployment;
import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;
import dev.berth.api.v1alpha1.ServiceRightSizingStatus;
import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.autoscaling.ResourceMetricsReader;
import dev.berth.autoscaling.ResourceMetricsReader.RunningTask;
import dev.berth.autoscaling.ScalingTarget;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The autoscaler inside the Service controller: what it evaluates from the controller's caches, the report it keeps
 * for the reconcile to write, and when it wakes the reconcile.
 */
class AutoscalingTimerTest {

    final List<Service> services = new ArrayList<>();
    final Map<String, Set<Task>> tasks = new java.util.HashMap<>();
    final List<ScalingTarget> evaluated = new ArrayList<>();
    final List<ServiceAutoScalingStatus> previousReports = new ArrayList<>();
    final List<Event> wakeUps = new ArrayList<>();
    final Set<String> retained = new HashSet<>();
    final AtomicBoolean leading = new AtomicBoolean(true);
    int nextCount = 3;

    final List<ScalingTarget> read = new ArrayList<>();
    final List<List<Task>> sampled = new ArrayList<>();
    final List<ServiceRightSizingStatus> previousSizing = new ArrayList<>();
    final Set<String> sizingRetained = new HashSet<>();
    final Set<String> due = new HashSet<>();
    ServiceRightSizingStatus nextSizing;

    final AutoscalingTimer.Scaling scaling = new AutoscalingTimer.Scaling() {
        @Override
        public ServiceAutoScalingStatus evaluate(ScalingTarget target, ServiceAutoScalingStatus previous,
                Supplier<ResourceMetricsReader.Usage> usage) {
            evaluated.add(target);
            previousReports.add(previous);
            usage.get();
            ServiceAutoScalingStatus report = new ServiceAutoScalingStatus();
            report.desiredCount = nextCount;
            return report;
        }

        @Override
        public void retain(Set<String> uids) {
            retained.addAll(uids);
        }
    };

    final AutoscalingTimer.Sizing sizing = new AutoscalingTimer.Sizing() {
        @Override
        public boolean due(Service service) {
            return due.contains(service.getMetadata().getName());
        }

        @Override
        public ServiceRightSizingStatus sample(Service service, List<Task> running, ResourceMetricsReader.Usage usage,
                ServiceRightSizingStatus previous) {
            sampled.add(running);
            previousSizing.add(previous);
            return nextSizing != null ? nextSizing : previous;
        }

        @Override
        public void retain(Set<String> uids) {
            sizingRetained.clear();
            sizingRetained.addAll(uids);
        }
    };

    final AutoscalingTimer timer = new AutoscalingTimer(Duration.ofSeconds(5), leading::get, Optional.of(scaling),
            Optional.of(sizing), target -> {
                read.add(target);
                return ResourceMetricsReader.Usage.NONE;
            }, () -> services.stream(), s -> tasks.getOrDefault(s.getMetadata().getName(), Set.of()));

    AutoscalingTimerTest() {
        timer.setEventHandler(wakeUps::add);
    }

    @Test
    void evaluatesTheAutoscaledServicesWithTheirRunningTasksAndWakesTheReconcileWithANewReport() {
        Service web = service("web", "uid-1", true);
        services.add(web);
        services.add(service("plain", "uid-2", false));
        tasks.put("web", Set.of(task("web-a", "RUNNING", TaskSpec.DesiredStatus.RUNNING),
                task("web-b", "PENDING", TaskSpec.DesiredStatus.RUNNING),
                task("web-c", "RUNNING", TaskSpec.DesiredStatus.STOPPED)));

        timer.evaluateAll();

        assertThat(evaluated).singleElement().satisfies(target -> {
            assertThat(target.service()).isSameAs(web);
            assertThat(target.running()).containsExactly(new RunningTask("web-a", "pod-web-a", 256, 512));
            assertThat(target.podSelector()).containsEntry("berth.dev/group", "service.web");
            assertThat(target.deploymentInProgress()).isFalse();
        });
        assertThat(wakeUps).extracting(Event::getRelatedCustomResourceID)
                .containsExactly(new ResourceID("web", "shop"));
        assertThat(timer.latest(web).desiredCount).isEqualTo(3);
        assertThat(retained).containsExactly("uid-1");
    }

    @Test
    void aReportAlreadyInTheStatusWakesNothingAndIsThePreviousOfTheNextRound() {
        Service web = service("web", "uid-1", true);
        web.getStatus().autoScaling = new ServiceAutoScalingStatus();
        web.getStatus().autoScaling.desiredCount = 3;
        services.add(web);

        timer.evaluateAll();
        ServiceAutoScalingStatus first = timer.latest(web);
        timer.evaluateAll();

        assertThat(wakeUps).isEmpty();
        assertThat(previousReports.get(0)).isSameAs(web.getStatus().autoScaling);
        assertThat(previousReports.get(1)).isSameAs(first);
    }

    @Test
    void scaleInWaitsForADeploymentInProgress() {
        Service web = service("web", "uid-1", true);
        ServiceDeployment rolling = new ServiceDeployment();
        rolling.rolloutState = RolloutState.IN_PROGRESS;
        web.getStatus().deployments = List.of(rolling);
        services.add(web);

        timer.evaluateAll();

        assertThat(evaluated.get(0).deploymentInProgress()).isTrue();
    }

    @Test
    void onlyTheLeaderEvaluatesAndADeletedOrRecreatedServiceStartsOver() {
        Service web = service("web", "uid-1", true);
        services.add(web);
        leading.set(false);
        timer.evaluateAll();
        assertThat(evaluated).isEmpty();

        leading.set(true);
        timer.evaluateAll();
        Service again = service("web", "uid-2", true);
        assertThat(timer.latest(again)).isNull();

        web.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        timer.evaluateAll();
        assertThat(evaluated).hasSize(1);
        assertThat(timer.latest(web)).isNull();
        assertThat(retained).containsExactly("uid-1");
    }

    @Test
    void aServiceDueForRightSizingIsSampledWithItsRunningTasksAndMetricsAreReadOncePerService() {
        Service web = service("web", "uid-1", true);
        services.add(web);
        services.add(service("plain", "uid-2", false));
        services.add(service("idle", "uid-3", false));
        tasks.put("web", Set.of(task("web-a", "RUNNING", TaskSpec.DesiredStatus.RUNNING)));
        tasks.put("plain", Set.of(task("plain-a", "RUNNING", TaskSpec.DesiredStatus.RUNNING),
                task("plain-b", "PENDING", TaskSpec.DesiredStatus.RUNNING)));
        due.addAll(Set.of("web", "plain"));
        nextSizing = new ServiceRightSizingStatus();
        nextSizing.state = "Recommended";

        timer.evaluateAll();

        assertThat(read).as("one metrics.k8s.io read per Service, shared by the autoscaler and right-sizing")
                .extracting(t -> t.service().getMetadata().getName()).containsExactlyInAnyOrder("web", "plain");
        assertThat(sampled).extracting(running -> running.stream().map(t -> t.getMetadata().getName()).toList())
                .containsExactlyInAnyOrder(List.of("web-a"), List.of("plain-a"));
        assertThat(timer.latestRightSizing(web)).isSameAs(nextSizing);
        assertThat(wakeUps).extracting(Event::getRelatedCustomResourceID)
                .containsExactlyInAnyOrder(new ResourceID("web", "shop"), new ResourceID("plain", "shop"));
        assertThat(sizingRetained).containsExactlyInAnyOrder("uid-1", "uid-2", "uid-3");
    }

    @Test
    void anUnchangedRightSizingReportWakesNothing() {
        Service plain = service("plain", "uid-2", false);
        plain.getStatus().rightSizing = new ServiceRightSizingStatus();
        services.add(plain);
        tasks.put("plain", Set.of(task("plain-a", "RUNNING", TaskSpec.DesiredStatus.RUNNING)));
        due.add("plain");

        timer.evaluateAll();

        assertThat(previousSizing).containsExactly(plain.getStatus().rightSizing);
        assertThat(wakeUps).isEmpty();
    }

    private static Service service(String name, String uid, boolean autoscaled) {
        Service service = new Service();
        service.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").withUid(uid).build());
        service.setSpec(new ServiceSpec());
        service.getSpec().autoScaling = autoscaled ? new ServiceAutoScaling() : null;
        service.setStatus(new ServiceStatus());
        return service;
    }

    private static Task task(String name, String lastStatus, TaskSpec.DesiredStatus desired) {
        Task task = new Task();
        task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
        task.setSpec(new TaskSpec());
        task.getSpec().desiredStatus = desired;
        task.setStatus(new TaskStatus());
        task.getStatus().lastStatus = LastStatus.valueOf(lastStatus);
        task.getStatus().podName = "pod-" + name;
        task.getStatus().cpu = "256";
        task.getStatus().memory = "512";
        return task;
    }

}
