package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.annotation.JsonClassDescription;

import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.JobQueue;
import dev.berth.api.v1alpha1.ScheduledTask;
import dev.berth.api.v1alpha1.SecurityGroup;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinition;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * crds/ holds exactly what the build generates (target/kubernetes, written by the Quarkus build),
 * finished in three ways the generator cannot express: the kind's description from its
 * {@code @JsonClassDescription} (for {@code kubectl explain}), printer columns in the order the model
 * declares them (the generator sorts them by name), and a maxLength on int-or-string fields (the
 * generator drops {@code @Size} there; Berth's are task sizes such as "0.25 vCPU", and without a
 * bound the API server refuses their CEL rules as too expensive).
 * Runs after packaging; {@code make crds} rewrites crds/ with {@code -Dberth.crds.update=true}.
 */
class CrdsIT {

    private static final long SIZE_MAX_LENGTH = 32;

    static Stream<Class<? extends HasMetadata>> kinds() {
        return Stream.of(Cluster.class, TaskDefinition.class, TaskDefinitionRevision.class, Task.class, Service.class,
                ScheduledTask.class, BatchJob.class, JobQueue.class, SecurityGroup.class);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void committedCrdEqualsGenerated(Class<? extends HasMetadata> kind) throws IOException {
        String name = HasMetadata.getPlural(kind) + "." + HasMetadata.getGroup(kind);
        CustomResourceDefinition generated = Serialization.unmarshal(
                Files.readString(Path.of("target/kubernetes", name + "-v1.yml")), CustomResourceDefinition.class);
        orderPrinterColumns(generated, kind);
        generated.getSpec().getVersions().forEach(v -> v.getSchema().getOpenAPIV3Schema()
                .setDescription(kind.getAnnotation(JsonClassDescription.class).value()));
        generated.getSpec().getVersions().forEach(v -> boundIntOrStrings(v.getSchema().getOpenAPIV3Schema()));
        String expected = Serialization.asYaml(generated);
        Path committed = Path.of("crds", name + ".yaml");
        if (Boolean.getBoolean("berth.crds.update")) {
            Files.writeString(committed, expected);
        }
        assertThat(committed).as("crds/ is stale: run `make crds` and commit the result").exists();
        assertThat(Files.readString(committed)).as("crds/ is stale: run `make crds` and commit the result")
                .isEqualTo(expected);
    }

    private static void boundIntOrStrings(JSONSchemaProps schema) {
        if (schema == null) {
            return;
        }
        if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString()) && schema.getMaxLength() == null) {
            schema.setMaxLength(SIZE_MAX_LENGTH);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(CrdsIT::boundIntOrStrings);
        }
        if (schema.getItems() != null) {
            boundIntOrStrings(schema.getItems().getSchema());
        }
        if (schema.getAdditionalProperties() != null) {
            boundIntOrStrings(schema.getAdditionalProperties().getSchema());
        }
    }

    private static void orderPrinterColumns(CustomResourceDefinition crd, Class<?> kind) {
        List<String> declared = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
        crd.getSpec().getVersions().forEach(version -> {
            List<CustomResourceColumnDefinition> columns = new ArrayList<>(version.getAdditionalPrinterColumns());
            columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
            version.setAdditionalPrinterColumns(columns);
        });
    }
}
