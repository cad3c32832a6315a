package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.ecsapi.EcsApi;
import dev.berth.fuzz.HostileValues;
import dev.berth.fuzz.JsonMutator;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * Hostile requests against the operator's ECS API on the real control plane: well-formed requests of every served
 * operation mutated (wrong types, hostile and huge strings, unicode, overflowing numbers, unknown members), bodies that
 * are not JSON or not an object, nested 100,000 deep, just over and far over the body limit (100 MiB, streamed),
 * unknown and garbage operations, a missing or garbage {@code X-Amz-Target} and {@code Content-Type}, other methods,
 * unsigned requests. Every answer must come within 60 s, be a 2xx or a 4xx, and every 4xx must carry ECS's error shape
 * ({@code __type} and {@code message}); never a 5xx, a reset or a hang. The operator must not restart nor log an
 * error, and its resident memory must stay bounded through the 100 MiB body. The key may only create
 * TaskDefinitions and Clusters and read the rest, so mutated RunTask/CreateService requests are parsed (the codec is
 * fuzzed) and then refused by authorisation rather than launching up to 2^31 tasks on a shared machine.
 * {@code -Dberth.e2e.fuzz.requests=N} (default 300) and {@code -Dberth.e2e.fuzz.seed=N|random} as in
 * {@link HostileInputIT}: {@code make test} replays a fixed seed, {@code make chaos} a random one, printed. The summary
 * goes to target/e2e/ecs-api-fuzz.txt.
 */
class EcsApiFuzzIT extends EndToEnd {

    private static final long FIXED_SEED = 21L;
    private static final String ENDPOINT = "http://127.0.0.1:" + OperatorProcess.ecsApiPort() + "/";
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LOG = LocalControlPlane.ROOT.resolve("target/e2e/operator.log");
    private static final String TASK_DEFINITION = """
            {"family": "fz", "containerDefinitions": [{"name": "app", "image": "nginx:alpine", "cpu": 256, "memory": 512,
             "essential": true, "portMappings": [{"containerPort": 80, "protocol": "tcp"}],
             "environment": [{"name": "A", "value": "b"}]}], "cpu": "256", "memory": "512",
             "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "tags": [{"key": "k", "value": "v"}]}""";

    /** A well-formed request of each served operation: what the mutations start from. */
    private static final Map<String, String> REQUESTS = new LinkedHashMap<>();

    static {
        REQUESTS.put("CreateCluster", """
                {"clusterName": "fz", "capacityProviders": ["FARGATE"], "defaultCapacityProviderStrategy":
                 [{"capacityProvider": "FARGATE", "weight": 1, "base": 0}], "tags": [{"key": "k", "value": "v"}]}""");
        REQUESTS.put("DescribeClusters", "{\"clusters\": [\"default\", \"fz\"], \"include\": [\"TAGS\"]}");
        REQUESTS.put("ListClusters", "{\"maxResults\": 10, \"nextToken\": \"abc\"}");
        REQUESTS.put("DeleteCluster", "{\"cluster\": \"fz-none\"}");
        REQUESTS.put("PutClusterCapacityProviders", """
                {"cluster": "fz", "capacityProviders": ["FARGATE"], "defaultCapacityProviderStrategy":
                 [{"capacityProvider": "FARGATE", "weight": 1}]}""");
        REQUESTS.put("DescribeCapacityProviders", "{\"capacityProviders\": [\"FARGATE\"], \"maxResults\": 5}");
        REQUESTS.put("RegisterTaskDefinition", TASK_DEFINITION);
        REQUESTS.put("DescribeTaskDefinition", "{\"taskDefinition\": \"fz:1\", \"include\": [\"TAGS\"]}");
        REQUESTS.put("ListTaskDefinitions", "{\"familyPrefix\": \"fz\", \"status\": \"ACTIVE\", \"sort\": \"DESC\"}");
        REQUESTS.put("ListTaskDefinitionFamilies", "{\"familyPrefix\": \"f\", \"status\": \"ALL\", \"maxResults\": 3}");
        REQUESTS.put("DeregisterTaskDefinition", "{\"taskDefinition\": \"fz-none:1\"}");
        REQUESTS.put("DeleteTaskDefinitions", "{\"taskDefinitions\": [\"fz-none:1\"]}");
        REQUESTS.put("RunTask", """
                {"cluster": "default", "taskDefinition": "fz:1", "count": 1, "launchType": "FARGATE", "startedBy": "fz",
                 "overrides": {"containerOverrides": [{"name": "app", "command": ["sh", "-c", "exit 0"],
                 "environment": [{"name": "X", "value": "y"}], "cpu": 128, "memory": 256}], "cpu": "256"},
                 "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"], "securityGroups": ["sg"],
                 "assignPublicIp": "ENABLED"}}, "tags": [{"key": "k", "value": "v"}], "clientToken": "t"}""");
        REQUESTS.put("StartTask", "{\"taskDefinition\": \"fz:1\", \"containerInstances\": [\"i-1\"]}");
        REQUESTS.put("StopTask", "{\"cluster\": \"default\", \"task\": \"0123456789abcdef\", \"reason\": \"fz\"}");
        REQUESTS.put("DescribeTasks", "{\"cluster\": \"default\", \"tasks\": [\"0123456789abcdef\"], \"include\": [\"TAGS\"]}");
        REQUESTS.put("ListTasks", """
                {"cluster": "default", "family": "fz", "desiredStatus": "RUNNING", "launchType": "FARGATE",
                 "serviceName": "web", "maxResults": 10}""");
        REQUESTS.put("CreateService", """
                {"cluster": "default", "serviceName": "fz", "taskDefinition": "fz:1", "desiredCount": 1,
                 "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 100,
                 "deploymentCircuitBreaker": {"enable": true, "rollback": true}}, "launchType": "FARGATE"}""");
        REQUESTS.put("UpdateService", "{\"cluster\": \"default\", \"service\": \"fz\", \"desiredCount\": 2}");
        REQUESTS.put("DescribeServices", "{\"cluster\": \"default\", \"services\": [\"fz\"]}");
        REQUESTS.put("ListServices", "{\"cluster\": \"default\", \"maxResults\": 10}");
        REQUESTS.put("DeleteService", "{\"cluster\": \"default\", \"service\": \"fz-none\", \"force\": true}");
        REQUESTS.put("TagResource", """
                {"resourceArn": "arn:aws:ecs:us-east-1:000000000000:cluster/fz", "tags": [{"key": "k", "value": "v"}]}""");
        REQUESTS.put("UntagResource",
                "{\"resourceArn\": \"arn:aws:ecs:us-east-1:000000000000:cluster/fz\", \"tagKeys\": [\"k\"]}");
        REQUESTS.put("ListTagsForResource", "{\"resourceArn\": \"arn:aws:ecs:us-east-1:000000000000:cluster/fz\"}");
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private String keyId;
    private String secret;

    /** One request as sent: method, headers (signed or not) and body. */
    private record Call(String what, String method, String target, String contentType, byte[] body, boolean sign) {
    }

    @Test
    void everyHostileRequestIsAnsweredWithA4xxInEcsShapeNeverA5xxOrAHang() throws Exception {
        try {
            fuzz();
        } finally {
            client.secrets().inNamespace(ChartIdentity.NAMESPACE).withName(ns + "-fuzz").delete();
            client.namespaces().withName(ns).delete();
        }
    }

    private void fuzz() throws Exception {
        int requests = Integer.getInteger("berth.e2e.fuzz.requests", 300);
        String seedProperty = System.getProperty("berth.e2e.fuzz.seed", String.valueOf(FIXED_SEED));
        long seed = seedProperty.equals("random") ? new Random().nextLong() : Long.parseLong(seedProperty);
        System.out.printf("[ecs-api fuzz] seed %d (replay with -Dberth.e2e.fuzz.seed=%d), %d requests%n", seed, seed,
                requests);
        key();
        Random random = new Random(seed);
        long pid = plane.operator.pid();
        long logOffset = Files.size(LOG);
        long rssBefore = rssKiB(pid);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long slowest = 0;
        Instant started = Instant.now();

        List<Call> calls = new ArrayList<>(fixedCalls());
        for (int i = 0; i < requests; i++) {
            calls.add(randomCall(random, i));
        }
        for (Call call : calls) {
            long t0 = System.nanoTime();
            String failure = check(call, send(call), outcomes);
            slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
            if (failure != null) {
                failures.add(failure);
            }
        }
        Duration took = Duration.between(started, Instant.now());

        // 100 MiB, streamed: the server must answer 413 without buffering it
        long rssBeforeHuge = rssKiB(pid);
        long t0 = System.nanoTime();
        HttpResponse<String> huge = sendStreamed(100L * 1024 * 1024);
        long hugeMillis = (System.nanoTime() - t0) / 1_000_000;
        String hugeFailure = huge == null ? "100 MiB body: no answer within " + ANSWER_WITHIN
                : check(new Call("100 MiB body", "POST", "ListClusters", "application/x-amz-json-1.1", null, true), huge,
                        outcomes);
        if (hugeFailure != null) {
            failures.add(hugeFailure);
        }
        long rssAfter = rssKiB(pid);

        byte[] logBytes = Files.readAllBytes(LOG); // the offset counts bytes: the log holds the fuzzer's unicode
        String log = new String(logBytes, (int) Math.min(logOffset, logBytes.length),
                logBytes.length - (int) Math.min(logOffset, logBytes.length), StandardCharsets.UTF_8);
        // ERROR lines only: a reconcile of another test's namespace being deleted may log a WARN with its cause
        List<String> errors = log.lines().filter(l -> l.contains(" ERROR ")).distinct().limit(40).toList();
        StringBuilder report = new StringBuilder(String.format(
                "ECS API fuzz: %d requests (%d fixed + %d random), seed %d, in %d s; slowest answer %d ms; 100 MiB body"
                        + " answered %s in %d ms; operator RSS %d MiB before, %d MiB before the 100 MiB body, %d MiB"
                        + " after%n",
                calls.size() + 1, calls.size() - requests + 1, requests, seed, took.toSeconds(), slowest,
                huge == null ? "never" : Integer.toString(huge.statusCode()), hugeMillis, rssBefore / 1024,
                rssBeforeHuge / 1024, rssAfter / 1024));
        outcomes.forEach((k, v) -> report.append(String.format("  %-60s %d%n", k, v)));
        report.append("failures: ").append(failures.size()).append('\n');
        failures.stream().limit(20).forEach(f -> report.append("  ").append(f).append('\n'));
        report.append("operator log lines with errors: ").append(errors.size()).append('\n');
        errors.stream().limit(10).forEach(e -> report.append("  ").append(abbreviate(e)).append('\n'));
        String summary = report.toString().replaceAll("[\\uD800-\\uDFFF]", "?");
        System.out.println(summary);
        Files.writeString(LocalControlPlane.ROOT.resolve("target/e2e/ecs-api-fuzz.txt"), summary);

        assertThat(failures).as("answers that were not a 2xx or a 4xx in ECS's error shape (seed %d)", seed).isEmpty();
        assertThat(errors).as("errors in the operator log while it answered hostile requests (seed %d)", seed).isEmpty();
        assertThat(rssAfter - rssBeforeHuge).as("operator RSS growth in KiB through the 100 MiB body: not buffered")
                .isLessThan(64 * 1024);
        assertThat(plane.operator.pid()).as("the operator did not restart").isEqualTo(pid);
        assertThat(plane.operator.isRunning()).isTrue();
    }

    /** The cases every run sends, whatever the seed. */
    private List<Call> fixedCalls() {
        String ct = "application/x-amz-json-1.1";
        List<Call> calls = new ArrayList<>();
        calls.add(new Call("no X-Amz-Target", "POST", null, ct, "{}".getBytes(), true));
        calls.add(new Call("unknown operation", "POST", "AmazonEC2ContainerServiceV20141113.LaunchRockets", ct,
                "{}".getBytes(), true));
        calls.add(new Call("ECS operation not served", "POST", "AmazonEC2ContainerServiceV20141113.CreateTaskSet", ct,
                "{}".getBytes(), true));
        calls.add(new Call("another service's target", "POST", "DynamoDB_20120810.ListTables", ct, "{}".getBytes(), true));
        calls.add(new Call("no Content-Type", "POST", "ListClusters", null, "{}".getBytes(), true));
        calls.add(new Call("Content-Type text/html", "POST", "ListClusters", "text/html", "<html>".getBytes(), true));
        calls.add(new Call("GET", "GET", "ListClusters", ct, null, true));
        calls.add(new Call("PUT", "PUT", "ListClusters", ct, "{}".getBytes(), true));
        calls.add(new Call("DELETE", "DELETE", "ListClusters", ct, null, true));
        calls.add(new Call("unsigned", "POST", "ListClusters", ct, "{}".getBytes(), false));
        calls.add(new Call("empty body", "POST", "RegisterTaskDefinition", ct, new byte[0], true));
        calls.add(new Call("JSON null", "POST", "RunTask", ct, "null".getBytes(), true));
        calls.add(new Call("JSON array", "POST", "RunTask", ct, "[1,2,3]".getBytes(), true));
        calls.add(new Call("JSON string", "POST", "RunTask", ct, "\"RunTask\"".getBytes(), true));
        calls.add(new Call("JSON number", "POST", "DescribeTasks", ct, "1e999999".getBytes(), true));
        calls.add(new Call("truncated JSON", "POST", "RegisterTaskDefinition", ct,
                TASK_DEFINITION.substring(0, 40).getBytes(), true));
        calls.add(new Call("two documents", "POST", "ListClusters", ct, "{}{}".getBytes(), true));
        calls.add(new Call("nested 100,000 deep", "POST", "RegisterTaskDefinition", ct,
                ("{\"family\":\"fz\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").getBytes(), true));
        calls.add(new Call("objects nested 5,000 deep in a known member", "POST", "RunTask", ct,
                ("{\"overrides\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + "}").getBytes(), true));
        calls.add(new Call("900 KiB string", "POST", "RegisterTaskDefinition", ct,
                ("{\"family\":\"" + "f".repeat(900 * 1024) + "\"}").getBytes(), true));
        calls.add(new Call("one byte over the limit (1 MiB)", "POST", "RegisterTaskDefinition", ct,
                ("{\"family\":\"" + "f".repeat(1024 * 1024) + "\"}").getBytes(), true));
        calls.add(new Call("a number of 100,000 digits", "POST", "RunTask", ct,
                ("{\"count\":" + "9".repeat(100_000) + "}").getBytes(), true));
        calls.add(new Call("invalid UTF-8", "POST", "CreateCluster", ct,
                new byte[] { '{', '"', 'c', 'l', 'u', 's', 't', 'e', 'r', 'N', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3,
                        (byte) 0x28, (byte) 0xFF, '"', '}' },
                true));
        calls.add(new Call("a timestamp member as text", "POST", "ListClusters", ct,
                "{\"maxResults\": \"ten\"}".getBytes(), true));
        return calls;
    }

    /** A seeded hostile request: mostly a mutated well-formed one, else random bytes or a garbage target. */
    private Call randomCall(Random random, int i) {
        List<String> operations = new ArrayList<>(REQUESTS.keySet());
        String operation = operations.get(random.nextInt(operations.size()));
        String ct = "application/x-amz-json-1.1";
        int kind = random.nextInt(10);
        if (kind == 0) {
            byte[] garbage = new byte[random.nextInt(4096)];
            random.nextBytes(garbage);
            return new Call("random bytes #" + i, "POST", operation, ct, garbage, true);
        }
        if (kind == 1) {
            String target = random.nextBoolean() ? "AmazonEC2ContainerServiceV20141113." + printable(random, 200)
                    : printable(random, 300);
            return new Call("garbage X-Amz-Target #" + i + " " + abbreviate(target), "POST", target, ct, "{}".getBytes(),
                    true);
        }
        if (kind == 2) {
            return new Call("garbage Content-Type #" + i, "POST", operation, printable(random, 100),
                    REQUESTS.get(operation).getBytes(StandardCharsets.UTF_8), true);
        }
        try {
            ObjectNode request = (ObjectNode) JSON.readTree(REQUESTS.get(operation));
            JsonMutator mutator = new JsonMutator(random, 2000, random.nextBoolean());
            mutator.mutate(request, 1 + random.nextInt(5));
            if (random.nextInt(20) == 0) {
                request.set("deep", HostileValues.deep(200 + random.nextInt(700)));
            }
            return new Call(operation + " #" + i + " " + mutator.mutations(), "POST", operation, ct,
                    request.toString().getBytes(StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null when the answer is as promised; else what was wrong with it. */
    private static String check(Call call, HttpResponse<String> response, Map<String, Integer> outcomes) {
        if (response == null) {
            outcomes.merge("no answer within " + ANSWER_WITHIN.toSeconds() + " s", 1, Integer::sum);
            return "no answer within " + ANSWER_WITHIN + ": " + abbreviate(call.what());
        }
        int code = response.statusCode();
        if (code >= 200 && code < 300) {
            outcomes.merge(code + " " + operation(call), 1, Integer::sum);
            return null;
        }
        String type = "";
        String message = "";
        try {
            JsonNode body = JSON.readTree(response.body());
            type = body.path("__type").asText("");
            message = body.path("message").asText("");
        } catch (IOException e) {
            // not JSON: reported below
        }
        outcomes.merge(code + " " + (type.isEmpty() ? "(no __type)" : type), 1, Integer::sum);
        if (code < 400 || code >= 500) {
            return "HTTP " + code + " for " + abbreviate(call.what()) + ": " + abbreviate(response.body());
        }
        if (type.isEmpty() || message.isBlank()) {
            return "HTTP " + code + " without __type and message for " + abbreviate(call.what()) + ": "
                    + abbreviate(response.body());
        }
        return null;
    }

    private static String operation(Call call) {
        return call.target() == null ? "" : call.target().replace(EcsApi.TARGET_PREFIX, "");
    }

    private HttpResponse<String> send(Call call) {
        try {
            String target = call.target() == null || call.target().contains(".") ? call.target()
                    : EcsApi.TARGET_PREFIX + call.target();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ENDPOINT)).timeout(ANSWER_WITHIN);
            byte[] body = call.body() == null ? new byte[0] : call.body();
            request.method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            Map<String, String> headers = new LinkedHashMap<>();
            if (target != null) {
                headers.put("X-Amz-Target", target);
            }
            if (call.contentType() != null) {
                headers.put("Content-Type", call.contentType());
            }
            (call.sign() ? signed(call.method(), headers, body) : headers).forEach(request::header);
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return null;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("sending " + abbreviate(call.what()) + ": " + e, e);
        }
    }

    /** {@code size} bytes of a JSON string member, streamed (never held in memory on either side). */
    private HttpResponse<String> sendStreamed(long size) {
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Amz-Target", EcsApi.TARGET_PREFIX + "ListClusters");
            headers.put("Content-Type", "application/x-amz-json-1.1");
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ENDPOINT)).timeout(ANSWER_WITHIN)
                    .POST(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> new Filler(size)), size));
            headers.forEach(request::header);
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("100 MiB body: the connection failed instead of an answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("deprecation")
    private Map<String, String> signed(String method, Map<String, String> headers, byte[] body) {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(URI.create(ENDPOINT)).contentStreamProvider(() -> new java.io.ByteArrayInputStream(body));
        headers.forEach(request::putHeader);
        SdkHttpFullRequest signed = Aws4Signer.create().sign(request.build(), Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(keyId, secret)).signingName("ecs")
                .signingRegion(Region.US_EAST_1).build());
        Map<String, String> out = new LinkedHashMap<>();
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                out.put(name, values.get(0));
            }
        });
        return out;
    }

    /** A key of this test's namespace whose identity may create TaskDefinitions and Clusters and read the rest. */
    private void key() {
        applyText("""
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: fuzzer}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: fuzzer}
                rules:
                  - {apiGroups: [berth.dev], resources: ["*"], verbs: [get, list, watch]}
                  - {apiGroups: [berth.dev], resources: [taskdefinitions, clusters], verbs: [create, update, patch]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: fuzzer}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: fuzzer}
                subjects: [{kind: ServiceAccount, name: fuzzer}]
                """);
        keyId = "AKIAFZ" + ns.replace("-", "").toUpperCase();
        secret = UUID.randomUUID().toString();
        client.secrets().inNamespace(ChartIdentity.NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName(ns + "-fuzz").addToLabels("berth.dev/ecs-access-key", "true").endMetadata()
                .addToStringData("accessKeyId", keyId).addToStringData("secretAccessKey", secret)
                .addToStringData("namespace", ns).addToStringData("serviceAccount", "fuzzer").build()).serverSideApply();
        org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    HttpResponse<String> r = send(new Call("ListClusters", "POST", "ListClusters",
                            "application/x-amz-json-1.1", "{}".getBytes(), true));
                    return r != null && r.statusCode() == 200;
                });
    }

    private static long rssKiB(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst()
                .orElse(0L);
    }

    private static String printable(Random random, int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x20 + random.nextInt(0x5f)));
        }
        return text.toString();
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.replace('\n', ' ');
        return flat.length() > 200 ? flat.substring(0, 200) + "...(" + flat.length() + " chars)" : flat;
    }

    /** The JSON string {@code {"x":"aaaa...."}} of exactly {@code size} bytes. */
    private static final class Filler extends InputStream {
        private final long size;
        private long sent;

        Filler(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (sent >= size) {
                return -1;
            }
            long at = sent++;
            return at < 6 ? "{\"x\":\"".charAt((int) at) : at == size - 2 ? '"' : at == size - 1 ? '}' : 'a';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (sent >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - sent);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) read();
            }
            return n;
        }
    }

}
