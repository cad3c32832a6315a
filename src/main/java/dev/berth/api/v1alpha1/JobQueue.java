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

/** An AWS Batch job queue with its compute environments: a vCPU budget on (Cluster, capacity provider) pairs. */
@JsonClassDescription("An AWS Batch job queue: BatchJobs submitted to it start as the vCPU budgets of its compute"
        + " environments (a Cluster and capacity provider each, with maxvCpus) allow; higher priority queues sharing a"
        + " compute environment go first, first in first out within a queue.")
@Group(Berth.GROUP)
@Version(Berth.VERSION)
@ShortNames({ "ecsjobqueue", "ecsjobqueues" })
@Categories(Berth.CATEGORY)
@AdditionalPrinterColumn(name = "STATE", jsonPath = ".spec.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "STATUS", jsonPath = ".status.status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PRIORITY", jsonPath = ".spec.priority", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "RUNNABLE", jsonPath = ".status.jobSummary.RUNNABLE", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "RUNNING", jsonPath = ".status.jobSummary.RUNNING", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "VCPUS", jsonPath = ".status.vcpus", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "REASON", jsonPath = ".status.statusReason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class JobQueue extends CustomResource<JobQueueSpec, JobQueueStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("The CreateJobQueue request, with compute environments as (Cluster, capacity provider,"
            + " maxvCpus).")
    public JobQueueSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("DescribeJobQueues: state, status VALID/INVALID with statusReason, jobs per status and the"
            + " vCPUs held in each compute environment.")
    public JobQueueStatus getStatus() {
        return super.getStatus();
    }
}
