package dev.berth.service;

import java.util.List;

import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.events.BerthEvent;
import dev.berth.status.Conditions;
import dev.berth.taskdef.UnsupportedFields;
import io.fabric8.kubernetes.api.model.Condition;

/** What a decision adds to the scheduler's status (pure): a missing cluster, unsupported fields. */
final class ServiceReports {

    static final String CLUSTER_NOT_FOUND = "ClusterNotFound";

    private ServiceReports() {
    }

    /** A Service naming a Cluster that does not exist launches nothing and says so, with a Warning the first time. */
    static ServiceDecision clusterMissing(ServiceInputs in, ServiceDecision decision) {
        Service service = in.service();
        String message = "Cluster " + service.getSpec().cluster + " not found (ClusterNotFoundException): create it or"
                + " set spec.cluster to an existing one; no task is started meanwhile";
        boolean known = Conditions.find(service.getStatus() == null ? null : service.getStatus().conditions,
                ServiceConditions.DEGRADED).filter(c -> CLUSTER_NOT_FOUND.equals(c.getReason())).isPresent();
        ServiceStatus status = decision.statusCopy();
        status.conditions = Conditions.with(status.conditions, ServiceConditions.DEGRADED, true, CLUSTER_NOT_FOUND, message,
                in.generation(), in.now());
        return decision.withoutLaunches().withStatus(status,
                known ? List.of() : List.of(BerthEvent.warning(CLUSTER_NOT_FOUND, message)));
    }

    /** ECS fields of the Service spec that are accepted but not applied: a condition, and a Warning when they change. */
    static ServiceDecision unsupported(ServiceInputs in, ServiceDecision decision) {
        Service service = in.service();
        List<Condition> before = service.getStatus() == null ? null : service.getStatus().conditions;
        ServiceStatus status = decision.statusCopy();
        status.conditions = UnsupportedFields.reported(status.conditions, UnsupportedFields.of(service.getSpec()),
                in.generation(), in.now());
        return decision.withStatus(status, UnsupportedFields.newlyReported(before, status.conditions).stream().toList());
    }
}
