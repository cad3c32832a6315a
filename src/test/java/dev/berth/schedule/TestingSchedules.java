package dev.berth.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.ScheduledTaskSpec;
import dev.berth.api.v1alpha1.ScheduledTaskStatus;
import dev.berth.schedule.ScheduleObservation.ChildTask;

/** Specs, observations and a fake cluster of Tasks for the pure schedule tests. */
final class TestingSchedules {

    static final Instant CREATED = Instant.parse("2026-03-02T09:30:20Z");

    private TestingSchedules() {
    }

    static ScheduledTaskSpec spec(String expression) {
        ScheduledTaskSpec spec = new ScheduledTaskSpec();
        spec.scheduleExpression = expression;
        spec.target = new ScheduledTaskSpec.Target();
        spec.target.taskDefinition = "backup";
        return spec;
    }

    static ScheduleObservation observe(ScheduledTaskSpec spec, ScheduledTaskStatus previous, List<ChildTask> tasks,
            Instant now) {
        return new ScheduleObservation("nightly", "ns/nightly", 1, spec, CREATED, previous, tasks, now);
    }

    static ChildTask running(String name) {
        return new ChildTask(name, LastStatus.RUNNING, null, null, null, null);
    }

    static ChildTask exited(String name, int exitCode, Instant at) {
        return new ChildTask(name, LastStatus.STOPPED, "EssentialContainerExited", "Essential container in task exited",
                exitCode, at);
    }

    static ChildTask failedToStart(String name, Instant at) {
        return new ChildTask(name, LastStatus.STOPPED, "TaskFailedToStart",
                "ClientException: Unable to describe task definition backup.", null, at);
    }

    /**
     * The API server and the Task controller as the scheduler sees them: Tasks it created, each with the state a test
     * gives it. Creating a name twice is refused, as the API server does.
     */
    static final class FakeCluster {
        final List<ChildTask> tasks = new ArrayList<>();
        final List<String> createdNames = new ArrayList<>();
        int refusedDuplicates;

        void create(List<RunLaunch> launches) {
            for (RunLaunch launch : launches) {
                if (tasks.stream().anyMatch(t -> t.name().equals(launch.taskName()))) {
                    refusedDuplicates++;
                    continue;
                }
                createdNames.add(launch.taskName());
                tasks.add(running(launch.taskName()));
            }
        }

        void set(ChildTask task) {
            tasks.replaceAll(t -> t.name().equals(task.name()) ? task : t);
        }
    }
}
