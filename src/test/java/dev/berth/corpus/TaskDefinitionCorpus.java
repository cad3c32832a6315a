package dev.berth.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.ClusterSpec;
import dev.berth.api.v1alpha1.ClusterSpec.FileSystem;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;

/**
 * Real-world-shaped ECS task definitions under src/test/resources/taskdefs, modelled on public ones: AWS documentation
 * and samples (FireLens, App Mesh, X-Ray/OTel, Windows, GPU, EFS), the ECS agent's test fixtures, console exports
 * (describe-task-definition dumps), Terraform {@code container_definitions} arrays, filled-in CLI skeletons.
 *
 * <p>
 * {@code valid/} holds definitions ECS registers: each must apply unchanged and become a Pod. A file holding a JSON
 * array is a Terraform {@code container_definitions} list; it goes under {@code spec.containerDefinitions} as is, with
 * the file name as family. {@code invalid/} holds what must be refused, each with a {@code .expect} file: a fragment of
 * the refusal message (which names the field).
 */
public final class TaskDefinitionCorpus {

    public static final Path ROOT = Path.of("src", "test", "resources", "taskdefs");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One fixture: its file name (without .json), the spec as applied, and the TaskDefinition's Kubernetes name. */
    public record Fixture(String name, String rawJson, String expectedRefusal) {

        /** The ECS document under spec: the file itself, or a Terraform array wrapped as containerDefinitions. */
        public ObjectNode spec() {
            JsonNode node = parse(rawJson);
            if (node.isArray()) {
                ObjectNode spec = JSON.createObjectNode();
                spec.put("family", name);
                spec.set("containerDefinitions", node);
                return spec;
            }
            return (ObjectNode) node;
        }

        /** The ECS family: spec.family, else the file name (as metadata.name stands in for a missing family). */
        public String family() {
            JsonNode family = spec().get("family");
            return family != null && family.isTextual() ? family.asText() : name;
        }

        /** metadata.name: the family's Kubernetes name, the one name Tasks find the family by. */
        public String kubernetesName() {
            return EcsNames.kubernetesName(family());
        }

        /** The TaskDefinition manifest as JSON, for kubectl. */
        public String manifest() {
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("apiVersion", "berth.dev/v1alpha1");
            manifest.put("kind", "TaskDefinition");
            manifest.putObject("metadata").put("name", kubernetesName());
            manifest.set("spec", spec());
            return manifest.toString();
        }

        /**
         * The Cluster such a definition runs in: a PersistentVolumeClaim per EFS/FSx file system it names, host
         * networking allowed (definitions of the host network mode run only there).
         */
        public ClusterSpec cluster() {
            ClusterSpec cluster = new ClusterSpec();
            cluster.fileSystems = fileSystems();
            cluster.allowHostNetwork = true;
            return cluster;
        }

        private List<FileSystem> fileSystems() {
            List<FileSystem> fileSystems = new ArrayList<>();
            spec().path("volumes")
                    .forEach(volume -> Stream.of("efsVolumeConfiguration", "fsxWindowsFileServerVolumeConfiguration")
                            .map(volume::path).filter(JsonNode::isObject).forEach(config -> {
                                FileSystem fileSystem = new FileSystem();
                                fileSystem.fileSystemId = config.path("fileSystemId").asText();
                                fileSystem.persistentVolumeClaim = new PersistentVolumeClaimVolumeSource(
                                        "claim-" + fileSystem.fileSystemId, false);
                                fileSystems.add(fileSystem);
                            }));
            return fileSystems;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private TaskDefinitionCorpus() {
    }

    public static List<Fixture> valid() {
        return fixtures(ROOT.resolve("valid"));
    }

    public static List<Fixture> invalid() {
        return fixtures(ROOT.resolve("invalid"));
    }

    /** Whether the fixture is JSON at all (one invalid fixture is not: it can never reach the API server). */
    public static boolean isJson(Fixture fixture) {
        try {
            JSON.readTree(fixture.rawJson());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Fixture> fixtures(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().map(TaskDefinitionCorpus::fixture).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Fixture fixture(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        Path expect = file.resolveSibling(name + ".expect");
        return new Fixture(name, read(file), Files.exists(expect) ? read(expect).trim() : null);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON", e);
        }
    }
}
