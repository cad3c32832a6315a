package dev.berth.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Faults in the local control plane's processes (kwokctl runs each component as a plain process with a pid file):
 * SIGKILL, SIGSTOP/SIGCONT, and an etcd compaction through etcd's HTTP gateway. {@link #supervise()} is what a
 * node's supervisor does after a fault: {@code make cluster} starts every component that is not running
 * (kube-controller-manager and kube-scheduler exit when they lose their lease during an outage) and waits until the
 * cluster answers; with {@code BERTH_CLUSTER_KEEP=1} it fails rather than recreate the cluster under the running
 * operator.
 */
final class ControlPlaneFaults {

    private static final Path PIDS = LocalControlPlane.CLUSTER_DIR.resolve("kwok/clusters/berth/pids");

    private ControlPlaneFaults() {
    }

    static long pid(String component) {
        try {
            return Long.parseLong(Files.readString(PIDS.resolve(component + ".pid")).trim());
        } catch (IOException e) {
            throw new IllegalStateException("no pid file for " + component + " in " + PIDS, e);
        }
    }

    static void signal(String component, String signal) {
        long pid = pid(component);
        Shell.Result result = Shell.run(Duration.ofSeconds(30), "kill", "-" + signal, Long.toString(pid));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + component + " (pid " + pid + "): " + result.output());
        }
    }

    /** SIGKILL and wait until the process is gone. */
    static void kill(String component) {
        long pid = pid(component);
        signal(component, "KILL");
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join());
    }

    /** Starts the components that are not running and waits for a ready cluster (make cluster). */
    static void supervise() {
        Shell.Result result = Shell.run(Duration.ofMinutes(5), "env", "BERTH_CLUSTER_KEEP=1", "make", "-s", "cluster");
        if (result.exitCode() != 0) {
            throw new IllegalStateException("make cluster could not restart the control plane:\n" + result.output());
        }
    }

    /** Compacts etcd's history at its current revision (and defragments nothing); returns that revision. */
    static long compactEtcd() {
        String url = etcdUrl();
        long revision = Long.parseLong(field(post(url + "/v3/kv/range", "{\"key\":\"AA==\",\"limit\":1}"), "revision"));
        post(url + "/v3/kv/compaction", "{\"revision\":" + revision + ",\"physical\":true}");
        return revision;
    }

    private static String etcdUrl() {
        try {
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid("etcd")), "cmdline")),
                    StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("--listen-client-urls=([^\\x00,]+)").matcher(cmdline);
            if (!m.find()) {
                throw new IllegalStateException("etcd has no --listen-client-urls: " + cmdline);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("etcd's command line is not readable", e);
        }
    }

    private static String post(String url, String body) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("etcd " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("etcd " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A string or number field of etcd's JSON answer (etcd's gateway writes int64 as strings). */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
