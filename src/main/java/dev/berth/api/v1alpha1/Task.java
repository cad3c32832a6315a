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

/** One ECS RunTask: exactly one Pod, named after the Task, running a pinned task definition revision. */
@JsonClassDescription("One ECS task (RunTask): exactly one Pod named after the Task, running a task definition revision pinned at creation. Status speaks ECS: lastStatus, stopCode, stoppedReason, containers with exit codes, and once stopped its usage and estimated cost.")
@Group(Berth.GROUP)
@Version(Berth.VERSION)
@ShortNames({ "ecstask", "ecstasks" })
@Categories(Berth.CATEGORY)
@AdditionalPrinterColumn(name = "STATUS", jsonPath = ".status.lastStatus", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "TASKDEF", jsonPath = ".status.taskDefinition", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "CPU", jsonPath = ".status.cpu", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "MEMORY", jsonPath = ".status.memory", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "EXIT", jsonPath = ".status.exitCode", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "COST", jsonPath = ".status.usage.cost", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "REASON", jsonPath = ".status.stoppedReason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
public class Task extends CustomResource<TaskSpec, TaskStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("The RunTask request: task definition, cluster, overrides, capacity provider; desiredStatus STOPPED stops it (StopTask).")
    public TaskSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The task as ECS DescribeTasks shows it, derived from its Pod.")
    public TaskStatus getStatus() {
        return super.getStatus();
    }
}
