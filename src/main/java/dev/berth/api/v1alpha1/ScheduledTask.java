package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An EventBridge Scheduler schedule whose target is ECS RunTask: one set of Tasks per fire time, exactly once. */
@JsonClassDescription("An ECS scheduled task (EventBridge Scheduler schedule with an ECS RunTask target): runs the target's"
        + " task definition on cron(...), rate(...) or at(...) in a time zone, one set of Tasks per fire time, exactly"
        + " once across operator restarts. Status lists the last runs with their exit codes.")
@Group(Berth.GROUP)
@Version(Berth.VERSION)
@ShortNames({ "ecsschedule", "ecsschedules" })
@Categories(Berth.CATEGORY)
@AdditionalPrinterColumn(name = "SCHEDULE", jsonPath = ".spec.scheduleExpression", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "TIMEZONE", jsonPath = ".spec.scheduleExpressionTimezone", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "STATE", jsonPath = ".spec.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "NEXT RUN", jsonPath = ".status.nextRunTime", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "LAST RUN", jsonPath = ".status.lastRunTime", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "LAST RESULT", jsonPath = ".status.lastResult", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ScheduledTask extends CustomResource<ScheduledTaskSpec, ScheduledTaskStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("The EventBridge Scheduler CreateSchedule request with an ECS RunTask target.")
    public ScheduledTaskSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Next and last run, the last runs with their Tasks and exit codes, counts, conditions.")
    public ScheduledTaskStatus getStatus() {
        return super.getStatus();
    }
}
