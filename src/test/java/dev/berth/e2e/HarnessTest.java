package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The pieces of the end-to-end harness that can fail a test on their own, without a cluster (unit tier). */
class HarnessTest {

    @Test
    void aShellTimeoutFiresEvenWhileABackgroundChildHoldsTheOutputAndKillsTheTree() {
        long started = System.nanoTime();
        // the background sleep keeps stdout open: reading a pipe to its end would wait 60 s before any timeout
        assertThatThrownBy(() -> Shell.run(Duration.ofSeconds(1), "bash", "-c", "sleep 60 & echo child $!; wait"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("timed out after 1 s")
                .satisfies(e -> {
                    Matcher child = Pattern.compile("child (\\d+)").matcher(e.getMessage());
                    assertThat(child.find()).as("the output so far is in the message").isTrue();
                    assertThat(ProcessHandle.of(Long.parseLong(child.group(1))).map(ProcessHandle::isAlive).orElse(false))
                            .as("the background child is killed too").isFalse();
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aShellCommandReturnsItsExitCodeAndOutput() {
        Shell.Result result = Shell.run(Duration.ofSeconds(30), "bash", "-c", "echo out; echo err >&2; exit 3");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).contains("out", "err");
    }

    @Test
    void theListenerOfAPortIsKnownByItsPid() throws IOException, InterruptedException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            assertThat(OperatorProcess.listensOn(ProcessHandle.current().pid(), port)).isTrue();
            Process other = new ProcessBuilder("sleep", "30").start();
            try {
                assertThat(OperatorProcess.listensOn(other.pid(), port)).as("another process on the same port").isFalse();
            } finally {
                other.destroyForcibly();
            }
            socket.close();
            assertThat(OperatorProcess.listensOn(ProcessHandle.current().pid(), port)).as("closed").isFalse();
        }
    }

    /** A fake worktree, so a real operator of this one (an end-to-end run beside this test) is never touched. */
    @Test
    void aLeftoverOperatorOfADeadTestJvmIsStoppedAndOneOfALiveJvmFailsTheStart() throws IOException, InterruptedException {
        String worktree = "-De2e.berth.worktree=/nonexistent/" + System.nanoTime();
        Process deadOwner = new ProcessBuilder("true").start();
        deadOwner.waitFor();
        Process orphan = new ProcessBuilder("bash", "-c", "sleep 60; true", worktree,
                OperatorProcess.OWNER_MARKER + deadOwner.pid()).start();
        Process liveOwner = new ProcessBuilder("sleep", "60").start();
        try {
            OperatorProcess.stopLeftovers(worktree);
            assertThat(orphan.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("the orphan is killed").isTrue();

            Process owned = new ProcessBuilder("bash", "-c", "sleep 60; true", worktree,
                    OperatorProcess.OWNER_MARKER + liveOwner.pid()).start();
            try {
                assertThatThrownBy(() -> OperatorProcess.stopLeftovers(worktree)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("another test run").hasMessageContaining("pid " + owned.pid());
                assertThat(owned.isAlive()).as("another run's operator is left alone").isTrue();
            } finally {
                owned.destroyForcibly();
            }
        } finally {
            orphan.destroyForcibly();
            liveOwner.destroyForcibly();
        }
    }

    @Test
    void aSamplerThatDiesFailsTheTestInsteadOfLeavingOldSamples() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        Sampler<Integer> sampler = Sampler.every(Duration.ofMillis(10), "a count", () -> {
            if (calls.incrementAndGet() == 3) {
                throw new IllegalStateException("API server went away");
            }
            return calls.get();
        });
        Thread.sleep(300);
        assertThatThrownBy(sampler::stop).isInstanceOf(AssertionError.class)
                .hasMessageContaining("sampling a count failed").hasMessageContaining("API server went away");
    }

    @Test
    void aSamplerWithAGapFailsAndAContinuousOneReturnsItsSamples() throws InterruptedException {
        Sampler<Integer> slow = Sampler.every(Duration.ofMillis(10), "a slow value", () -> {
            try {
                Thread.sleep(Sampler.MAX_GAP.toMillis() + 500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        });
        assertThatThrownBy(slow::stop).isInstanceOf(AssertionError.class).hasMessageContaining("was not continuous");

        Sampler<Integer> fine = Sampler.every(Duration.ofMillis(10), "a value", () -> 7);
        Thread.sleep(200);
        assertThat(fine.stopValues()).hasSizeGreaterThan(5).containsOnly(7);
    }
}
