package dev.berth.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.fuzz.SeededCases;

/**
 * {@link TaskLifecycle#decide} over random but possible histories of a task's Pod (each container waits, runs and ends
 * at most once, the Pod is scheduled, deleted, released and gone in that order, any step may be seen twice or skipped,
 * the user may stop the task at any time, time jumps past the start timeout): the task's lastStatus never moves
 * backwards, STOPPED is final (stop code, reason and exit codes frozen) and an exit code once recorded is never lost.
 */
class TaskLifecyclePropertyTest {

    private static final List<String> CONTAINERS = List.of("init", "proxy", "web", "metrics");
    private static final List<String> WAITING = List.of("ContainerCreating", "PodInitializing", "ErrImagePull",
            "ImagePullBackOff", "CrashLoopBackOff", "CreateContainerConfigError", "RunContainerError");
    private static final int[] EXIT_CODES = { 0, 0, 1, 2, 127, 137, 139, 143, 255, -1, Integer.MAX_VALUE };

    @Test
    void lastStatusNeverMovesBackwardsStoppedIsFinalAndExitCodesStay() {
        Set<LastStatus> reached = EnumSet.noneOf(LastStatus.class);
        int cases = SeededCases.check("task lifecycle over random Pod histories", 1000, random -> {
            History history = new History(random);
            Task task = TestingTasks.task();
            long now = 0;
            List<String> seen = new ArrayList<>();
            for (int step = 0; step < 30; step++) {
                history.advance();
                now += random.nextInt(15) == 0 ? random.nextInt(400) : random.nextInt(10);
                if (!history.userStopped && random.nextInt(30) == 0) {
                    history.userStopped = true;
                    task.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;
                    task.getSpec().stopCode = random.nextBoolean() ? TaskSpec.StopCode.UserInitiated : null;
                    task.getSpec().stopReason = random.nextBoolean() ? "stopped by the fuzzer" : null;
                }
                TaskStatus previous = task.getStatus();
                TaskDecision decision = TaskLifecycle
                        .decide(TestingTasks.observe(task, history.pod(), history.blocker(), now));
                TaskStatus next = decision.status();
                seen.add(history.describe() + " -> " + next.lastStatus);
                check(previous, next, seen);
                reached.add(next.lastStatus);
                task.setStatus(next);
            }
        });
        if (cases >= 100) {
            assertThat(reached).as("states the random histories reached").containsAll(EnumSet.allOf(LastStatus.class));
        }
    }

    private static void check(TaskStatus previous, TaskStatus next, List<String> seen) {
        assertThat(next).as("status after %s", seen).isNotNull();
        LastStatus now = next.lastStatus;
        assertThat(now).as("lastStatus after %s", seen).isNotNull();
        if (previous == null) {
            return;
        }
        LastStatus before = previous.lastStatus;
        assertThat(now.isAtLeast(before)).as("lastStatus %s -> %s after %s", before, now, seen).isTrue();
        if (before == LastStatus.STOPPED) {
            assertThat(next.stopCode).as("stopCode of a STOPPED task after %s", seen).isEqualTo(previous.stopCode);
            assertThat(next.stoppedReason).as("stoppedReason of a STOPPED task after %s", seen)
                    .isEqualTo(previous.stoppedReason);
            assertThat(next.exitCode).as("exitCode of a STOPPED task after %s", seen).isEqualTo(previous.exitCode);
            assertThat(exitCodes(next)).as("container exit codes of a STOPPED task after %s", seen)
                    .isEqualTo(exitCodes(previous));
        }
        Map<String, Integer> after = exitCodes(next);
        exitCodes(previous).forEach((container, code) -> {
            if (code != null) {
                assertThat(after.get(container)).as("exit code of %s after %s", container, seen).isEqualTo(code);
            }
        });
        if (previous.exitCode != null) {
            assertThat(next.exitCode).as("task exitCode after %s", seen).isNotNull();
        }
    }

    private static Map<String, Integer> exitCodes(TaskStatus status) {
        Map<String, Integer> codes = new LinkedHashMap<>();
        if (status.containers != null) {
            status.containers.forEach(c -> codes.put(c.name, c.exitCode));
        }
        return codes;
    }

    /** One possible history of the task's Pod; every field only moves forward. */
    private static final class History {
        private final Random random;
        /** 0 none yet, 1 exists, 2 deletion requested, 3 finalizer released, 4 gone. */
        private int pod;
        private boolean scheduled;
        private boolean ip;
        private boolean unschedulable;
        private String phase = "Pending";
        private String podFailure;
        private boolean disrupted;
        private boolean spot = false;
        private long deletedAt;
        private final Map<String, Integer> stage = new HashMap<>();
        private final Map<String, String> waitingReason = new HashMap<>();
        private final Map<String, Integer> exitCode = new HashMap<>();
        private final Map<String, Long> startedAt = new HashMap<>();
        private final Map<String, Boolean> ready = new HashMap<>();
        private long clock;
        private StartBlocker blocker;
        boolean userStopped;

        History(Random random) {
            this.random = random;
            CONTAINERS.forEach(c -> stage.put(c, 0));
            spot = random.nextInt(4) == 0;
        }

        void advance() {
            clock += 1 + random.nextInt(20);
            blocker = pod == 0 && random.nextInt(4) == 0 ? new StartBlocker(
                    random.nextBoolean() ? "SecretNotFound" : "PodRejected", "ResourceInitializationError: fuzz",
                    random.nextBoolean() ? StartBlocker.Cure.NONE : StartBlocker.Cure.WATCHED_CHANGE) : null;
            switch (random.nextInt(13)) {
                case 0, 1 -> pod = Math.max(pod, 1);
                case 2 -> scheduled = scheduled || !unschedulable || random.nextBoolean();
                case 3 -> unschedulable = !scheduled && random.nextInt(3) == 0;
                case 4, 5, 6, 7 -> CONTAINERS.stream().filter(c -> random.nextBoolean()).forEach(this::container);
                case 8 -> {
                    if (pod >= 1 && pod < 4 && random.nextInt(3) == 0) {
                        if (pod == 1) {
                            deletedAt = clock;
                        }
                        pod++;
                    }
                }
                case 9 -> phase = nextPhase();
                case 10 -> disrupted = disrupted || random.nextInt(5) == 0;
                case 11 -> ip = ip || scheduled;
                default -> {
                    // nothing changed: the same Pod observed again
                }
            }
        }

        private String nextPhase() {
            if (!"Pending".equals(phase) && !"Running".equals(phase)) {
                return phase;
            }
            return switch (random.nextInt(5)) {
                case 0 -> "Running";
                case 1 -> "Succeeded";
                case 2 -> {
                    podFailure = random.nextBoolean() ? "Evicted" : "DeadlineExceeded";
                    yield "Failed";
                }
                default -> phase;
            };
        }

        private void container(String name) {
            if (pod == 0 || !scheduled) {
                return;
            }
            int at = stage.get(name);
            if (at == 0) {
                waitingReason.put(name, WAITING.get(random.nextInt(WAITING.size())));
                stage.put(name, 1);
            } else if (at == 1) {
                startedAt.put(name, clock);
                ready.put(name, random.nextInt(4) != 0);
                stage.put(name, 2);
            } else if (at == 2) {
                if (random.nextBoolean()) {
                    ready.put(name, !ready.get(name));
                } else if (name.equals("init") || random.nextInt(3) == 0) {
                    exitCode.put(name, EXIT_CODES[random.nextInt(EXIT_CODES.length)]);
                    stage.put(name, 3);
                }
            }
        }

        StartBlocker blocker() {
            return blocker;
        }

        io.fabric8.kubernetes.api.model.Pod pod() {
            if (pod == 0 || pod == 4) {
                return null;
            }
            TestingPods built = TestingPods.pod();
            if (scheduled) {
                built.scheduled(1);
                if (ip) {
                    built.ip(TestingPods.IP);
                }
            } else if (unschedulable) {
                built.unschedulable("0/3 nodes are available: fuzz");
            }
            for (String c : CONTAINERS) {
                switch (stage.get(c)) {
                    case 1 -> built.waiting(c, waitingReason.get(c), "fuzz");
                    case 2 -> built.running(c, startedAt.get(c), ready.get(c));
                    case 3 -> built.terminated(c, exitCode.get(c), exitCode.get(c) == 0 ? "Completed" : "Error",
                            startedAt.get(c), startedAt.get(c) + 1);
                    default -> {
                    }
                }
            }
            if ("Failed".equals(phase)) {
                built.failed(podFailure, "fuzz");
            } else {
                built.phase(phase);
            }
            if (disrupted) {
                built.disruption("DeletionByTaintManager", "fuzz", clock);
            }
            if (spot) {
                built.spot();
            }
            if (pod >= 2) {
                built.deleted(deletedAt, 30);
            }
            if (pod >= 3) {
                built.released();
            }
            return built.build();
        }

        String describe() {
            return "pod" + pod + (scheduled ? "/scheduled" : "") + "/" + phase + stage + exitCode
                    + (userStopped ? "/user-stopped" : "") + (blocker == null ? "" : "/blocked:" + blocker.reason());
        }
    }
}
