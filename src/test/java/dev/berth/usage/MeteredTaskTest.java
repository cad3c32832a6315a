package dev.berth.usage;

import static dev.berth.usage.TestingTaskStatus.definition;
import static dev.berth.usage.TestingTaskStatus.stopped;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.EcsTaskDefinition.CpuArchitecture;
import dev.berth.api.v1alpha1.TaskStatus;

/** The billing facts of a task, from its status and task definition. */
class MeteredTaskTest {

    static final Instant STOPPED_AT = Instant.parse("2026-01-01T10:05:00Z");

    @Test
    void billingStartsWhenThePullStartsSoPullTimeIsBilled() {
        TaskStatus status = stopped("256", "512", "2026-01-01T10:00:20Z", STOPPED_AT.toString());
        status.startedAt = "2026-01-01T10:01:00Z";

        MeteredTask task = MeteredTask.of(status, null, false);

        assertThat(task.billedFrom()).contains(Instant.parse("2026-01-01T10:00:20Z"));
        assertThat(task.billedUntil(STOPPED_AT)).isEqualTo(new BilledDuration(280, 280));
    }

    @Test
    void withoutAPullBillingStartsAtCreation() {
        TaskStatus status = stopped("256", "512", null, STOPPED_AT.toString());

        MeteredTask task = MeteredTask.of(status, null, false);

        assertThat(task.billedFrom()).contains(Instant.parse(TestingTaskStatus.CREATED));
        assertThat(task.billedUntil(STOPPED_AT).billedSeconds()).isEqualTo(300);
    }

    @Test
    void aTaskThatNeverGotAPodIsNotBilled() {
        TaskStatus status = stopped("256", "512", null, STOPPED_AT.toString());
        status.podName = null;

        MeteredTask task = MeteredTask.of(status, null, false);

        assertThat(task.billedFrom()).isEmpty();
        assertThat(task.billedUntil(STOPPED_AT)).isEqualTo(BilledDuration.NOT_BILLED);
    }

    @Test
    void sizesAreTheTaskSizeInVcpusAndGigabytes() {
        MeteredTask task = MeteredTask.of(stopped("256", "512", null, null), null, false);

        assertThat(task.vcpu()).isEqualByComparingTo("0.25");
        assertThat(task.memoryGB()).isEqualByComparingTo("0.5");
    }

    @Test
    void aTaskWithoutAReportedSizeReservesNothing() {
        MeteredTask task = MeteredTask.of(stopped(null, "garbage", null, null), null, false);

        assertThat(task.vcpu()).isZero();
        assertThat(task.memoryGB()).isZero();
    }

    @Test
    void onlyStorageAbove20GBIsBilled() {
        assertThat(MeteredTask.of(stopped("256", "512", null, null), definition(null, null, 50), false).extraStorageGB())
                .isEqualByComparingTo("30");
        assertThat(MeteredTask.of(stopped("256", "512", null, null), definition(null, null, 20), false).extraStorageGB())
                .isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(MeteredTask.of(stopped("256", "512", null, null), null, false).extraStorageGB()).isZero();
    }

    @Test
    void platformFromTheRuntimePlatform() {
        assertThat(MeteredTask.of(stopped("256", "512", null, null), null, false).platform())
                .isEqualTo(Platform.LINUX_X86_64);
        assertThat(MeteredTask.of(stopped("256", "512", null, null), definition(CpuArchitecture.ARM64, "LINUX", null), false)
                .platform()).isEqualTo(Platform.LINUX_ARM64);
        assertThat(MeteredTask.of(stopped("1024", "2048", null, null),
                definition(CpuArchitecture.X86_64, "WINDOWS_SERVER_2022_CORE", null), false).platform())
                .isEqualTo(Platform.WINDOWS_X86_64);
    }
}
