package dev.berth.translate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.Tag;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/**
 * Name, owner, finalizer, labels and annotations of a task's Pod.
 *
 * <p>
 * Labels identify the task for selectors and {@code kubectl get pods -l}; family and cluster are ECS names and their
 * labels hold their Kubernetes names ({@link EcsNames}), the annotation {@code berth.dev/task-definition} the ECS
 * {@code family:revision}; every other label value goes through {@link Labels#sanitizeValue}, so long or unusual
 * names never make the Pod invalid.
 * Tags become labels only where key and value already are valid label text (a rewritten tag
 * would be a different tag), and never under {@code berth.dev/} or over a label the operator
 * sets; the annotation {@code berth.dev/tags} keeps every tag as a compact JSON list.
 *
 * <p>
 * Docker labels of all containers are copied to annotations, which is how the local kwok
 * simulation is driven ({@code sim.berth.dev/...}, docs/simulation.md). On conflicts later
 * containers win (task-definition order). Keys that are not valid annotation keys are skipped
 * (the API server would reject the whole Pod), and so are keys under {@code berth.dev/}, which
 * belong to the operator.
 */
final class PodMetadata {

    private static final String RESERVED_PREFIX = Berth.GROUP + "/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PodMetadata() {
    }

    static ObjectMeta render(PodInput in) {
        return new ObjectMetaBuilder()
                .withName(in.taskName())
                .withNamespace(in.namespace())
                .withLabels(labels(in))
                .withAnnotations(annotations(in))
                .withFinalizers(Berth.POD_FINALIZER)
                .withOwnerReferences(ownerReference(in))
                .build();
    }

    /** The Task as controller of what is made for it (its Pod, its none-mode NetworkPolicy). */
    static OwnerReference ownerReference(PodInput in) {
        return new OwnerReferenceBuilder()
                .withApiVersion(Berth.API_VERSION)
                .withKind("Task")
                .withName(in.taskName())
                .withUid(in.taskUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    static Map<String, String> labels(PodInput in) {
        TaskSpec task = in.task();
        Map<String, String> labels = new TreeMap<>();
        for (Tag tag : tags(task)) {
            String value = tag.value == null ? "" : tag.value;
            if (Labels.isValidKey(tag.key) && Labels.isValidValue(value) && !isReserved(tag.key)) {
                labels.put(tag.key, value);
            }
        }
        putSanitized(labels, Berth.LABEL_TASK, in.taskName());
        labels.put(Berth.LABEL_FAMILY, EcsNames.kubernetesName(in.family()));
        putSanitized(labels, Berth.LABEL_REVISION, String.valueOf(in.revision()));
        if (task.cluster != null) {
            labels.put(Berth.LABEL_CLUSTER, EcsNames.kubernetesName(task.cluster));
        }
        putSanitized(labels, Berth.LABEL_CAPACITY_PROVIDER, in.placement().capacityProvider());
        if (in.placement().spot()) {
            labels.put(Berth.LABEL_SPOT, "true");
        }
        putSanitized(labels, Berth.LABEL_STARTED_BY, task.startedBy);
        putSanitized(labels, Berth.LABEL_GROUP, task.group);
        labels.put(Berth.LABEL_MANAGED_BY, Berth.MANAGED_BY);
        return labels;
    }

    /** The labels shared by the tasks of this task's group (its group, else its family): what placement spreads over. */
    static Map<String, String> groupSelector(PodInput in) {
        Map<String, String> labels = labels(in);
        String key = labels.containsKey(Berth.LABEL_GROUP) ? Berth.LABEL_GROUP : Berth.LABEL_FAMILY;
        return Map.of(key, labels.get(key));
    }

    static Map<String, String> annotations(PodInput in) {
        Map<String, String> annotations = new TreeMap<>();
        for (ContainerDefinition container : in.taskDefinition().containerDefinitions) {
            if (container.dockerLabels == null) {
                continue;
            }
            container.dockerLabels.forEach((key, value) -> {
                if (Labels.isValidKey(key) && !key.startsWith(RESERVED_PREFIX)) {
                    annotations.put(key, value == null ? "" : value);
                }
            });
        }
        List<Tag> tags = tags(in.task());
        if (!tags.isEmpty()) {
            annotations.put(Berth.ANNOTATION_TAGS, toJson(tags));
        }
        annotations.put(Berth.ANNOTATION_TASK_DEFINITION, in.family() + ":" + in.revision());
        return annotations;
    }

    private static boolean isReserved(String key) {
        return key.startsWith(RESERVED_PREFIX) || key.equals(Berth.LABEL_MANAGED_BY);
    }

    private static void putSanitized(Map<String, String> labels, String key, String raw) {
        Labels.sanitizeValue(raw).ifPresent(value -> labels.put(key, value));
    }

    private static List<Tag> tags(TaskSpec task) {
        return task.tags == null ? List.of() : task.tags;
    }

    private static String toJson(List<Tag> tags) {
        try {
            return JSON.writeValueAsString(tags);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tags are plain strings and always serialize", e);
        }
    }
}
