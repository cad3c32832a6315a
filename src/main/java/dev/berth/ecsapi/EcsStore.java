package dev.berth.ecsapi;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinition;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The custom resources the ECS API reads and writes: the same Clusters, TaskDefinitions, TaskDefinitionRevisions,
 * Tasks and Services kubectl users see. ECS names become Kubernetes names only through
 * {@link EcsNames#kubernetesName}.
 */
public final class EcsStore {

    final KubernetesClient client;
    final ObjectMapper json;

    public EcsStore(KubernetesClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    /**
     * The JSON mapper between ECS documents and Berth's resources: absent members stay absent, and members a Berth
     * class does not model are ignored where it does not keep them (its EcsFields keep them).
     */
    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
    }

    /**
     * A request document as the spec of a Berth resource. The SDK's codec accepts any string for an ECS enum (newer
     * clients may send values it does not know); a value Berth's spec has no constant for is the caller's mistake,
     * a ClientException naming the member, the value and what is accepted.
     */
    <T> T spec(JsonNode document, Class<T> type) {
        try {
            return json.convertValue(document, type);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof JsonMappingException mapping) {
                throw EcsApiException.client(invalidMember(mapping));
            }
            throw e;
        }
    }

    static String invalidMember(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            return "Invalid value " + invalid.getValue() + " for " + path + ": expected one of "
                    + Arrays.stream(invalid.getTargetType().getEnumConstants()).map(Object::toString)
                            .collect(Collectors.joining(", "))
                    + ".";
        }
        return "Invalid value for " + path + ".";
    }

    public Optional<Cluster> cluster(String namespace, String ecsName) {
        return Optional.ofNullable(client.resources(Cluster.class).inNamespace(namespace)
                .withName(EcsNames.kubernetesName(ecsName)).get());
    }

    /** The cluster, or ClusterNotFoundException; {@code default} is created on first use, as ECS does. */
    public Cluster requireCluster(EcsCall call, String ecsName) {
        Optional<Cluster> cluster = cluster(call.namespace(), ecsName);
        if (cluster.isPresent()) {
            return cluster.get();
        }
        if (Cluster.DEFAULT.equals(ecsName)) {
            return createCluster(call.namespace(), Cluster.DEFAULT, null);
        }
        throw EcsApiException.clusterNotFound();
    }

    /** Creates the cluster, or returns the existing one (CreateCluster is idempotent in ECS). */
    public Cluster createCluster(String namespace, String ecsName, java.util.function.Consumer<Cluster> customize) {
        Cluster cluster = new Cluster();
        cluster.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(EcsNames.kubernetesName(ecsName)).withNamespace(namespace).build());
        if (!EcsNames.isKubernetesName(ecsName)) {
            cluster.getMetadata().getAnnotations().put(EcsShapes.ANNOTATION_ECS_NAME, ecsName);
        }
        cluster.setSpec(new dev.berth.api.v1alpha1.ClusterSpec());
        if (customize != null) {
            customize.accept(cluster);
        }
        try {
            return client.resource(cluster).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return cluster(namespace, ecsName).orElseThrow(() -> e);
            }
            throw KubernetesErrors.translate(e);
        }
    }

    public List<Cluster> clusters(String namespace) {
        return client.resources(Cluster.class).inNamespace(namespace).list().getItems().stream()
                .sorted(Comparator.comparing(EcsShapes::ecsName)).toList();
    }

    public Optional<TaskDefinition> taskDefinition(String namespace, String family) {
        return Optional.ofNullable(client.resources(TaskDefinition.class).inNamespace(namespace)
                .withName(EcsNames.kubernetesName(family)).get());
    }

    /** Every revision of the namespace, by family then revision number. */
    public List<TaskDefinitionRevision> revisions(String namespace) {
        return client.resources(TaskDefinitionRevision.class).inNamespace(namespace).list().getItems().stream()
                .filter(r -> r.getSpec() != null && r.getSpec().family != null && r.getSpec().revision != null)
                .sorted(Comparator.<TaskDefinitionRevision, String> comparing(r -> r.getSpec().family)
                        .thenComparing(r -> r.getSpec().revision))
                .toList();
    }

    public List<TaskDefinitionRevision> revisions(String namespace, String family) {
        return client.resources(TaskDefinitionRevision.class).inNamespace(namespace)
                .withLabel(Berth.LABEL_FAMILY, EcsNames.kubernetesName(family)).list().getItems().stream()
                .filter(r -> r.getSpec() != null && family.equals(r.getSpec().family))
                .sorted(Comparator.comparing(r -> r.getSpec().revision)).toList();
    }

    /**
     * The revision a reference names: {@code family:n} that one, {@code family} its latest ACTIVE one; a missing one
     * is ECS's ClientException "Unable to describe task definition.".
     */
    public TaskDefinitionRevision revision(String namespace, String reference) {
        String ref = EcsArns.taskDefinition(reference);
        if (ref == null || ref.isBlank()) {
            throw EcsApiException.client("Task Definition can not be blank.");
        }
        int colon = ref.indexOf(':');
        String family = colon < 0 ? ref : ref.substring(0, colon);
        if (!EcsNames.isEcsName(family)) {
            throw EcsApiException.client("Unable to describe task definition.");
        }
        List<TaskDefinitionRevision> revisions = revisions(namespace, family);
        if (colon < 0) {
            return revisions.stream().filter(TaskDefinitionRevision::isActive).reduce((a, b) -> b)
                    .orElseThrow(EcsApiException::taskDefinitionNotFound);
        }
        int number;
        try {
            number = Integer.parseInt(ref.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw EcsApiException.invalidParameter("Invalid revision number. Number: " + ref.substring(colon + 1));
        }
        return revisions.stream().filter(r -> r.getSpec().revision == number).findFirst()
                .orElseThrow(EcsApiException::taskDefinitionNotFound);
    }

    public List<Task> tasks(String namespace) {
        return client.resources(Task.class).inNamespace(namespace).list().getItems();
    }

    public Optional<Task> task(String namespace, String id) {
        if (id == null || !EcsNames.isKubernetesName(id)) {
            return Optional.empty();
        }
        return Optional.ofNullable(client.resources(Task.class).inNamespace(namespace).withName(id).get());
    }

    public List<Service> services(String namespace) {
        return client.resources(Service.class).inNamespace(namespace).list().getItems();
    }

    public Optional<Service> service(String namespace, String ecsName) {
        if (!EcsNames.isEcsName(ecsName)) {
            return Optional.empty();
        }
        return Optional.ofNullable(client.resources(Service.class).inNamespace(namespace)
                .withName(EcsNames.kubernetesName(ecsName)).get());
    }

    /** The cluster a task or service belongs to, in ECS terms ({@code default} when unset). */
    static String clusterOf(String cluster) {
        return cluster == null ? Cluster.DEFAULT : cluster;
    }
}
