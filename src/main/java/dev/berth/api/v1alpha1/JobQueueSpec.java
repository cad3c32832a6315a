package dev.berth.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** AWS Batch CreateJobQueue; a compute environment is a (Cluster, capacity provider) pair with a vCPU budget. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobQueueSpec {

    @Required
    @Min(0)
    @JsonPropertyDescription("Among queues sharing a compute environment, the higher priority is served first.")
    @Max(2147483647)
    public Integer priority;

    @Default("ENABLED")
    @JsonPropertyDescription("ENABLED, or DISABLED: jobs submitted from now on fail; jobs already in the queue finish.")
    public State state = State.ENABLED;

    @Required
    @Size(min = 1, max = 3)
    @ValidationRule(value = "self.all(a, self.exists_one(b, a.order == b.order))", message = "computeEnvironmentOrder: each order value may appear only once")
    @JsonPropertyDescription("1 to 3 compute environments, tried in ascending order.")
    public List<ComputeEnvironment> computeEnvironmentOrder;

    public enum State {
        ENABLED,
        DISABLED
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ComputeEnvironment {
        @Required
        @Min(0)
        @JsonPropertyDescription("Position: lower orders are tried first.")
        @Max(2147483647)
        public Integer order;

        @Default("default")
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @JsonPropertyDescription("The Cluster the attempts run in (default 'default').")
        public String cluster = "default";

        @Default("FARGATE")
        @Pattern("^[A-Za-z0-9_-]{1,255}$")
        @JsonPropertyDescription("The capacity provider of that Cluster (default FARGATE).")
        public String capacityProvider = "FARGATE";

        @Required
        @Min(1)
        @Max(1000000)
        @JsonPropertyDescription("vCPUs the attempts running here may hold at once. Queues naming the same Cluster and"
                + " capacity provider share one budget, the smallest maxvCpus any of them gives.")
        public Integer maxvCpus;

        public ComputeEnvironment() {
        }

        public ComputeEnvironment(int order, String cluster, String capacityProvider, int maxvCpus) {
            this.order = order;
            this.cluster = cluster;
            this.capacityProvider = capacityProvider;
            this.maxvCpus = maxvCpus;
        }
    }
}
