package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.berth.corpus.TaskDefinitionCorpus;
import dev.berth.fuzz.HostileValues;
import dev.berth.fuzz.JsonMutator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;

/**
 * Hostile documents against the real API server and the running operator: every berth.dev document of
 * deploy/examples and the task definition corpus, mutated (wrong types, hostile strings, huge strings and lists,
 * unicode, negative and overflowing numbers, deep nesting, 1 MiB specs), POSTed as raw JSON. Each is refused at apply
 * time with a message (4xx; recorded) or accepted, and then every accepted object gets a status from the operator.
 * Meanwhile no exception escapes a reconcile (no ERROR line in target/e2e/operator.log) and the operator never
 * restarts. {@code -Dberth.e2e.fuzz.documents=N} (default 200) and {@code -Dberth.e2e.fuzz.seed=N|random}: {@code make
 * test} replays a fixed seed (a run that fails is a regression, never luck), {@code make chaos} fuzzes 2,000 documents
 * from a random seed, printed to replay what it finds. The summary goes to target/e2e/hostile-input.txt.
 */
class HostileInputIT extends EndToEnd {

    /**
     * The seed of {@code make test}: its 200 documents once included a TaskDefinition with memory 2147483648, which the
     * API server accepted and the operator could not decode, stopping its TaskDefinition informer for good.
     */
    private static final long REGRESSION_SEED = 60284819611091870L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path LOG = LocalControlPlane.ROOT.resolve("target/e2e/operator.log");
    /** Kinds whose accepted objects the operator must give a status (JobQueues have no controller of their own). */
    private static final List<String> RECONCILED = List.of("TaskDefinition", "Task", "Service", "Cluster", "BatchJob",
            "ScheduledTask");

    @Test
    void everyHostileDocumentIsRefusedWithAMessageOrHandledWithoutAnEscapedException() throws Exception {
        try {
            fuzz();
        } finally {
            // what the API server accepted must not outlive the test: an object the operator cannot read would break
            // every later test of the run (a JobQueue with an int64 order kept the operator from starting)
            client.namespaces().withName(ns).delete();
        }
    }

    private void fuzz() throws Exception {
        int documents = Integer.getInteger("berth.e2e.fuzz.documents", 200);
        String seedProperty = System.getProperty("berth.e2e.fuzz.seed", String.valueOf(REGRESSION_SEED));
        long seed = seedProperty.equals("random") ? new Random().nextLong() : Long.parseLong(seedProperty);
        Random random = new Random(seed);
        List<ObjectNode> bases = bases();
        long pid = plane.operator.pid();
        long logOffset = Files.size(LOG);
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, String> refusals = new TreeMap<>();
        List<String[]> accepted = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Instant started = Instant.now();

        for (int i = 0; i < documents; i++) {
            ObjectNode document = bases.get(random.nextInt(bases.size())).deepCopy();
            String kind = document.path("kind").asText();
            ObjectNode metadata = document.putObject("metadata");
            metadata.put("name", "fz-" + i);
            JsonMutator mutator = new JsonMutator(random, 2000, random.nextBoolean());
            JsonNode spec = document.path("spec");
            if (spec.isObject()) {
                mutator.mutate((ObjectNode) spec, 1 + random.nextInt(5));
            }
            if (random.nextInt(25) == 0) {
                ((ObjectNode) document.path("spec")).put("hugeField", "x".repeat(1024 * 1024));
            } else if (random.nextInt(25) == 0) {
                ((ObjectNode) document.path("spec")).set("deep", HostileValues.deep(200 + random.nextInt(200)));
            }
            String body = document.toString();
            HttpResponse<String> response = post(kind, body);
            int code = response.code();
            String what = kind + " fz-" + i + " " + mutator.mutations();
            if (code == 201) {
                outcomes.merge(kind + " accepted", 1, Integer::sum);
                accepted.add(new String[] { kind, "fz-" + i, what });
            } else if (code >= 400 && code < 500) {
                String message = message(response.body());
                outcomes.merge(kind + " refused " + code, 1, Integer::sum);
                refusals.putIfAbsent(kind + " " + code + " " + firstWords(message), message);
                if (message.isBlank()) {
                    failures.add("refused without a message: " + what);
                }
            } else {
                failures.add("HTTP " + code + " for " + what + ": " + abbreviate(response.body()));
            }
        }
        Duration applying = Duration.between(started, Instant.now());

        List<String> unhandled = new ArrayList<>();
        for (String[] object : accepted) {
            if (!RECONCILED.contains(object[0])) {
                continue;
            }
            try {
                await(object[0], object[1]);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                unhandled.add(object[2]);
            }
        }
        String log = Files.readString(LOG, StandardCharsets.UTF_8).substring((int) Math.min(logOffset, Files.size(LOG)));
        List<String> errors = log.lines().filter(l -> l.contains(" ERROR ") || l.startsWith("Caused by:") && !apiServerRace(l)
                || l.contains("Exception:") && !l.contains("ClientException: ") && !l.contains("NotFoundException: "))
                .distinct().limit(40).toList();

        StringBuilder report = new StringBuilder("hostile input: " + documents + " documents, seed " + seed + ", applied in "
                + applying.toSeconds() + " s\n");
        outcomes.forEach((k, v) -> report.append(String.format("  %-40s %d%n", k, v)));
        report.append("refusal messages (one per kind, code and first words):\n");
        refusals.forEach((k, v) -> report.append("  ").append(k).append(" -> ").append(abbreviate(v)).append('\n'));
        report.append("accepted objects without a status: ").append(unhandled.size()).append('\n');
        report.append("operator log lines with errors: ").append(errors.size()).append('\n');
        // abbreviated messages may end inside a surrogate pair of the fuzzer's unicode
        String summary = report.toString().replaceAll("[\\uD800-\\uDFFF]", "?");
        System.out.println(summary);
        Files.writeString(LocalControlPlane.ROOT.resolve("target/e2e/hostile-input.txt"), summary);

        assertThat(failures).as("documents neither accepted nor refused with a 4xx and a message (seed %d)", seed).isEmpty();
        assertThat(unhandled).as("accepted documents the operator never gave a status (seed %d)", seed).isEmpty();
        assertThat(errors).as("errors in the operator log while it handled hostile input (seed %d)", seed).isEmpty();
        assertThat(plane.operator.pid()).as("the operator did not restart").isEqualTo(pid);
        assertThat(plane.operator.isRunning()).isTrue();
    }

    /**
     * A write the API server refused as Kubernetes' optimistic concurrency does (409: changed meanwhile; 404: deleted
     * meanwhile, e.g. an earlier test's namespace going away): JOSDK retries the reconcile with a WARN, nothing escapes.
     */
    private static boolean apiServerRace(String line) {
        return line.contains("KubernetesClientException: ") && (line.contains("code=404") || line.contains("code=409"));
    }

    /** Every berth.dev document of deploy/examples, and the corpus's TaskDefinitions. */
    private static List<ObjectNode> bases() throws IOException {
        List<ObjectNode> bases = new ArrayList<>();
        try (Stream<Path> files = Files.list(LocalControlPlane.ROOT.resolve("deploy/examples"))) {
            for (Path file : files.sorted().toList()) {
                for (var it = YAML.readerFor(JsonNode.class).readValues(file.toFile()); it.hasNext();) {
                    JsonNode document = (JsonNode) it.next();
                    if (document != null && document.path("apiVersion").asText().startsWith("berth.dev/")) {
                        bases.add((ObjectNode) document);
                    }
                }
            }
        }
        TaskDefinitionCorpus.valid().forEach(f -> {
            try {
                bases.add((ObjectNode) JSON.readTree(f.manifest()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return bases;
    }

    private HttpResponse<String> post(String kind, String body) throws Exception {
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/apis/berth.dev/v1alpha1/namespaces/" + ns
                + "/" + kind.toLowerCase() + "s";
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url)
                .post("application/json", body).build();
        return client.getHttpClient().sendAsync(request, String.class).get(60, TimeUnit.SECONDS);
    }

    private void await(String kind, String name) {
        org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            GenericKubernetesResource object = client.genericKubernetesResources("berth.dev/v1alpha1", kind).inNamespace(ns)
                    .withName(name).get();
            return object == null || object.getAdditionalProperties().get("status") != null;
        });
    }

    private static String message(String body) {
        try {
            return JSON.readTree(body).path("message").asText("");
        } catch (IOException e) {
            return body == null ? "" : body;
        }
    }

    private static String firstWords(String message) {
        String cleaned = message.replaceAll("fz-\\d+", "fz-N");
        int colon = cleaned.indexOf(": ", cleaned.indexOf("is invalid") + 1);
        return abbreviate(colon > 0 ? cleaned.substring(colon + 2) : cleaned).substring(0, Math.min(50,
                abbreviate(colon > 0 ? cleaned.substring(colon + 2) : cleaned).length()));
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.replace('\n', ' ');
        return flat.length() > 300 ? flat.substring(0, 300) + "...(" + flat.length() + " chars)" : flat;
    }
}
