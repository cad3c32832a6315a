package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.berth.bench.BenchEnvironment;
import dev.berth.bench.Stats;

/**
 * The settings and the report of the chaos scenarios ({@code *ChaosIT}). {@code make test} runs each scenario once at
 * a small scale; {@code make chaos} repeats them ({@code -Dberth.chaos.reps}, default 1) at full scale
 * ({@code -Dberth.chaos.burst}, default 50 tasks; {@code -Dberth.chaos.service-tasks}, default 6;
 * {@code -Dberth.chaos.array}, array jobs of 20 children). Every random
 * fault moment comes from one seed, printed at the start and settable with {@code -Dberth.chaos.seed} to replay a
 * run. Each scenario's repetitions become rows of {@code docs/reliability/<report>.csv} and a table in
 * {@code docs/reliability/<report>.md}, printed as well; figures are reported, the test asserts only 0 lost and 0
 * duplicates.
 */
final class Chaos {

    static final int REPS = Integer.getInteger("berth.chaos.reps", 1);
    static final int BURST = Integer.getInteger("berth.chaos.burst", 50);
    static final int SERVICE_TASKS = Integer.getInteger("berth.chaos.service-tasks", 6);
    static final int ARRAY = Integer.getInteger("berth.chaos.array", 20);
    /**
     * Whether the scenarios that SIGKILL kube-apiserver run (make chaos: yes; make test: no). A killed component frees
     * its port, and on a machine shared with other local clusters another cluster being created can take it before
     * the restart (seen here: another worktree's etcd on the port): the restart then fails and every later test of
     * the run with it. The etcd SIGSTOP scenario keeps its ports and always runs.
     */
    static final boolean API_SERVER_RESTARTS = Boolean.getBoolean("berth.chaos.api-server-restarts");
    /**
     * The window a rollout scenario's fault lands in, from the new revision's apply ({@code -Dberth.chaos.rollout-window},
     * seconds, default 8, fractions allowed). A small one (2) aims the fault at the first launches: an etcd stall there once
     * launched a
     * deployment's tasks twice (docs/reliability.md).
     */
    static final Duration ROLLOUT_WINDOW = Duration
            .ofMillis(Math.round(1000 * Double.parseDouble(System.getProperty("berth.chaos.rollout-window", "8"))));
    /**
     * With {@code -Dberth.chaos.rollout-fault-from=first-launch} the window starts when the first Task of the new
     * revision exists rather than at the apply: the fault then lands among the deployment's slow-start batches whatever
     * the machine's load (the batches after the first are in flight).
     */
    static final boolean ROLLOUT_FAULT_FROM_FIRST_LAUNCH = "first-launch"
            .equals(System.getProperty("berth.chaos.rollout-fault-from", "apply"));
    static final long SEED = Long.getLong("berth.chaos.seed", System.currentTimeMillis());
    static final Path DIR = LocalControlPlane.ROOT.resolve("docs/reliability");
    private static final String HEADER = "report,scenario,rep,faults,lost,failed_to_start,duplicate_pods,duplicate_tasks,converge_s,"
            + "fault_at_s,time,loadavg1";

    static {
        System.out.printf("[chaos] seed %d (replay with -Dberth.chaos.seed=%d), %d repetition(s), burst %d tasks,"
                + " services of %d tasks, arrays of %d children%n", SEED, SEED, REPS, BURST, SERVICE_TASKS, ARRAY);
    }

    /**
     * What one repetition of a scenario measured. Failed to start: Tasks STOPPED TaskFailedToStart, which keep the
     * promise (a stop code and a reason) but are what a fault should not cause; 0 where the scenario fails tasks by design.
     */
    record Rep(int faults, int lost, int failedToStart, int duplicatePods, int duplicateTasks, double convergeSeconds,
            double faultAtSeconds) {
    }

    private final String name;
    private final String title;
    private final String loadAtStart = BenchEnvironment.loadAverage();
    private final Map<String, List<Rep>> reps = new LinkedHashMap<>();
    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Chaos(String name, String title) {
        this.name = name;
        this.title = title;
    }

    /** The random source of one scenario: the run's seed mixed with the scenario's name, so each replays alone. */
    static Random random(String scenario) {
        return new Random(SEED ^ scenario.hashCode());
    }

    static void progress(String format, Object... args) {
        System.out.printf("[chaos %s] %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
    }

    synchronized void add(String scenario, Rep rep) {
        List<Rep> done = reps.computeIfAbsent(scenario, k -> new ArrayList<>());
        done.add(rep);
        rows.add(String.join(",", name, scenario, Integer.toString(done.size()), Integer.toString(rep.faults()),
                Integer.toString(rep.lost()), Integer.toString(rep.failedToStart()), Integer.toString(rep.duplicatePods()),
                Integer.toString(rep.duplicateTasks()),
                String.format(Locale.ROOT, "%.1f", rep.convergeSeconds()),
                String.format(Locale.ROOT, "%.1f", rep.faultAtSeconds()),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), BenchEnvironment.loadAverage().split(" ")[0]));
        progress(
                "%s rep %d: faults %d, lost %d, failed to start %d, duplicate pods %d, duplicate tasks %d, converged %.1f s after the"
                        + " fault (fault at %.1f s)",
                scenario, done.size(), rep.faults(), rep.lost(), rep.failedToStart(), rep.duplicatePods(),
                rep.duplicateTasks(), rep.convergeSeconds(), rep.faultAtSeconds());
    }

    synchronized List<Rep> reps(String scenario) {
        return List.copyOf(reps.getOrDefault(scenario, List.of()));
    }

    /** Runs {@link #REPS} repetitions of a scenario, records each, then asserts nothing was lost or duplicated. */
    void repeat(String scenario, java.util.function.Supplier<Rep> repetition) {
        for (int rep = 0; rep < REPS; rep++) {
            add(scenario, repetition.get());
        }
        assertNothingLostOrDuplicated(scenario);
    }

    /** Every repetition of the scenario converged with nothing lost and nothing duplicated. */
    void assertNothingLostOrDuplicated(String scenario) {
        assertThat(reps(scenario)).as(scenario).isNotEmpty().allSatisfy(rep -> {
            assertThat(rep.lost()).as("tasks lost").isZero();
            assertThat(rep.duplicatePods()).as("duplicate Pods").isZero();
            assertThat(rep.duplicateTasks()).as("duplicate Tasks").isZero();
            assertThat(rep.convergeSeconds()).as("converged within " + ChaosScenarios.CONVERGE).isNotNaN();
        });
    }

    /** No task of the scenario failed to start: what a fault shorter than the start timeout must not cause. */
    void assertNoneFailedToStart(String scenario) {
        assertThat(reps(scenario)).as(scenario).allSatisfy(rep -> assertThat(rep.failedToStart())
                .as("tasks STOPPED TaskFailedToStart (their start timeout passed in the fault)").isZero());
    }

    synchronized void note(String text) {
        notes.add(text);
    }

    /** The table: one row per scenario. */
    synchronized String table() {
        StringBuilder md = new StringBuilder(
                "| scenario | reps | faults | tasks lost | failed to start | duplicate Pods | duplicate Tasks | converge median (s) |"
                        + " converge max (s) |\n|---|---|---|---|---|---|---|---|---|\n");
        reps.forEach((scenario, done) -> {
            Stats converge = Stats.of(done.stream().map(Rep::convergeSeconds).toList());
            md.append("| ").append(scenario).append(" | ").append(done.size()).append(" | ")
                    .append(done.stream().mapToInt(Rep::faults).sum()).append(" | ")
                    .append(done.stream().mapToInt(Rep::lost).sum()).append(" | ")
                    .append(done.stream().mapToInt(Rep::failedToStart).sum()).append(" | ")
                    .append(done.stream().mapToInt(Rep::duplicatePods).sum()).append(" | ")
                    .append(done.stream().mapToInt(Rep::duplicateTasks).sum()).append(" | ")
                    .append(Stats.format(converge.median(), 1)).append(" | ").append(Stats.format(converge.max(), 1))
                    .append(" |\n");
        });
        return md.toString();
    }

    /** Prints the table and writes docs/reliability/NAME.{csv,md}; called once per class, also after a failure. */
    synchronized void write() {
        if (reps.isEmpty()) {
            return;
        }
        String table = table();
        System.out.println("[chaos] " + title + "\n" + table);
        try {
            Files.createDirectories(DIR);
            List<String> csv = new ArrayList<>(List.of(HEADER));
            csv.addAll(rows);
            Files.write(DIR.resolve(name + ".csv"), csv);
            StringBuilder md = new StringBuilder("## ").append(title).append("\n\n");
            md.append("Generated by the chaos suite (").append(name).append(") at ")
                    .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", seed ").append(SEED)
                    .append(", ").append(REPS).append(" repetition(s) per scenario; raw numbers: [").append(name)
                    .append(".csv](").append(name).append(".csv).\n\n");
            md.append(BenchEnvironment.describe(loadAtStart)).append('\n');
            md.append(table).append('\n');
            notes.forEach(n -> md.append(n).append("\n\n"));
            Files.writeString(DIR.resolve(name + ".md"), md.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random moment in [0, window), in milliseconds. */
    static long moment(Random random, Duration window) {
        return (long) (random.nextDouble() * window.toMillis());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
