package dev.berth.cluster;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.ClusterStatus;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.status.Conditions;

/** ECS DescribeClusters counts and the Ready condition, from the cluster's tasks (pure). */
public final class ClusterStatusCalculator {

    private ClusterStatusCalculator() {
    }

    public static ClusterStatus status(Cluster cluster, Collection<Task> tasks, Collection<Service> services, Instant now) {
        ClusterStatus previous = cluster.getStatus() == null ? new ClusterStatus() : cluster.getStatus();
        ClusterStatus status = new ClusterStatus();
        Long generation = cluster.getMetadata().getGeneration();
        status.observedGeneration = generation;
        status.status = "ACTIVE";
        status.runningTasksCount = (int) tasks.stream().filter(t -> lastStatus(t) == LastStatus.RUNNING).count();
        status.pendingTasksCount = (int) tasks.stream().filter(t -> lastStatus(t).isPending()).count();
        status.activeServicesCount = (int) services.stream().filter(s -> s.getMetadata().getDeletionTimestamp() == null)
                .count();
        status.capacityProviders = providerNames(cluster);
        // written by the cluster-usage controller (dev.berth.usage), kept as they are
        status.usage = previous.usage;
        status.usageLedger = previous.usageLedger;
        status.conditions = Conditions.with(previous.conditions, "Ready", true, "Active",
                "The cluster accepts tasks", generation, now);
        return status;
    }

    /**
     * status.usage and status.usageLedger belong to the cluster-usage controller (dev.berth.usage): a status written
     * here keeps them as the copy it replaces has them. Losing a newer ledger would lose the usage of the tasks it
     * had just counted.
     */
    public static void keepUsage(ClusterStatus latest, ClusterStatus written) {
        written.usage = latest.usage;
        written.usageLedger = latest.usageLedger;
    }

    public static List<String> providerNames(Cluster cluster) {
        Set<String> names = new LinkedHashSet<>(CapacityProviders.BUILT_IN);
        if (cluster.getSpec() != null && cluster.getSpec().capacityProviders != null) {
            cluster.getSpec().capacityProviders.forEach(p -> names.add(p.name));
        }
        return List.copyOf(names);
    }

    private static LastStatus lastStatus(Task task) {
        // a task the operator has not seen yet is on its way
        return task.getStatus() == null || task.getStatus().lastStatus == null ? LastStatus.PROVISIONING
                : task.getStatus().lastStatus;
    }
}
