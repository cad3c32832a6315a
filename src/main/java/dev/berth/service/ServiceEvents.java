package dev.berth.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.berth.api.v1alpha1.ServiceEvent;

/** ECS service event messages, and the status.events list (newest first, at most 100). */
public final class ServiceEvents {

    static final int MAX_EVENTS = 100;

    private ServiceEvents() {
    }

    /** {@code (service X) has started N tasks: (task a) (task b).}, once the reconciler knows the names. */
    public static String started(String service, List<String> taskNames) {
        return "(service " + service + ") has started " + taskNames.size() + " tasks: " + tasks(taskNames) + ".";
    }

    static String stopped(String service, List<String> taskNames) {
        return "(service " + service + ") has stopped " + taskNames.size() + " running tasks: " + tasks(taskNames)
                + ".";
    }

    static String failedHealthChecks(String service, String taskName) {
        return "(service " + service + ") (task " + taskName + ") failed container health checks.";
    }

    static String steadyState(String service) {
        return "(service " + service + ") has reached a steady state.";
    }

    static String deploymentCompleted(String service, String deploymentId) {
        return "(service " + service + ") (deployment " + deploymentId + ") deployment completed.";
    }

    static String deploymentFailed(String service, String deploymentId) {
        return "(service " + service + ") (deployment " + deploymentId + ") deployment failed: tasks failed to start.";
    }

    static String rollingBack(String service, String deploymentId, String taskDefinition) {
        return "(service " + service + ") rolling back to deployment " + deploymentId + " (task definition "
                + taskDefinition + ").";
    }

    static String unableToStartOrStop(String service) {
        return "(service " + service + ") was unable to stop or start tasks during a deployment because of the service"
                + " deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.";
    }

    static String throttled(String service) {
        return "(service " + service + ") is unable to consistently start tasks successfully.";
    }

    static String taskDefinitionNotFound(String service, String taskDefinition) {
        return "(service " + service + ") failed to resolve task definition " + taskDefinition
                + ": no ACTIVE revision; the service keeps its current tasks.";
    }

    static String capacityProviderNotFound(String service, List<String> providers) {
        return "(service " + service + ") was unable to place a task because capacity provider "
                + String.join(", ", providers) + " is not associated with the cluster.";
    }

    /** {@code events} with {@code messages} added at {@code now}, newest first, ids derived from message and time. */
    public static List<ServiceEvent> record(List<ServiceEvent> events, List<String> messages, Instant now) {
        List<ServiceEvent> result = new ArrayList<>();
        String at = now.toString();
        for (int i = messages.size() - 1; i >= 0; i--) {
            result.add(new ServiceEvent(id(messages.get(i), at), at, messages.get(i)));
        }
        if (events != null) {
            result.addAll(events);
        }
        return List.copyOf(result.subList(0, Math.min(MAX_EVENTS, result.size())));
    }

    /** Whether {@code message} is among {@code events} at or after {@code since}: a situation already reported. */
    static boolean reportedSince(List<ServiceEvent> events, String message, Instant since) {
        if (events == null) {
            return false;
        }
        return events.stream().anyMatch(e -> message.equals(e.message) && !parse(e.createdAt).isBefore(since));
    }

    static String id(String message, String createdAt) {
        return UUID.nameUUIDFromBytes((createdAt + " " + message).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String tasks(List<String> taskNames) {
        return taskNames.stream().map(n -> "(task " + n + ")").collect(Collectors.joining(" "));
    }

    private static Instant parse(String rfc3339) {
        try {
            return rfc3339 == null ? Instant.MIN : OffsetDateTime.parse(rfc3339).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }
}
