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
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.bench.BenchEnvironment;
import dev.berth.bench.Stats;

/**
 * The soak of {@code make chaos}: {@code -Dberth.chaos.soak} (default 30m) of churn — three Services scaled up and
 * down every 15 s and rolled out to a new revision every 60 s, a one-off Task every 2 s (stopped ones deleted) — while
 * the operator's heap after a full GC, threads, open file descriptors, sockets and RSS are sampled. After a warm-up
 * (the first quarter), each should stay within 10% of its median: reported in docs/reliability/soak.md, not asserted.
 * Asserted: the operator process survives and the workload keeps converging (one-off tasks stop, every Service ends
 * at a steady state).
 */
class ChurnSoak extends EndToEnd {

    private static final Duration DURATION = Duration.parse("PT" + System.getProperty("berth.chaos.soak", "30m").toUpperCase());
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(Math.max(15, DURATION.toSeconds() / 60));
    private static final int SERVICES = 3;
    private static final String[] METRICS = { "heap after GC (MiB)", "threads", "open fds", "sockets", "RSS (MiB)" };

    private record Sample(double seconds, double[] values, int liveTasks) {
    }

    @Test
    void theOperatorStaysFlatUnderChurn() {
        Random random = Chaos.random("soak");
        String loadAtStart = BenchEnvironment.loadAverage();
        long pid = plane.operator.pid();
        int[] desired = new int[SERVICES];
        int[] revision = new int[SERVICES];
        for (int s = 0; s < SERVICES; s++) {
            desired[s] = 3;
            revision[s] = 1;
            applyText(taskDefinition("svc-" + s, "nginx:1", ""));
            applyText(service(s, desired[s]));
        }
        applyText(taskDefinition("oneoff", "busybox:1", "sim.berth.dev/exit-code: '0', sim.berth.dev/exit-after: 5s"));
        Chaos.progress("soak: %s of churn, a sample every %s (operator pid %d)", DURATION, SAMPLE_EVERY, pid);

        List<Sample> samples = new ArrayList<>();
        Instant start = Instant.now();
        Instant end = start.plus(DURATION);
        Instant nextSample = start;
        int oneOffs = 0;
        int stoppedAndDeleted = 0;
        for (long tick = 0; Instant.now().isBefore(end); tick++) {
            if (tick % 2 == 0) {
                createOneOff("job-" + oneOffs++);
            }
            if (tick % 15 == 7) {
                int s = random.nextInt(SERVICES);
                desired[s] = 1 + random.nextInt(6);
                int count = desired[s];
                client.resources(Service.class).inNamespace(ns).withName("svc-" + s).edit(svc -> {
                    svc.getSpec().desiredCount = count;
                    return svc;
                });
            }
            if (tick % 60 == 30) {
                int s = random.nextInt(SERVICES);
                revision[s]++;
                applyText(taskDefinition("svc-" + s, "nginx:" + revision[s], ""));
            }
            if (tick % 10 == 5) {
                stoppedAndDeleted += deleteStoppedOneOffs();
            }
            if (!Instant.now().isBefore(nextSample)) {
                assertThat(plane.operator.isRunning()).as("the operator survives the soak").isTrue();
                assertThat(plane.operator.pid()).as("the same operator process").isEqualTo(pid);
                Sample sample = sample(pid, Duration.between(start, Instant.now()).toMillis() / 1000.0);
                samples.add(sample);
                Chaos.progress("soak %4.0f s: heap %.1f MiB, threads %.0f, fds %.0f, sockets %.0f, RSS %.1f MiB, %d live"
                        + " tasks", sample.seconds(), sample.values()[0], sample.values()[1], sample.values()[2],
                        sample.values()[3], sample.values()[4], sample.liveTasks());
                nextSample = nextSample.plus(SAMPLE_EVERY);
            }
            Chaos.sleep(1000);
        }
        write(samples, loadAtStart, oneOffs, stoppedAndDeleted);

        assertThat(stoppedAndDeleted).as("one-off tasks ran to STOPPED during the soak").isPositive();
        for (int s = 0; s < SERVICES; s++) {
            String name = "svc-" + s;
            String taskDefinition = name + ":" + revision[s];
            int count = desired[s];
            assertThat(ChaosScenarios.awaitConverged(() -> {
                ServiceStatus status = client.resources(Service.class).inNamespace(ns).withName(name).get().getStatus();
                return status != null && taskDefinition.equals(status.taskDefinition) && status.runningCount != null
                        && status.runningCount == count && status.rolloutState == RolloutState.COMPLETED;
            })).as("%s steady at %d tasks of %s after the soak", name, count, taskDefinition).isNotNull();
        }
        assertThat(plane.operator.pid()).as("the same operator process").isEqualTo(pid);
    }

    private void createOneOff(String name) {
        Task task = new Task();
        task.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        task.setSpec(new dev.berth.api.v1alpha1.TaskSpec());
        task.getSpec().taskDefinition = "oneoff";
        client.resource(task).create();
    }

    private int deleteStoppedOneOffs() {
        List<Task> stopped = client.resources(Task.class).inNamespace(ns).withoutLabel(Berth.LABEL_SERVICE).list().getItems()
                .stream().filter(t -> t.getStatus() != null && t.getStatus().lastStatus == LastStatus.STOPPED).toList();
        stopped.forEach(t -> client.resource(t).delete());
        return stopped.size();
    }

    private Sample sample(long pid, double seconds) {
        Path proc = Path.of("/proc", Long.toString(pid));
        String status = read(proc.resolve("status"));
        double threads = field(status, "Threads:");
        double rss = field(status, "VmRSS:") / 1024;
        long fds = 0;
        long sockets = 0;
        try (Stream<Path> links = Files.list(proc.resolve("fd"))) {
            for (Path link : links.toList()) {
                fds++;
                try {
                    if (Files.readSymbolicLink(link).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jcmd(pid, "GC.run");
        Matcher heap = Pattern.compile("total \\d+K, used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
        double heapMiB = heap.find() ? Long.parseLong(heap.group(1)) / 1024.0 : Double.NaN;
        int live = (int) client.resources(Task.class).inNamespace(ns).list().getItems().stream()
                .filter(t -> t.getStatus() == null || t.getStatus().lastStatus != LastStatus.STOPPED).count();
        return new Sample(seconds, new double[] { heapMiB, threads, fds, sockets, rss }, live);
    }

    private void write(List<Sample> samples, String loadAtStart, int oneOffs, int deleted) {
        List<Sample> steady = samples.subList(samples.size() / 4, samples.size());
        StringBuilder md = new StringBuilder("## Soak: ").append(DURATION.toMinutes()).append(" min of churn\n\n");
        md.append("Generated by the chaos suite (ChurnSoak) at ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(", seed ").append(Chaos.SEED).append("; raw samples: [soak.csv](soak.csv). Churn: ")
                .append(SERVICES).append(" Services scaled to a random 1–6 tasks every 15 s and rolled out every 60 s, a")
                .append(" one-off Task every 2 s (").append(oneOffs).append(" created, ").append(deleted)
                .append(" deleted once STOPPED). A sample every ").append(SAMPLE_EVERY.toSeconds())
                .append(" s; warm-up: the first quarter of the samples (").append(samples.size() / 4).append(" of ")
                .append(samples.size()).append(").\n\n");
        md.append(BenchEnvironment.describe(loadAtStart)).append('\n');
        md.append("| after warm-up | median | min | max | spread (max−min)/median | within ±10% of the median |\n")
                .append("|---|---|---|---|---|---|\n");
        for (int m = 0; m < METRICS.length; m++) {
            int metric = m;
            Stats stats = Stats.of(steady.stream().map(s -> s.values()[metric]).toList());
            double spread = (stats.max() - stats.min()) / stats.median() * 100;
            boolean flat = stats.max() <= stats.median() * 1.1 && stats.min() >= stats.median() * 0.9;
            md.append("| ").append(METRICS[m]).append(" | ").append(Stats.format(stats.median(), 1)).append(" | ")
                    .append(Stats.format(stats.min(), 1)).append(" | ").append(Stats.format(stats.max(), 1)).append(" | ")
                    .append(Stats.format(spread, 1)).append("% | ").append(flat ? "yes" : "**no**").append(" |\n");
        }
        List<String> csv = new ArrayList<>(List.of("seconds,heap_after_gc_mib,threads,open_fds,sockets,rss_mib,live_tasks"));
        samples.forEach(s -> csv.add(String.format(Locale.ROOT, "%.0f,%.1f,%.0f,%.0f,%.0f,%.1f,%d", s.seconds(), s.values()[0],
                s.values()[1], s.values()[2], s.values()[3], s.values()[4], s.liveTasks())));
        System.out.println("[chaos] soak\n" + md);
        try {
            Files.createDirectories(Chaos.DIR);
            Files.writeString(Chaos.DIR.resolve("soak.md"), md.toString());
            Files.write(Chaos.DIR.resolve("soak.csv"), csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String taskDefinition(String family, String image, String labels) {
        return """
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: %s}
                spec:
                  cpu: 256
                  memory: 512
                  containerDefinitions:
                    - name: app
                      image: %s
                      dockerLabels: {%s}
                """.formatted(family, image, labels);
    }

    private static String service(int s, int desired) {
        return """
                apiVersion: berth.dev/v1alpha1
                kind: Service
                metadata: {name: svc-%d}
                spec:
                  taskDefinition: svc-%d
                  desiredCount: %d
                  deploymentConfiguration: {minimumHealthyPercent: 50, maximumPercent: 200}
                """.formatted(s, s, desired);
    }

    private static double field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name)).findFirst()
                .map(l -> Double.parseDouble(l.replaceAll("[^0-9]", ""))).orElse(Double.NaN);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
