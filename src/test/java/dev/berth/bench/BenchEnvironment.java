package dev.berth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a benchmark ran on: the machine (CPUs, memory, load average), the versions of every component and the flags
 * the local control plane's components run with (read from their command lines), so that a report says what its
 * numbers mean. Defaults a component applies without a flag are listed explicitly.
 */
public final class BenchEnvironment {

    /** Upstream defaults of the settings that bound throughput (Kubernetes v1.36, unchanged by kwokctl). */
    static final Map<String, String> DEFAULTS = Map.of(
            "kube-controller-manager",
            "--kube-api-qps=20 --kube-api-burst=30 --concurrent-job-syncs=5 --concurrent-replicaset-syncs=5 "
                    + "--concurrent-deployment-syncs=5 (defaults, none overridden)",
            "kube-scheduler", "clientConnection qps=50 burst=100, parallelism=16 (defaults)",
            "kube-apiserver", "--max-requests-inflight=400 --max-mutating-requests-inflight=200 (defaults)");

    private BenchEnvironment() {
    }

    public static String loadAverage() {
        return read(Path.of("/proc/loadavg")).map(s -> String.join(" ", Arrays.asList(s.trim().split(" ")).subList(0, 3)))
                .orElse("?");
    }

    public static String describe(String loadAtStart) {
        StringBuilder md = new StringBuilder();
        md.append("| Machine | |\n|---|---|\n");
        md.append("| CPUs | ").append(Runtime.getRuntime().availableProcessors()).append(" × ").append(cpuModel())
                .append(" |\n");
        md.append("| Memory | ").append(memTotal()).append(" |\n");
        md.append("| Load average (1/5/15 min) at start → end | ").append(loadAtStart).append(" → ").append(loadAverage())
                .append(" (the machine is shared with other work: compare ratios, not absolute times) |\n");
        md.append("| Java (benchmark and operator) | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(" |\n");
        versions().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        componentFlags().forEach((k, v) -> md.append("| ").append(k).append(" flags | ").append(v).append(" |\n"));
        return md.toString();
    }

    private static Map<String, String> versions() {
        Map<String, String> versions = new TreeMap<>();
        read(Path.of("hack/cluster/versions.env")).ifPresent(text -> text.lines()
                .filter(l -> l.matches("^[A-Z0-9_]+_VERSION=.*"))
                .forEach(l -> versions.put(l.substring(0, l.indexOf('=')).replace("_VERSION", "").toLowerCase(),
                        l.replaceAll(".*:-([^}]*)}.*", "$1"))));
        read(Path.of("pom.xml")).ifPresent(pom -> {
            versions.put("quarkus", tag(pom, "quarkus.version"));
            versions.put("quarkus-operator-sdk", tag(pom, "quarkus-operator-sdk.version"));
        });
        Map<String, String> named = new TreeMap<>();
        versions.forEach((k, v) -> named.put("version: " + k, v));
        return named;
    }

    /** Each control-plane component's command-line flags (paths shortened) plus the defaults that matter. */
    private static Map<String, String> componentFlags() {
        Map<String, String> flags = new TreeMap<>();
        Path pids = Path.of("build/cluster/kwok/clusters", System.getenv().getOrDefault("BERTH_CLUSTER_NAME", "berth"),
                "pids");
        try (Stream<Path> files = Files.list(pids)) {
            files.filter(f -> f.toString().endsWith(".pid")).sorted().forEach(f -> {
                String component = f.getFileName().toString().replace(".pid", "");
                if (!DEFAULTS.containsKey(component)) {
                    return;
                }
                String pid = read(f).orElse("").trim();
                read(Path.of("/proc", pid, "cmdline")).ifPresent(cmd -> {
                    List<String> relevant = new ArrayList<>();
                    for (String arg : cmd.split("\u0000")) {
                        if (arg.startsWith("--") && !arg.matches("--(kubeconfig|root-ca-file|service-account.*|tls.*|"
                                + "client-ca-file|cert-dir|.*-file|etcd-.*|authorization-always.*|secure-port|bind-address|"
                                + "config|kubelet-.*|proxy-client.*|requestheader.*|service-cluster-ip-range)=.*")) {
                            relevant.add("`" + arg + "`");
                        }
                    }
                    flags.put(component, String.join(" ", relevant) + "; " + DEFAULTS.get(component));
                });
            });
        } catch (IOException e) {
            flags.put("control plane", "flags not readable (" + e.getMessage() + ")");
        }
        return flags;
    }

    private static String tag(String xml, String tag) {
        int start = xml.indexOf("<" + tag + ">");
        return start < 0 ? "?" : xml.substring(start + tag.length() + 2, xml.indexOf("</" + tag + ">", start));
    }

    private static String cpuModel() {
        return read(Path.of("/proc/cpuinfo")).flatMap(s -> s.lines().filter(l -> l.startsWith("model name")).findFirst())
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    }

    private static String memTotal() {
        return read(Path.of("/proc/meminfo")).flatMap(s -> s.lines().filter(l -> l.startsWith("MemTotal")).findFirst())
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").orElse("?");
    }

    static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
