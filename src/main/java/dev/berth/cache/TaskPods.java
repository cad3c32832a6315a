package dev.berth.cache;

import java.util.List;
import java.util.Map;

import dev.berth.api.v1alpha1.Berth;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

/**
 * The store of the Task controller's Pod informer: each Pod is kept with what a task's lifecycle is decided from —
 * identity, labels, owner, finalizers and deletion; node, container names and images, init container restart policy;
 * phase, reason, IP, conditions and container states with their images — and without the rest (volumes, env, resources, probes,
 * tolerations, affinity, images' digests...), most of a Pod's size. Readers of this cache see only these fields; the
 * operator never writes a Pod from it except to remove its finalizer, which patches only that field.
 */
public class TaskPods extends LeanItemStore<Pod> {

    public TaskPods() {
        super(TaskPods::lean);
    }

    /** The revision the Pod was made from, in ECS names: where a Task's pin is read when its status does not hold it yet. */
    private static Map<String, String> pinnedRevision(ObjectMeta m) {
        String pinned = m.getAnnotations() == null ? null : m.getAnnotations().get(Berth.ANNOTATION_TASK_DEFINITION);
        return pinned == null ? null : Map.of(Berth.ANNOTATION_TASK_DEFINITION, pinned);
    }

    static Pod lean(Pod pod) {
        ObjectMeta m = pod.getMetadata();
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        return new PodBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(m.getName()).withNamespace(m.getNamespace())
                        .withUid(m.getUid()).withResourceVersion(m.getResourceVersion()).withGeneration(m.getGeneration())
                        .withCreationTimestamp(m.getCreationTimestamp()).withDeletionTimestamp(m.getDeletionTimestamp())
                        .withDeletionGracePeriodSeconds(m.getDeletionGracePeriodSeconds()).withLabels(m.getLabels())
                        .withFinalizers(m.getFinalizers()).withOwnerReferences(m.getOwnerReferences())
                        .withAnnotations(pinnedRevision(m)).build())
                .withNewSpec().withNodeName(spec.getNodeName()).withContainers(containers(spec.getContainers()))
                .withInitContainers(containers(spec.getInitContainers())).endSpec()
                .withStatus(new PodStatusBuilder().withPhase(status.getPhase()).withReason(status.getReason())
                        .withMessage(status.getMessage()).withPodIP(status.getPodIP()).withConditions(status.getConditions())
                        .withContainerStatuses(statuses(status.getContainerStatuses()))
                        .withInitContainerStatuses(statuses(status.getInitContainerStatuses())).build())
                .build();
    }

    private static List<Container> containers(List<Container> containers) {
        return containers == null ? null
                : containers.stream().map(c -> new ContainerBuilder().withName(c.getName()).withImage(c.getImage())
                        .withRestartPolicy(c.getRestartPolicy()).build()).toList();
    }

    private static List<ContainerStatus> statuses(List<ContainerStatus> statuses) {
        return statuses == null ? null
                : statuses.stream().map(s -> new ContainerStatusBuilder().withName(s.getName()).withReady(s.getReady())
                        .withStarted(s.getStarted()).withRestartCount(s.getRestartCount()).withState(s.getState())
                        .withLastState(s.getLastState()).withImage(s.getImage()).withImageID(s.getImageID()).build())
                        .toList();
    }
}
