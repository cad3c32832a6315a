package dev.berth.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The operator as users run it: the packaged application (target/quarkus-app) in its own process with its
 * production configuration, so a test can kill it (SIGKILL) and start it again.
 * <p>
 * The harness knows which process it talks to: every start listens on a port that was free a moment before, and
 * the operator counts as ready only when its readiness endpoint answers 200 <em>and</em> the listening socket on that
 * port belongs to the child's own PID (/proc), with the child alive before and after. So a leftover operator, or
 * anything else on a port, can never stand in for the process just started. Operators started by a test JVM that
 * died without its shutdown hook (SIGKILL) are found by the marker on their command line and stopped, with a note
 * on stderr, before the next start; one whose test JVM still lives fails the start instead (two test runs share this
 * worktree's cluster).
 */
public final class OperatorProcess {

    /**
     * The ECS API's port: -Dberth.e2e.ecs-api-port, else a port free when this test JVM starts, kept across operator
     * restarts so that a test's endpoint stays valid.
     */
    private static final int ECS_API_PORT = Integer.getInteger("berth.e2e.ecs-api-port", freePortOrFail());
    /** -Dberth.e2e.operator-app=dir runs another build (e.g. a baseline for benchmarks); default target/quarkus-app. */
    public static final Path APPLICATION = LocalControlPlane.ROOT
            .resolve(System.getProperty("berth.e2e.operator-app", "target/quarkus-app"));
    private static final Path LOG = LocalControlPlane.ROOT.resolve("target/e2e/operator.log");
    /**
     * The JVM options the chart gives the operator ({@code jvmOptions} in helm/berth/values.yaml, its
     * JDK_JAVA_OPTIONS), so that the tests run it as it ships; an environment given to {@link #environment(Map)}
     * may replace them.
     */
    static final String CHART_JVM_OPTIONS = chartJvmOptions();
    /** -Dberth.e2e.operator-ready-timeout: how long a start may take (default 90 s; longer on a machine under load). */
    private static final Duration READY_TIMEOUT = Duration
            .ofSeconds(Integer.getInteger("berth.e2e.operator-ready-timeout", 90));
    /**
     * Command-line markers of the operators this harness starts: the worktree (whose cluster they reconcile) and the
     * test JVM that owns them. Outside the {@code berth.} prefix, which the operator's configuration validates.
     */
    static final String WORKTREE_MARKER = "-De2e.berth.worktree=" + LocalControlPlane.ROOT;
    static final String OWNER_MARKER = "-De2e.berth.owner=";

    private final Path kubeconfig;
    private Map<String, String> environment;
    private Path application = APPLICATION;
    /** Read without the lock by the shutdown hook, which must never wait for a start in progress. */
    private volatile Process process;
    private int port;

    OperatorProcess(Path kubeconfig, Map<String, String> environment) {
        this.kubeconfig = kubeconfig;
        this.environment = environment;
        // Before any start: a JVM stopped while start() waits for readiness still takes its operator along.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process running = process;
            if (running != null) {
                running.destroyForcibly();
            }
        }, "operator-process-kill"));
    }

    /** The build the next {@link #start()} runs (a benchmark comparing two builds alternates them). */
    public synchronized void application(Path quarkusAppDirectory) {
        this.application = quarkusAppDirectory;
    }

    /** The environment of the next {@link #start()} (e.g. the production defaults for benchmarks). */
    public synchronized void environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The environment of the next {@link #start()}: another replica starts with it (LeaderElectionChaosIT). */
    public synchronized Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    /** The operating-system process id of the running operator (for /proc and jcmd). */
    public synchronized long pid() {
        return running().pid();
    }

    /**
     * The HTTP port (health, metrics) of the current or, during {@link #start()}, the starting operator; a new one on
     * every start.
     */
    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("the operator was never started");
        }
        return port;
    }

    /** Whether the process of the last {@link #start()} still lives. */
    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** The operator's ECS API port (EcsApiIT). */
    public static int ecsApiPort() {
        return ECS_API_PORT;
    }

    /**
     * Starts the operator and returns once this very process is ready.
     *
     * @throws IllegalStateException when an operator of this harness still runs, when the process exits or is not
     *         ready within 90 s (with the tail of its log), or when the port answers from another process
     */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("the operator already runs (pid " + process.pid() + "): kill() it first");
        }
        stopLeftovers(WORKTREE_MARKER);
        try {
            Files.createDirectories(LOG.getParent());
            port = freePort();
            Files.writeString(LOG, "==== operator start " + Instant.now() + " on port " + port + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            long logOffset = Files.size(LOG);
            ProcessBuilder builder = new ProcessBuilder(List.of("java", WORKTREE_MARKER,
                    OWNER_MARKER + ProcessHandle.current().pid(), "-Dquarkus.log.console.json.enabled=false",
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-jar",
                    application.resolve("quarkus-run.jar").toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile()));
            builder.environment().put("KUBECONFIG", kubeconfig.toString());
            builder.environment().put("JDK_JAVA_OPTIONS", CHART_JVM_OPTIONS);
            builder.environment().putAll(environment);
            process = builder.start();
            awaitReady(process, logOffset);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the operator: " + e.getMessage(), e);
        }
    }

    /**
     * SIGKILL: no shutdown hook, no graceful informer stop, as a crash or an OOM kill. Fails when no operator runs:
     * a test that means to kill must not silently kill nothing.
     *
     * @return the process id that was killed
     */
    public synchronized long kill() {
        Process killed = running();
        killed.destroyForcibly();
        try {
            if (!killed.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the operator (pid " + killed.pid() + ") survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return killed.pid();
    }

    /** For cleanup in {@code finally}: kills the operator when it runs, else does nothing. */
    public synchronized void killIfRunning() {
        if (isRunning()) {
            kill();
        }
    }

    private Process running() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException("the operator was never started");
        }
        if (!current.isAlive()) {
            throw new IllegalStateException("the operator (pid " + current.pid() + ") is not running: it exited with "
                    + current.exitValue() + ", see " + LOG);
        }
        return current;
    }

    private void awaitReady(Process child, long logOffset) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!child.isAlive()) {
                throw new IllegalStateException("the operator (pid " + child.pid() + ") exited with " + child.exitValue()
                        + " before it was ready; its output (" + LOG + "):\n" + logSince(logOffset));
            }
            try {
                HttpResponse<String> response = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    if (!listensOn(child.pid(), port)) {
                        throw new IllegalStateException("port " + port + " answered ready, but not from the operator just"
                                + " started (pid " + child.pid() + "); it does not listen there. Output:\n"
                                + logSince(logOffset));
                    }
                    if (child.isAlive()) {
                        return;
                    }
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        child.destroyForcibly();
        throw new IllegalStateException("the operator (pid " + child.pid() + ") was not ready within "
                + READY_TIMEOUT.toSeconds() + " s; it was killed. Output:\n" + logSince(logOffset));
    }

    /** Whether {@code pid} holds a listening TCP socket on {@code port}: /proc/net/tcp{,6} inodes among its fds. */
    static boolean listensOn(long pid, int port) {
        Set<String> listening = Stream.of("/proc/net/tcp", "/proc/net/tcp6").map(Path::of).filter(Files::exists)
                .flatMap(OperatorProcess::lines).map(String::trim).map(l -> l.split("\\s+"))
                // sl local_address rem_address st ... inode: state 0A is LISTEN, the port is hex after ':'
                .filter(f -> f.length > 9 && f[3].equals("0A") && f[1].endsWith(":" + String.format("%04X", port)))
                .map(f -> "socket:[" + f[9] + "]").collect(Collectors.toSet());
        if (listening.isEmpty()) {
            return false;
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.map(OperatorProcess::linkTarget).flatMap(Optional::stream).anyMatch(listening::contains);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Stops operators of this worktree whose test JVM is gone (killed before its shutdown hook ran); they would
     * reconcile next to the new one and make a restart test pass without a restart. Fails when such an operator
     * belongs to a live test JVM other than this one.
     */
    static void stopLeftovers(String worktreeMarker) {
        long self = ProcessHandle.current().pid();
        List<String> foreign = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(handle -> {
            List<String> arguments = commandLine(handle.pid());
            if (!arguments.contains(worktreeMarker)) {
                return;
            }
            long owner = arguments.stream().filter(a -> a.startsWith(OWNER_MARKER))
                    .mapToLong(a -> Long.parseLong(a.substring(OWNER_MARKER.length()))).findFirst().orElse(-1);
            if (owner == self) {
                return;
            }
            boolean ownerAlive = owner > 0 && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
            if (ownerAlive) {
                foreign.add("pid " + handle.pid() + " (test JVM pid " + owner + ")");
            } else {
                System.err.println("[e2e] stopping a leftover operator of this worktree: pid " + handle.pid()
                        + ", started by test JVM " + owner + " that is gone");
                handle.destroyForcibly();
                handle.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            }
        });
        if (!foreign.isEmpty()) {
            throw new IllegalStateException("another test run (" + worktreeMarker
                    + ") has its operator on this cluster: " + foreign + "; two operators would reconcile the same objects."
                    + " Wait for it or stop it.");
        }
    }

    /** The arguments of a process (/proc/PID/cmdline, NUL-separated), empty when it is gone or not readable. */
    private static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /** The socket lines of a /proc/net/tcp file, without its header. */
    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().skip(1);
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static Optional<String> linkTarget(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link).toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int freePortOrFail() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String logSince(long offset) {
        try {
            byte[] all = Files.readAllBytes(LOG);
            String text = new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    StandardCharsets.UTF_8);
            List<String> lines = text.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(" + LOG + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String chartJvmOptions() {
        Pattern line = Pattern.compile("^jvmOptions: *\"(.*)\"$", Pattern.MULTILINE);
        try {
            Matcher m = line.matcher(Files.readString(LocalControlPlane.ROOT.resolve("helm/berth/values.yaml")));
            if (!m.find()) {
                throw new IllegalStateException("helm/berth/values.yaml has no jvmOptions: \"...\" line");
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
