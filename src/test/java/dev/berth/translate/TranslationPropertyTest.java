package dev.berth.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.KeyValuePair;
import dev.berth.api.v1alpha1.SizeRules;
import dev.berth.api.v1alpha1.TaskOverride;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.corpus.TaskDefinitionCorpus;
import dev.berth.corpus.TaskDefinitionCorpus.Fixture;
import dev.berth.fuzz.HostileValues;
import dev.berth.fuzz.JsonMutator;
import dev.berth.fuzz.SchemaRules;
import dev.berth.fuzz.SeededCases;
import dev.berth.taskdef.TaskSize;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * Random task definitions through translation: the real-world definitions of the corpus, mutated (hostile strings,
 * numbers out of range, fields removed and added, lists emptied or grown), with random RunTask overrides, through
 * {@link Overrides#apply} and {@link PodRenderer#render}. Each either is refused as the user's error with a message
 * ({@link UnrunnableTask}, or an IllegalArgumentException that is not a number parser's), or becomes a Pod the API
 * server would accept in the ways Berth controls (DNS-label names, unique containers, mounts naming volumes, valid
 * quantities and probe settings), rendered the same twice. Mutations the API server refuses (types, the CRD's
 * CEL rules this test knows) are counted, not translated.
 */
class TranslationPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern ECS_NAME = Pattern.compile(EcsNames.ECS_NAME);
    private static final List<Fixture> CORPUS = TaskDefinitionCorpus.valid();

    @Test
    void everyDefinitionBecomesAValidPodOrAUserError() {
        Map<String, Integer> outcomes = new TreeMap<>();
        int cases = SeededCases.check("translation of mutated task definitions", 1000, random -> {
            Fixture fixture = CORPUS.get(random.nextInt(CORPUS.size()));
            ObjectNode spec = fixture.spec();
            JsonMutator mutator = new JsonMutator(random, 300, false);
            mutator.mutate(spec, 1 + random.nextInt(5));
            EcsTaskDefinition definition;
            try {
                definition = JSON.treeToValue(spec, EcsTaskDefinition.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                outcomes.merge("refused by the schema (type)", 1, Integer::sum);
                return;
            }
            if (SchemaRules.firstViolation(definition) != null) {
                outcomes.merge("refused by the schema (bounds, patterns)", 1, Integer::sum);
                return;
            }
            if (!passesTheCrdRules(definition)) {
                outcomes.merge("refused by the CRD's rules", 1, Integer::sum);
                return;
            }
            TaskOverride overrides = random.nextBoolean() ? null : overrides(random, definition);
            if (!overridesPass(overrides) || SchemaRules.firstViolation(overrides) != null) {
                outcomes.merge("refused by the CRD's rules (overrides)", 1, Integer::sum);
                return;
            }
            String input = fixture.name() + " with " + mutator.mutations() + ", overrides "
                    + TestingTaskDefinitions.json(overrides);
            Pod pod;
            try {
                pod = render(fixture, definition, overrides);
            } catch (UnrunnableTask e) {
                assertThat(e.getMessage()).as("message of %s for %s", e.reason(), input).isNotBlank();
                outcomes.merge("user error " + e.reason(), 1, Integer::sum);
                return;
            } catch (NumberFormatException e) {
                throw new AssertionError("a number parser's exception reported as the user's error for " + input, e);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).as("message of the user error for %s", input).isNotBlank();
                outcomes.merge("user error (IllegalArgumentException)", 1, Integer::sum);
                return;
            } catch (RuntimeException e) {
                throw new AssertionError("translation crashed on " + input, e);
            }
            checkValid(pod, input);
            assertThat(render(fixture, definition, overrides)).as("the same input renders the same Pod: %s", input)
                    .isEqualTo(pod);
            outcomes.merge("Pod", 1, Integer::sum);
        });
        System.out.println("[fuzz] translation outcomes: " + outcomes);
        if (cases >= 100) {
            assertThat(outcomes.getOrDefault("Pod", 0)).as("cases that became Pods: %s", outcomes).isGreaterThan(cases / 8);
        }
    }

    private static Pod render(Fixture fixture, EcsTaskDefinition definition, TaskOverride overrides) {
        EcsTaskDefinition effective = Overrides.apply(definition, overrides);
        return PodRenderer.render(new PodInput("run-1", "team-a", "uid-1", new TaskSpec(), fixture.family(), 1, effective,
                Placement.NONE, fixture.cluster()));
    }

    /** The CEL and OpenAPI rules of the TaskDefinition CRD that concern what this test mutates (crds/, EcsTaskDefinition). */
    private static boolean passesTheCrdRules(EcsTaskDefinition definition) {
        List<ContainerDefinition> containers = definition.containerDefinitions;
        if (containers == null || containers.isEmpty() || containers.size() > 10 || containers.contains(null)) {
            return false;
        }
        Set<String> names = new HashSet<>();
        for (ContainerDefinition c : containers) {
            if (c.name == null || !ECS_NAME.matcher(c.name).matches() || !names.add(c.name) || c.image == null) {
                return false;
            }
        }
        if (containers.stream().noneMatch(c -> c.essential == null || c.essential)) {
            return false;
        }
        Set<String> volumes = new HashSet<>();
        if (definition.volumes != null) {
            for (var v : definition.volumes) {
                if (v == null || v.name == null || !ECS_NAME.matcher(v.name).matches() || !volumes.add(v.name)) {
                    return false;
                }
            }
        }
        if (!sizesPass(definition.cpu, definition.memory)) {
            return false;
        }
        Optional<Integer> cpu = TaskSize.cpuUnits(definition.cpu);
        Optional<Integer> memory = TaskSize.memoryMiB(definition.memory);
        for (ContainerDefinition c : containers) {
            if (c.cpu != null && (c.cpu < 0 || c.cpu > SizeRules.MAX_CPU_UNITS || cpu.isPresent() && c.cpu > cpu.get())
                    || c.memory != null && (c.memory < 6 || memory.isPresent() && c.memory > memory.get())
                    || c.memoryReservation != null && (c.memoryReservation < 6
                            || memory.isPresent() && c.memoryReservation > memory.get()
                            || c.memory != null && c.memoryReservation > c.memory)
                    || definition.memory == null && c.memory == null && c.memoryReservation == null) {
                return false;
            }
        }
        return containers.stream().allMatch(c -> (c.mountPoints == null
                || c.mountPoints.stream().allMatch(m -> m != null && volumes.contains(m.sourceVolume)))
                && (c.volumesFrom == null
                        || c.volumesFrom.stream().allMatch(v -> v != null && names.contains(v.sourceContainer)))
                && (c.dependsOn == null || c.dependsOn.stream().allMatch(d -> d != null && names.contains(d.containerName))));
    }

    /** The CPU_RULE and MEMORY_RULE of SizeRules: absent, or well formed and in range. */
    private static boolean sizesPass(IntOrString cpu, IntOrString memory) {
        try {
            return (cpu == null || TaskSize.cpuUnits(cpu).filter(TaskSize::isValidCpu).isPresent())
                    && (memory == null || TaskSize.memoryMiB(memory).filter(TaskSize::isValidMemory).isPresent());
        } catch (NumberFormatException e) {
            return false; // too long for CEL's int() too: the rule fails to evaluate and the API server refuses
        }
    }

    /** The Task CRD's rules on overrides: task sizes as above, container cpu at least 0 and memory at least 6 MiB. */
    private static boolean overridesPass(TaskOverride overrides) {
        return overrides == null || sizesPass(overrides.cpu, overrides.memory)
                && (overrides.containerOverrides == null || overrides.containerOverrides.stream()
                        .allMatch(c -> (c.cpu == null || c.cpu >= 0) && (c.memory == null || c.memory >= 6)
                                && (c.memoryReservation == null || c.memoryReservation >= 6)));
    }

    private static TaskOverride overrides(Random random, EcsTaskDefinition definition) {
        TaskOverride overrides = new TaskOverride();
        if (random.nextBoolean()) {
            TaskOverride.ContainerOverride container = new TaskOverride.ContainerOverride();
            container.name = random.nextInt(5) == 0 ? HostileValues.string(random, 20)
                    : definition.containerDefinitions.get(random.nextInt(definition.containerDefinitions.size())).name;
            if (random.nextBoolean()) {
                container.command = List.of(HostileValues.string(random, 100), HostileValues.string(random, 10));
            }
            if (random.nextBoolean()) {
                KeyValuePair variable = new KeyValuePair();
                variable.name = HostileValues.string(random, 20);
                variable.value = HostileValues.string(random, 100);
                container.environment = List.of(variable);
            }
            if (random.nextBoolean()) {
                container.cpu = HostileValues.intNumber(random);
            }
            if (random.nextBoolean()) {
                container.memory = HostileValues.intNumber(random);
            }
            if (random.nextBoolean()) {
                container.memoryReservation = HostileValues.intNumber(random);
            }
            overrides.containerOverrides = List.of(container);
        }
        if (random.nextInt(3) == 0) {
            overrides.cpu = new io.fabric8.kubernetes.api.model.IntOrString(HostileValues.string(random, 20));
        }
        if (random.nextInt(3) == 0) {
            overrides.memory = new io.fabric8.kubernetes.api.model.IntOrString(HostileValues.intNumber(random));
        }
        if (random.nextInt(4) == 0) {
            overrides.taskRoleArn = HostileValues.string(random, 100);
        }
        return overrides;
    }

    private static void checkValid(Pod pod, String input) {
        List<Container> all = new ArrayList<>();
        all.addAll(orEmpty(pod.getSpec().getInitContainers()));
        all.addAll(orEmpty(pod.getSpec().getContainers()));
        assertThat(pod.getSpec().getContainers()).as("app containers of %s", input).isNotEmpty();
        Set<String> volumes = new HashSet<>();
        for (Volume volume : orEmpty(pod.getSpec().getVolumes())) {
            assertThat(volume.getName()).as("volume name in %s", input).matches(DNS_LABEL).hasSizeLessThanOrEqualTo(63);
            assertThat(volumes.add(volume.getName())).as("unique volume %s in %s", volume.getName(), input).isTrue();
        }
        Set<String> names = new HashSet<>();
        for (Container c : all) {
            assertThat(c.getName()).as("container name in %s", input).matches(DNS_LABEL).hasSizeLessThanOrEqualTo(63);
            assertThat(names.add(c.getName())).as("unique container %s in %s", c.getName(), input).isTrue();
            for (VolumeMount mount : orEmpty(c.getVolumeMounts())) {
                assertThat(volumes).as("volume of mount %s in %s", mount.getMountPath(), input).contains(mount.getName());
            }
            // ports and environment names are the user's, copied as they are (the CRD's schema bounds the ports);
            // an environment name the API server refuses (an empty one) fails
            // the task at Pod creation with the API server's message (TaskActions.createPod), a handled user error
            checkResources(c.getResources(), c.getName(), input);
            Stream.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())
                    .filter(p -> p != null).forEach(p -> checkProbe(p, c.getName(), input));
        }
        checkResources(pod.getSpec().getResources(), "the Pod", input);
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).as("grace period in %s", input).isNotNegative();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static void checkResources(ResourceRequirements resources, String owner, String input) {
        if (resources == null) {
            return;
        }
        Map<String, Quantity> requests = resources.getRequests() == null ? Map.of() : resources.getRequests();
        Map<String, Quantity> limits = resources.getLimits() == null ? Map.of() : resources.getLimits();
        Stream.concat(requests.values().stream(), limits.values().stream()).forEach(q -> assertThat(
                Quantity.getAmountInBytes(q).signum()).as("quantity %s of %s in %s", q, owner, input).isNotNegative());
        requests.forEach((resource, request) -> {
            Quantity limit = limits.get(resource);
            if (limit != null) {
                assertThat(Quantity.getAmountInBytes(request)).as("%s request of %s above its limit in %s", resource, owner,
                        input).isLessThanOrEqualTo(Quantity.getAmountInBytes(limit));
            }
        });
    }

    private static void checkProbe(Probe probe, String container, String input) {
        String what = "probe of " + container + " in " + input;
        if (probe.getPeriodSeconds() != null) {
            assertThat(probe.getPeriodSeconds()).as(what).isPositive();
        }
        if (probe.getTimeoutSeconds() != null) {
            assertThat(probe.getTimeoutSeconds()).as(what).isPositive();
        }
        if (probe.getFailureThreshold() != null) {
            assertThat(probe.getFailureThreshold()).as(what).isPositive();
        }
        if (probe.getInitialDelaySeconds() != null) {
            assertThat(probe.getInitialDelaySeconds()).as(what).isNotNegative();
        }
    }
}
