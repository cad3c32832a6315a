package dev.berth.schedule;

import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.berth.api.v1alpha1.ScheduledTask;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.cache.TaskCache;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The writes of a {@link ScheduleDecision} after its status is written. Each is idempotent. */
final class RunActions {

    private final Context<ScheduledTask> context;
    private final TaskCache tasks;

    /** @param tasks the shared Task cache: what this creates is shown there at once */
    RunActions(Context<ScheduledTask> context, TaskCache tasks) {
        this.context = context;
        this.tasks = tasks;
    }

    /** Performs the decision; returns the Tasks the API server refused to create, with its message. */
    Map<String, String> perform(ScheduledTask schedule, ScheduleDecision decision) {
        Map<String, String> refused = new LinkedHashMap<>();
        String namespace = schedule.getMetadata().getNamespace();
        for (RunLaunch launch : decision.launches()) {
            try {
                Task created = context.getClient().resource(RunTemplate.task(schedule, launch)).create();
                // in the cache at once: the reconcile our own status write may trigger must see it
                tasks.created(created);
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    continue; // created by an earlier pass (or an earlier operator): exactly once
                }
                if (e.getCode() == HttpURLConnection.HTTP_BAD_REQUEST || e.getCode() == 422) {
                    refused.put(launch.taskName(), e.getStatus() != null && e.getStatus().getMessage() != null
                            ? e.getStatus().getMessage()
                            : e.getMessage());
                    continue;
                }
                throw e;
            }
        }
        for (String name : decision.stops()) {
            ignoreGone(() -> context.getClient().resources(Task.class).inNamespace(namespace).withName(name).edit(t -> {
                t.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;
                t.getSpec().stopReason = "Stopped by ScheduledTask " + schedule.getMetadata().getName()
                        + " (concurrencyPolicy Replace)";
                return t;
            }));
        }
        for (String name : decision.deletes()) {
            ignoreGone(() -> context.getClient().resources(Task.class).inNamespace(namespace).withName(name).delete());
        }
        if (decision.deleteSchedule()) {
            ignoreGone(() -> context.getClient().resource(schedule).delete());
        }
        return refused;
    }

    private static void ignoreGone(Runnable write) {
        try {
            write.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }
}
