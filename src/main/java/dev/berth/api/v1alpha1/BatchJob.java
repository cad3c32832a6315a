package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An AWS Batch job (SubmitJob) whose attempts, and array children, are Berth Tasks. */
@JsonClassDescription("An AWS Batch job (SubmitJob) running a Berth task definition: an array of up to 10,000"
        + " children, retries by evaluateOnExit rules, an attempt timeout, dependencies on other BatchJobs, admitted as"
        + " its JobQueue's vCPU budget allows. Every attempt is a Task. Status as DescribeJobs reports it.")
@Group(Berth.GROUP)
@Version(Berth.VERSION)
@ShortNames({ "ecsjob", "ecsjobs" })
@Categories(Berth.CATEGORY)
// the job name is the AWS Batch jobName and prefixes its Tasks' names (name-index-attempt must stay a DNS label)
@ValidationRule(value = "self.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$') && size(self.metadata.name) <= "
        + BatchJob.MAX_NAME_LENGTH, message = "metadata.name: a BatchJob name must be a DNS label of at most "
                + BatchJob.MAX_NAME_LENGTH + " characters (its Tasks are named <name>-<index>-<attempt>)")
@ValidationRule(value = "!has(self.spec) || !has(self.spec.dependsOn) || self.spec.dependsOn.all(d, !has(d.jobName) || d.jobName != self.metadata.name)", message = "spec.dependsOn: a job cannot depend on itself (use type SEQUENTIAL without jobName to chain the children of one array)")
@AdditionalPrinterColumn(name = "STATUS", jsonPath = ".status.status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "SIZE", jsonPath = ".spec.arrayProperties.size", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "SUCCEEDED", jsonPath = ".status.arrayProperties.statusSummary.SUCCEEDED", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "FAILED", jsonPath = ".status.arrayProperties.statusSummary.FAILED", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "RUNNING", jsonPath = ".status.arrayProperties.statusSummary.RUNNING", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "QUEUE", jsonPath = ".spec.jobQueue", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "REASON", jsonPath = ".status.statusReason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
public class BatchJob extends CustomResource<BatchJobSpec, BatchJobStatus> implements Namespaced {

    /** 48 + "-" + "9999" + "-" + "10" = 56: a child Task's name stays a DNS label (its Pod's label value too). */
    public static final String MAX_NAME_LENGTH = "48";

    @Override
    @JsonPropertyDescription("The SubmitJob request: queue, task definition, array size, retry strategy, timeout,"
            + " dependencies, overrides; desiredStatus CANCELLED or TERMINATED for CancelJob / TerminateJob.")
    public BatchJobSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The job as DescribeJobs shows it: status, statusReason, attempts, array status summary.")
    public BatchJobStatus getStatus() {
        return super.getStatus();
    }
}
