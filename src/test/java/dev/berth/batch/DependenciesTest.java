package dev.berth.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.BatchJobSpec.DependencyType;
import dev.berth.api.v1alpha1.BatchJobSpec.JobDependency;
import dev.berth.api.v1alpha1.JobStatus;
import dev.berth.batch.Dependencies.Failed;
import dev.berth.batch.Dependencies.Waiting;

class DependenciesTest {

    private static final IndexSet NONE = IndexSet.empty();

    @Test
    void nToNWaitsForTheSameIndexOfTheOtherArray() {
        DependencyState stage1 = new DependencyState("stage1", JobStatus.PENDING, 4, IndexSet.parse("0,2"),
                IndexSet.parse("3"));
        List<JobDependency> dependsOn = List.of(new JobDependency("stage1", DependencyType.N_TO_N));
        Map<String, DependencyState> others = Map.of("stage1", stage1);
        assertEquals(Dependencies.READY, Dependencies.of(0, dependsOn, others, NONE, NONE));
        assertEquals(new Waiting("stage1 index 1", false), Dependencies.of(1, dependsOn, others, NONE, NONE));
        assertEquals(Dependencies.READY, Dependencies.of(2, dependsOn, others, NONE, NONE));
        assertEquals(new Failed("Dependent Job failed: stage1 index 3"), Dependencies.of(3, dependsOn, others, NONE, NONE));
    }

    @Test
    void sequentialWaitsForThePreviousChild() {
        List<JobDependency> sequential = List.of(new JobDependency(null, DependencyType.SEQUENTIAL));
        IndexSet succeeded = IndexSet.parse("0-1");
        IndexSet failed = IndexSet.parse("3");
        assertEquals(Dependencies.READY, Dependencies.of(0, sequential, Map.of(), NONE, NONE));
        assertEquals(Dependencies.READY, Dependencies.of(2, sequential, Map.of(), succeeded, failed));
        assertEquals(new Waiting("index 2", false), Dependencies.of(3, sequential, Map.of(), succeeded, NONE));
        assertEquals(new Failed("Dependent Job failed: index 3 of this array"),
                Dependencies.of(4, sequential, Map.of(), succeeded, failed));
    }

    @Test
    void aWholeJobDependencyNeedsSuccess() {
        List<JobDependency> dependsOn = List.of(new JobDependency("prep", null));
        assertEquals(new Waiting("prep", true), Dependencies.of(0, dependsOn, Map.of(), NONE, NONE));
        assertEquals(new Waiting("prep", false), Dependencies.of(0, dependsOn,
                Map.of("prep", new DependencyState("prep", JobStatus.RUNNING, null, NONE, NONE)), NONE, NONE));
        assertEquals(Dependencies.READY, Dependencies.of(5, dependsOn,
                Map.of("prep", new DependencyState("prep", JobStatus.SUCCEEDED, null, IndexSet.parse("0"), NONE)), NONE,
                NONE));
        assertEquals(new Failed("Dependent Job failed: prep"), Dependencies.of(0, dependsOn,
                Map.of("prep", new DependencyState("prep", JobStatus.FAILED, null, NONE, IndexSet.parse("0"))), NONE, NONE));
    }

    @Test
    void aFailureWinsOverWaiting() {
        List<JobDependency> dependsOn = List.of(new JobDependency("missing", null), new JobDependency("failed", null));
        assertEquals(new Failed("Dependent Job failed: failed"), Dependencies.of(0, dependsOn,
                Map.of("failed", new DependencyState("failed", JobStatus.FAILED, null, NONE, NONE)), NONE, NONE));
    }

    @Test
    void cyclesAreFoundThroughTheJob() {
        Map<String, List<String>> edges = Map.of("a", List.of("b"), "b", List.of("c"), "c", List.of("a"), "d",
                List.of("a"));
        assertEquals(Optional.of("a -> b -> c -> a"), Dependencies.cycleThrough("a", edges));
        assertEquals(Optional.empty(), Dependencies.cycleThrough("d", edges), "d waits on a cycle but is not in it");
        assertEquals(Optional.empty(), Dependencies.cycleThrough("x", Map.of("x", List.of("y"), "y", List.of())));
    }
}
