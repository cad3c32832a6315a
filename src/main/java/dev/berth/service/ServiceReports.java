package dev.berth.service;

import java.time.Instant;
import java.util.List;

import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.events.BerthEvent;
import dev.berth.events.EventRecorder;
import dev.berth.status.Conditions;
import dev.berth.taskdef.UnsupportedFields;
import io.fabric8.kubernetes.api.model.Condition;

/** What the reconciler adds to the scheduler's status: a missing cluster, unsupported fields. */
final class ServiceReports {

    private ServiceReports() {
    }

    /** A Service naming a Cluster that does not exist launches nothing and says so. */
    static ServiceStatus clusterMissing(Service service, ServiceStatus status, EventRecorder events, Instant now) {
        String message = "Cluster " + service.getSpec().cluster + " not found (ClusterNotFoundException): create it or"
                + " set spec.cluster to an existing one; no task is started meanwhile";
        boolean known = Conditions.find(service.getStatus() == null ? null : service.getStatus().conditions,
                ServiceConditions.DEGRADED).filter(c -> "ClusterNotFound".equals(c.getReason())).isPresent();
        if (!known) {
            events.record(service, BerthEvent.warning("ClusterNotFound", message));
        }
        status.conditions = Conditions.with(status.conditions, ServiceConditions.DEGRADED, true, "ClusterNotFound", message,
                service.getMetadata().getGeneration(), now);
        return status;
    }

    /** ECS fields of the Service spec that are accepted but not applied: a condition, and a Warning when they change. */
    static ServiceStatus unsupported(Service service, ServiceStatus status, EventRecorder events, Instant now) {
        List<Condition> before = service.getStatus() == null ? null : service.getStatus().conditions;
        status.conditions = UnsupportedFields.reported(status.conditions, UnsupportedFields.of(service.getSpec()),
                service.getMetadata().getGeneration(), now);
        UnsupportedFields.newlyReported(before, status.conditions).ifPresent(event -> events.record(service, event));
        return status;
    }
}
