package dev.berth.service;

import java.time.Instant;
import java.util.List;

import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.events.BerthEvent;
import dev.berth.events.EventRecorder;
import dev.berth.status.Conditions;
import dev.berth.taskdef.UnsupportedFields;

/** What the reconciler adds to the scheduler's status: a missing cluster, unsupported fields. */
final class ServiceReports {

    static final String UNSUPPORTED_FIELDS = "UnsupportedFields";

    private ServiceReports() {
    }

    /** A Service naming a Cluster that does not exist launches nothing and says so. */
    static ServiceStatus clusterMissing(Service service, ServiceStatus status, EventRecorder events, Instant now) {
        String message = "Cluster " + service.getSpec().cluster + " not found (ClusterNotFoundException): create it or"
                + " set spec.cluster to an existing one; no task is started meanwhile";
        boolean known = Conditions.find(service.getStatus() == null ? null : service.getStatus().conditions,
                LoadBalancing.DEGRADED).filter(c -> "ClusterNotFound".equals(c.getReason())).isPresent();
        if (!known) {
            events.record(service, BerthEvent.warning("ClusterNotFound", message));
        }
        status.conditions = Conditions.with(status.conditions, LoadBalancing.DEGRADED, true, "ClusterNotFound", message,
                service.getMetadata().getGeneration(), now);
        return status;
    }

    /** ECS fields of the Service spec that are accepted but not applied: a condition, and a Warning when they change. */
    static ServiceStatus unsupported(Service service, ServiceStatus status, EventRecorder events, Instant now) {
        List<String> fields = UnsupportedFields.of(service.getSpec());
        if (fields.isEmpty()) {
            status.conditions = Conditions.without(status.conditions, UNSUPPORTED_FIELDS);
            return status;
        }
        String message = String.join("; ", fields);
        boolean known = Conditions.find(service.getStatus() == null ? null : service.getStatus().conditions, UNSUPPORTED_FIELDS)
                .filter(c -> message.equals(c.getMessage())).isPresent();
        if (!known) {
            events.record(service, BerthEvent.warning("UnsupportedFields", "Accepted but not applied: " + message));
        }
        status.conditions = Conditions.with(status.conditions, UNSUPPORTED_FIELDS, true, "FieldsNotApplied", message,
                service.getMetadata().getGeneration(), now);
        return status;
    }
}
