package dev.berth.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceEvent;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.events.BerthEvent;
import dev.berth.events.EventRecorder;
import dev.berth.status.Conditions;
import dev.berth.taskdef.UnsupportedFields;
import io.fabric8.kubernetes.client.utils.Serialization;

/** What the reconciler reports itself: tasks it started ("(service web) has started 2 tasks: ..."), a missing cluster, unsupported fields. */
final class ServiceReports {

    static final int KEPT = 100;
    static final String UNSUPPORTED_FIELDS = "UnsupportedFields";

    record Started(ServiceStatus status, BerthEvent event) {
    }

    private ServiceReports() {
    }

    static Started started(ServiceStatus status, String service, List<String> tasks, Instant now) {
        String message = "(service " + service + ") has started " + tasks.size() + " tasks: "
                + tasks.stream().map(t -> "(task " + t + ")").collect(Collectors.joining(" ")) + ".";
        return new Started(prepend(status, message, now), BerthEvent.normal("TasksStarted", message));
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

    /** A copy of {@code status} with the message as its newest event. */
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

    private static ServiceStatus prepend(ServiceStatus recorded, String message, Instant now) {
        ServiceStatus status = Serialization.jsonMapper().convertValue(recorded, ServiceStatus.class);
        List<ServiceEvent> events = new ArrayList<>();
        String id = UUID.nameUUIDFromBytes((message + now).getBytes(StandardCharsets.UTF_8)).toString();
        events.add(new ServiceEvent(id, now.toString(), message));
        if (status.events != null) {
            events.addAll(status.events.subList(0, Math.min(status.events.size(), KEPT - 1)));
        }
        status.events = events;
        return status;
    }
}
