package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.ServiceSpec.SchedulingStrategy;
import dev.berth.api.v1alpha1.TaskSpec.DesiredStatus;

class ServiceTaskNamesTest {

    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("a new deployment starts at slot 0", List.of(), List.of(replica(2), replica(2), replica(2)),
                        List.of("web-2-0", "web-2-1", "web-2-2")),
                Arguments.of("slots held by tasks of the observation, STOPPED ones included, are skipped",
                        List.of("web-2-0", "web-2-2"), List.of(replica(2), replica(2)), List.of("web-2-1", "web-2-3")),
                Arguments.of("each deployment has its own slots", List.of("web-1-0", "web-1-1"),
                        List.of(replica(1), replica(2), replica(1)), List.of("web-1-2", "web-2-0", "web-1-3")),
                Arguments.of("a created task the cache does not show yet is launched again under the same name",
                        List.of(), List.of(replica(3)), List.of("web-3-0")),
                Arguments.of("the in-flight launches of a batch that partly reached the cache keep their names",
                        List.of("web-3-0"), List.of(replica(3), replica(3)), List.of("web-3-1", "web-3-2")),
                Arguments.of("scale-out after a scale-in whose stopped tasks are gone reuses their slots",
                        List.of("web-2-0", "web-2-1"), List.of(replica(2), replica(2)), List.of("web-2-2", "web-2-3")),
                Arguments.of("a DAEMON task is named after its node", List.of(),
                        List.of(daemon(4, "node-b"), daemon(4, "node-a")), List.of("web-4-node-b-0", "web-4-node-a-0")),
                Arguments.of("a DAEMON replacement on the same node takes the node's next slot", List.of("web-4-node-a-0"),
                        List.of(daemon(4, "node-a"), daemon(4, "node-c")), List.of("web-4-node-a-1", "web-4-node-c-0")),
                Arguments.of("a node name that is no DNS label is mapped to one", List.of(),
                        List.of(daemon(1, "ip-10-0-1-5.ec2.internal")), List.of("web-1-ip-10-0-1-5-ec2-internal-9b098656-0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void names(String why, List<String> taken, List<TaskLaunch> launches, List<String> expected) {
        assertThat(ServiceTaskNames.assign("web", launches, Set.copyOf(taken))).extracting(TaskLaunch::name)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void aLongServiceNameIsShortenedToADnsLabelThatStillTellsDeploymentsAndSlotsApart() {
        String service = "a".repeat(63);
        List<TaskLaunch> launches = List.of(replica(1), replica(1), replica(12), daemon(12, "node-a"));

        List<String> names = ServiceTaskNames.assign(service, launches, Set.of()).stream().map(TaskLaunch::name).toList();

        assertThat(names).allMatch(n -> DNS_LABEL.matcher(n).matches()).allMatch(n -> n.startsWith("aaaa"))
                .doesNotHaveDuplicates();
        assertThat(names.get(0)).endsWith("-0").hasSize(63);
        assertThat(names.get(1)).endsWith("-1");
        assertThat(ServiceTaskNames.assign(service, launches, Set.of())).extracting(TaskLaunch::name)
                .as("the same observation gives the same names").containsExactlyElementsOf(names);
    }

    /**
     * Random services, deployments, nodes and observations: names are DNS labels, never one the observation holds, never
     * twice in a decision, the same for the same observation, and independent of what else the decision launches.
     */
    @Test
    void randomObservationsGiveDistinctStableDnsLabels() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 2_000; round++) {
            String service = randomLabel(random, 1 + random.nextInt(63));
            List<TaskLaunch> launches = new ArrayList<>();
            for (int i = random.nextInt(12); i > 0; i--) {
                int deployment = 1 + random.nextInt(3);
                launches.add(random.nextBoolean() ? replica(deployment)
                        : daemon(deployment, randomLabel(random, 1 + random.nextInt(40)) + (random.nextBoolean() ? ".x" : "")));
            }
            Set<String> taken = new HashSet<>();
            ServiceTaskNames.assign(service, launches, Set.of()).stream().filter(l -> random.nextBoolean())
                    .forEach(l -> taken.add(l.name()));

            List<String> names = ServiceTaskNames.assign(service, launches, taken).stream().map(TaskLaunch::name).toList();

            String replay = "seed " + seed + ", round " + round + ": " + service + " " + launches + " taken " + taken;
            assertThat(names).as(replay).allMatch(n -> DNS_LABEL.matcher(n).matches()).doesNotHaveDuplicates()
                    .noneMatch(taken::contains);
            assertThat(ServiceTaskNames.assign(service, launches, taken)).as(replay).extracting(TaskLaunch::name)
                    .containsExactlyElementsOf(names);
        }
    }

    /**
     * The etcd stall: the operator decides a rollout's launches, the creates time out on the client (no status write,
     * nothing in the cache) and are committed later. The next decision, on the same stale cache, names the same Tasks; so
     * does one after the first few became visible, for the rest.
     */
    @Test
    void aRolloutDecidedAgainBeforeTheCacheShowsItsLaunchesNamesTheSameTasks() {
        TestingServices service = new TestingServices("web:1", 6).deployment(100, 200);
        service.runToSteadyState(30);
        service.target = "web:2";

        List<TaskLaunch> first = decide(service).launches();
        List<TaskLaunch> again = decide(service).launches();

        assertThat(first).isNotEmpty().allMatch(l -> l.deploymentId().equals("ecs-svc/2"));
        assertThat(again).extracting(TaskLaunch::name).containsExactlyElementsOf(names(first));

        first.stream().limit(2).forEach(l -> service.tasks.add(provisioning(l)));
        assertThat(names(decide(service).launches())).as("the launches still in flight").isNotEmpty()
                .isSubsetOf(names(first.subList(2, first.size())));
    }

    /** The same with the status written (the deployment recorded) but the launched Tasks not in the cache yet. */
    @Test
    void aRecordedDeploymentWhoseTasksAreNotCachedYetNamesTheSameTasks() {
        TestingServices service = new TestingServices("web:1", 3);
        service.target = "web:1";
        ServiceDecision first = decide(service);
        service.status = first.status();

        assertThat(names(decide(service).launches())).isNotEmpty().containsExactlyElementsOf(names(first.launches()));
    }

    /** DAEMON: a node that appears between the two decisions does not shift the other nodes' names. */
    @Test
    void aDaemonDecidedAgainWithANewNodeNamesTheOtherNodesTasksTheSame() {
        TestingServices service = new TestingServices("agent:1", 0);
        service.spec.schedulingStrategy = SchedulingStrategy.DAEMON;
        service.daemonNodes.putAll(Map.of("node-b", "FARGATE", "node-c", "FARGATE"));
        List<String> first = names(decide(service).launches());
        service.daemonNodes.put("node-a", "FARGATE");

        List<String> again = names(decide(service).launches());

        assertThat(first).containsExactlyInAnyOrder("web-1-node-b-0", "web-1-node-c-0");
        assertThat(again).containsExactlyInAnyOrder("web-1-node-a-0", "web-1-node-b-0", "web-1-node-c-0");
    }

    private static ServiceDecision decide(TestingServices service) {
        return ServiceScheduler.decide(new ServiceInputs(service.service(), service.observe(), false, Map.of(), null,
                Map.of(), null, null));
    }

    private static List<String> names(List<TaskLaunch> launches) {
        return launches.stream().map(TaskLaunch::name).toList();
    }

    private static ServiceTask provisioning(TaskLaunch launch) {
        return new ServiceTask(launch.name(), launch.deploymentId(), launch.taskDefinition(), LastStatus.PROVISIONING,
                DesiredStatus.RUNNING, "UNKNOWN", false, TestingServices.T0.plusSeconds(1), (Instant) null, null, null, null,
                launch.capacityProvider(), launch.node());
    }

    private static TaskLaunch replica(int deployment) {
        return new TaskLaunch(Deployments.PREFIX + deployment, "web:1", "FARGATE");
    }

    private static TaskLaunch daemon(int deployment, String node) {
        return new TaskLaunch(Deployments.PREFIX + deployment, "web:1", "FARGATE", node);
    }

    private static String randomLabel(Random random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
        StringBuilder label = new StringBuilder();
        for (int i = 0; i < length; i++) {
            boolean edge = i == 0 || i == length - 1;
            label.append(alphabet.charAt(random.nextInt(alphabet.length() - (edge ? 1 : 0))));
        }
        return label.toString();
    }
}
