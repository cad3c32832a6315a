package dev.berth.ecsapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Tag;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.client.KubernetesClientException;
import software.amazon.awssdk.services.ecs.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.ecs.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.ecs.model.TagResourceRequest;
import software.amazon.awssdk.services.ecs.model.TagResourceResponse;
import software.amazon.awssdk.services.ecs.model.UntagResourceRequest;
import software.amazon.awssdk.services.ecs.model.UntagResourceResponse;

/**
 * TagResource, UntagResource and ListTagsForResource on clusters (an annotation), services and tasks (their spec's
 * tags). Task definition revisions are immutable in Berth: their tags are the ones they were registered with.
 */
public final class TagOperations {

    private final EcsStore store;
    private final EcsShapes shapes;
    private Authorizer authorizer;

    TagOperations(EcsStore store, EcsShapes shapes) {
        this.store = store;
        this.shapes = shapes;
    }

    /** The permission depends on the resource the ARN names, so these operations authorise themselves. */
    void authorizer(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    private record Target(String kind, String name) {
    }

    private Target target(String arn) {
        if (arn == null || !arn.startsWith("arn:aws:ecs:")) {
            throw EcsApiException.invalidParameter("Invalid resource ARN: " + arn);
        }
        String resource = arn.substring(arn.indexOf(':', arn.indexOf(':', "arn:aws:ecs:".length()) + 1) + 1);
        String kind = resource.substring(0, Math.max(0, resource.indexOf('/')));
        return switch (kind) {
            case "cluster" -> new Target("clusters", EcsArns.clusterName(arn));
            case "service" -> {
                if (EcsArns.clusterOfArn(arn, "service") == null) {
                    throw EcsApiException.invalidParameter("Long arn format must be used for tagging operations");
                }
                yield new Target("services", EcsArns.serviceName(arn));
            }
            case "task" -> new Target("tasks", EcsArns.taskId(arn));
            case "task-definition" -> new Target("taskdefinitionrevisions", EcsArns.taskDefinition(arn));
            default -> throw EcsApiException.invalidParameter("Tagging is not supported for resource " + arn);
        };
    }

    public TagResourceResponse tagResource(EcsCall call, TagResourceRequest request) {
        Map<String, String> add = new LinkedHashMap<>();
        if (request.hasTags()) {
            request.tags().forEach(t -> add.put(t.key(), t.value()));
        }
        change(call, request.resourceArn(), tags -> tags.putAll(add));
        return TagResourceResponse.builder().build();
    }

    public UntagResourceResponse untagResource(EcsCall call, UntagResourceRequest request) {
        List<String> keys = request.hasTagKeys() ? request.tagKeys() : List.of();
        change(call, request.resourceArn(), tags -> keys.forEach(tags::remove));
        return UntagResourceResponse.builder().build();
    }

    public ListTagsForResourceResponse listTagsForResource(EcsCall call, ListTagsForResourceRequest request) {
        Target target = target(request.resourceArn());
        authorizer.authorize(call.key(), "ListTagsForResource", Permission.read(target.kind()));
        List<Tag> tags = switch (target.kind()) {
            case "clusters" -> clusterTags(cluster(call, target.name()));
            case "services" -> nonNull(service(call, target.name()).getSpec().tags);
            case "tasks" -> nonNull(task(call, target.name()).getSpec().tags);
            default -> nonNull(store.revision(call.namespace(), target.name()).getSpec().taskDefinition.tags);
        };
        return ListTagsForResourceResponse.builder().tags(shapes.tags(tags)).build();
    }

    private void change(EcsCall call, String arn, java.util.function.Consumer<Map<String, String>> edit) {
        Target target = target(arn);
        if (target.kind().equals("taskdefinitionrevisions")) {
            throw new EcsApiException(EcsError.UNSUPPORTED_FEATURE, "Berth's task definition revisions are immutable:"
                    + " register the task definition with the tags instead.");
        }
        authorizer.authorize(call.key(), "TagResource", Permission.update(target.kind()));
        try {
            switch (target.kind()) {
                case "clusters" -> store.client.resources(Cluster.class).inNamespace(call.namespace())
                        .withName(cluster(call, target.name()).getMetadata().getName()).edit(c -> {
                            List<Tag> tags = edited(clusterTags(c), edit);
                            try {
                                c.getMetadata().getAnnotations().put(EcsShapes.ANNOTATION_TAGS,
                                        store.json.writeValueAsString(tags));
                            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                                throw new IllegalStateException(e);
                            }
                            return c;
                        });
                case "services" -> store.client.resources(Service.class).inNamespace(call.namespace())
                        .withName(service(call, target.name()).getMetadata().getName()).edit(s -> {
                            s.getSpec().tags = edited(nonNull(s.getSpec().tags), edit);
                            return s;
                        });
                default -> store.client.resources(Task.class).inNamespace(call.namespace())
                        .withName(task(call, target.name()).getMetadata().getName()).edit(t -> {
                            t.getSpec().tags = edited(nonNull(t.getSpec().tags), edit);
                            return t;
                        });
            }
        } catch (KubernetesClientException e) {
            throw KubernetesErrors.translate(e);
        }
    }

    private static List<Tag> edited(List<Tag> tags, java.util.function.Consumer<Map<String, String>> edit) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key, t.value));
        edit.accept(map);
        if (map.size() > 50) {
            throw new EcsApiException(EcsError.LIMIT_EXCEEDED, "A resource can have at most 50 tags.");
        }
        List<Tag> out = new ArrayList<>();
        map.forEach((k, v) -> out.add(new Tag(k, v)));
        return out;
    }

    private List<Tag> clusterTags(Cluster cluster) {
        return store.json.convertValue(shapes.clusterTags(cluster),
                store.json.getTypeFactory().constructCollectionType(List.class, Tag.class));
    }

    private Cluster cluster(EcsCall call, String name) {
        return store.cluster(call.namespace(), name).orElseThrow(EcsApiException::clusterNotFound);
    }

    private Service service(EcsCall call, String name) {
        return store.service(call.namespace(), name).orElseThrow(
                () -> new EcsApiException(EcsError.RESOURCE_NOT_FOUND, "The specified resource could not be found."));
    }

    private Task task(EcsCall call, String id) {
        return store.task(call.namespace(), id).orElseThrow(
                () -> new EcsApiException(EcsError.RESOURCE_NOT_FOUND, "The specified resource could not be found."));
    }

    private static List<Tag> nonNull(List<Tag> tags) {
        return tags == null ? List.of() : tags;
    }
}
