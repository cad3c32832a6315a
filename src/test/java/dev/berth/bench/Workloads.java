package dev.berth.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinition;
import dev.berth.api.v1alpha1.TaskDefinitionSpec;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The objects the benchmarks create: one task definition (one container; with {@code exitAfter} the simulated
 * container exits 0 after that long, otherwise it runs until stopped), Tasks of it, and for the comparisons Jobs,
 * bare Pods and a Deployment with exactly the Pod that Berth rendered for a warm-up Task.
 */
final class Workloads {

    static final String FAMILY = "bench";

    private Workloads() {
    }

    static TaskDefinition taskDefinition(String ns, String family, String exitAfter) {
        ContainerDefinition container = new ContainerDefinition();
        container.name = "app";
        container.image = "busybox:1.36";
        container.essential = true;
        container.dockerLabels = new HashMap<>();
        if (exitAfter != null) {
            container.dockerLabels.put("sim.berth.dev/exit-code", "0");
            container.dockerLabels.put("sim.berth.dev/exit-after", exitAfter);
            container.command = List.of("sh", "-c", "sleep 1");
        } else {
            container.command = List.of("sleep", "infinity");
        }
        TaskDefinitionSpec spec = new TaskDefinitionSpec();
        spec.cpu = new IntOrString("256");
        spec.memory = new IntOrString("512");
        spec.containerDefinitions = List.of(container);
        TaskDefinition def = new TaskDefinition();
        def.setMetadata(new ObjectMetaBuilder().withName(family).withNamespace(ns).build());
        def.setSpec(spec);
        return def;
    }

    static Task task(String ns, String name, String family) {
        Task task = new Task();
        task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        TaskSpec spec = new TaskSpec();
        spec.taskDefinition = family;
        task.setSpec(spec);
        return task;
    }

    static List<Task> tasks(String ns, String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> task(ns, prefix + "-" + i, FAMILY)).toList();
    }

    /** Berth's Pod reduced to what a user would write: spec and annotations, no owner, finalizer or Berth labels. */
    static PodTemplateSpec template(Pod berthPod, String app) {
        PodSpec spec = Serialization.clone(berthPod.getSpec());
        spec.setNodeName(null);
        ObjectMeta meta = new ObjectMetaBuilder().withAnnotations(berthPod.getMetadata().getAnnotations())
                .withLabels(Map.of("app", app)).build();
        return new PodTemplateSpecBuilder().withMetadata(meta).withSpec(spec).build();
    }

    static List<Job> jobs(String ns, PodTemplateSpec template, int n) {
        return IntStream.range(0, n).mapToObj(i -> new JobBuilder().withNewMetadata().withName("job-" + i).withNamespace(ns)
                .endMetadata().withNewSpec().withBackoffLimit(0).withTemplate(template).endSpec().build()).toList();
    }

    static List<Pod> pods(String ns, PodTemplateSpec template, int n) {
        return IntStream.range(0, n).mapToObj(i -> new PodBuilder().withNewMetadataLike(template.getMetadata())
                .withName("pod-" + i).withNamespace(ns).endMetadata().withSpec(template.getSpec()).build()).toList();
    }

    static Deployment deployment(String ns, PodTemplateSpec template, int replicas) {
        PodSpec spec = Serialization.clone(template.getSpec());
        spec.setRestartPolicy("Always");
        return new DeploymentBuilder().withNewMetadata().withName("bench").withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "bench-deploy").endSelector()
                .withNewTemplate().withNewMetadata().withAnnotations(template.getMetadata().getAnnotations())
                .addToLabels("app", "bench-deploy").endMetadata().withSpec(spec).endTemplate().endSpec().build();
    }
}
