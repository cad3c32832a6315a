package dev.berth.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.batch.QueueAdmission.Demand;
import dev.berth.batch.QueueAdmission.Grant;

class QueueAdmissionTest {

    private static final ComputeEnvironment FARGATE = new ComputeEnvironment("default", "FARGATE");
    private static final ComputeEnvironment SPOT = new ComputeEnvironment("default", "FARGATE_SPOT");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void quarterVcpuAttemptsFillABudgetExactly() {
        // 2 vCPUs = 8 attempts of 0.25 vCPU; 1.5 already held leaves room for 2 more
        Map<String, List<Grant>> grants = QueueAdmission.admit(Map.of(FARGATE, 2 * 1024), Map.of(FARGATE, 1536),
                List.of(demand("a", 1, T0, 256, 10, FARGATE)));
        assertEquals(List.of(new Grant(FARGATE, 2)), grants.get("a"));
    }

    @Test
    void fargateSizesThatDoNotDivideTheBudgetLeaveTheRemainderUnused() {
        // 4 vCPU budget, attempts of 1.5 (not a Fargate size, but 0.5+1 shows the arithmetic) -> 2 fit, 1 vCPU left
        assertEquals(List.of(new Grant(FARGATE, 2)), QueueAdmission
                .admit(Map.of(FARGATE, 4096), Map.of(), List.of(demand("a", 1, T0, 1536, 5, FARGATE))).get("a"));
    }

    @Test
    void higherPriorityFirstThenFirstInFirstOut() {
        Map<String, List<Grant>> grants = QueueAdmission.admit(Map.of(FARGATE, 4 * 1024), Map.of(),
                List.of(demand("late-low", 1, T0.plusSeconds(10), 1024, 2, FARGATE),
                        demand("early-low", 1, T0, 1024, 1, FARGATE),
                        demand("high", 10, T0.plusSeconds(60), 1024, 2, FARGATE)));
        assertEquals(List.of(new Grant(FARGATE, 2)), grants.get("high"));
        assertEquals(List.of(new Grant(FARGATE, 1)), grants.get("early-low"));
        assertEquals(List.of(new Grant(FARGATE, 1)), grants.get("late-low"));
    }

    @Test
    void aJobThatDoesNotFitBlocksTheJobsBehindIt() {
        // the head job wants 2 vCPUs per attempt, 1 is free: the small job behind it does not jump the line
        Map<String, List<Grant>> grants = QueueAdmission.admit(Map.of(FARGATE, 4096), Map.of(FARGATE, 3072),
                List.of(demand("big", 1, T0, 2048, 1, FARGATE), demand("small", 1, T0.plusSeconds(1), 256, 1, FARGATE)));
        assertEquals(Map.of(), grants);
    }

    @Test
    void aJobLargerThanTheWholeBudgetBlocksNobody() {
        Map<String, List<Grant>> grants = QueueAdmission.admit(Map.of(FARGATE, 2048), Map.of(),
                List.of(demand("huge", 1, T0, 4096, 1, FARGATE), demand("small", 1, T0.plusSeconds(1), 1024, 1, FARGATE)));
        assertEquals(Map.of("small", List.of(new Grant(FARGATE, 1))), grants);
    }

    @Test
    void computeEnvironmentsAreFilledInOrder() {
        Map<String, List<Grant>> grants = QueueAdmission.admit(Map.of(SPOT, 2048, FARGATE, 8192), Map.of(),
                List.of(demand("a", 1, T0, 1024, 5, SPOT, FARGATE)));
        assertEquals(List.of(new Grant(SPOT, 2), new Grant(FARGATE, 3)), grants.get("a"));
    }

    @Test
    void aFullBudgetAdmitsNothing() {
        assertEquals(Map.of(), QueueAdmission.admit(Map.of(FARGATE, 1024), Map.of(FARGATE, 1024),
                List.of(demand("a", 1, T0, 256, 3, FARGATE))));
    }

    @Test
    void queuesSharingAComputeEnvironmentShareTheSmallestBudget() {
        assertEquals(Map.of(FARGATE, 2048, SPOT, 5120),
                QueueAdmission.budgets(Map.of(FARGATE, List.of(4, 2), SPOT, List.of(5))));
    }

    private static Demand demand(String job, int priority, Instant at, int units, int runnable, ComputeEnvironment... ces) {
        return new Demand(job, priority, at, List.of(ces), units, runnable);
    }
}
