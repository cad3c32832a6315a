package dev.berth.ecsapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/** SigV4 against the requests the AWS CLI v1, v2 and the Java SDK sent (ecs-api.md §6.3), and randomised ones. */
class SigV4VerifierTest {

    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final AccessKey KEY = new AccessKey("AKIDEXAMPLE", SECRET, "team-a", "ci");
    static final Function<String, Optional<AccessKey>> KEYS = id -> id.equals(KEY.accessKeyId()) ? Optional.of(KEY)
            : Optional.empty();
    static final SigV4Verifier VERIFIER = new SigV4Verifier(Duration.ofMinutes(15));

    static SignedRequest captured(String target, String amzDate, String signedHeaders, String signature, String body,
            Map<String, String> extra) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("127.0.0.1:41069"));
        headers.put("Content-Type", List.of("application/x-amz-json-1.1"));
        headers.put("X-Amz-Target", List.of("AmazonEC2ContainerServiceV20141113." + target));
        headers.put("X-Amz-Date", List.of(amzDate));
        extra.forEach((k, v) -> headers.put(k, List.of(v)));
        headers.put("Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + amzDate.substring(0, 8)
                + "/us-east-1/ecs/aws4_request, SignedHeaders=" + signedHeaders + ", Signature=" + signature));
        return new SignedRequest("POST", "/", "", headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static final SignedRequest CLI_V2 = captured("RunTask", "20261205T080127Z", "content-type;host;x-amz-date;x-amz-target",
            "3cc6a7ffe89b0c1a723ff943558f9b0d83ce7e81baa29534e476faf83a3f24e7",
            "{\"cluster\": \"my-cluster\", \"taskDefinition\": \"my-task\"}", Map.of("Accept-Encoding", "identity"));
    static final SignedRequest CLI_V1 = captured("ListClusters", "20261205T080128Z",
            "content-type;host;x-amz-date;x-amz-target",
            "ee700641f93408433b25fa338d0ad81da41c3a973973c2473633ddb2c452f955", "{}",
            Map.of("amz-sdk-request", "attempt=1"));
    static final SignedRequest SDK = captured("ListClusters", "20261205T080129Z",
            "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target",
            "3f8c9261de478f908263c63453a3a8d181fb42e34a6bebaafaf905e71a15ebdf", "{\"maxResults\":10}",
            Map.of("amz-sdk-invocation-id", "399eb56e-1dd9-6fb9-b6b9-94089b084d13", "amz-sdk-request", "attempt=1; max=3",
                    "content-length", "17", "x-amz-content-sha256",
                    "f8db0b3d7df530b04227257198bd7b0b3c7636749eb13b44517dc8cc8ab379f3"));
    static final Instant CAPTURED = Instant.parse("2026-12-05T08:01:30Z");

    @Test
    void verifiesTheCapturedRequestsOfBothClisAndTheSdk() {
        for (SignedRequest request : List.of(CLI_V2, CLI_V1, SDK)) {
            SigV4Verifier.Signer signer = VERIFIER.verify(request, KEYS, CAPTURED);
            assertThat(signer.key()).isEqualTo(KEY);
            assertThat(signer.region()).isEqualTo("us-east-1");
        }
    }

    @Test
    void aChangedBodyHeaderOrSecretIsAnInvalidSignature() {
        SignedRequest tampered = new SignedRequest("POST", "/", "", CLI_V2.headers(),
                "{\"cluster\": \"other\", \"taskDefinition\": \"my-task\"}".getBytes(StandardCharsets.UTF_8));
        assertError(() -> VERIFIER.verify(tampered, KEYS, CAPTURED), EcsError.INVALID_SIGNATURE,
                "The request signature we calculated does not match");

        Map<String, List<String>> headers = new LinkedHashMap<>(CLI_V1.headers());
        headers.put("x-amz-target", List.of("AmazonEC2ContainerServiceV20141113.DeleteCluster"));
        assertError(() -> VERIFIER.verify(new SignedRequest("POST", "/", "", headers, CLI_V1.body()), KEYS, CAPTURED),
                EcsError.INVALID_SIGNATURE, "does not match");

        AccessKey wrongSecret = new AccessKey("AKIDEXAMPLE", "not-the-secret", "team-a", "ci");
        assertError(() -> VERIFIER.verify(CLI_V1, id -> Optional.of(wrongSecret), CAPTURED), EcsError.INVALID_SIGNATURE,
                "does not match");
    }

    @Test
    void anUnsignedHeaderMayChange() {
        Map<String, List<String>> headers = new LinkedHashMap<>(CLI_V1.headers());
        headers.put("amz-sdk-request", List.of("attempt=2"));
        headers.put("User-Agent", List.of("anything"));
        assertThat(VERIFIER.verify(new SignedRequest("POST", "/", "", headers, CLI_V1.body()), KEYS, CAPTURED).key())
                .isEqualTo(KEY);
    }

    @Test
    void aPayloadHashThatIsNotTheBodysIsRefused() {
        Map<String, List<String>> headers = new LinkedHashMap<>(SDK.headers());
        headers.put("x-amz-content-sha256", List.of("0".repeat(64)));
        assertError(() -> VERIFIER.verify(new SignedRequest("POST", "/", "", headers, SDK.body()), KEYS, CAPTURED),
                EcsError.INVALID_SIGNATURE, "x-amz-content-sha256");
    }

    @Test
    void aSignatureOutsideTheWindowIsExpiredOrNotYetCurrent() {
        assertError(() -> VERIFIER.verify(CLI_V1, KEYS, CAPTURED.plus(Duration.ofMinutes(16))),
                EcsError.INVALID_SIGNATURE, "Signature expired: 20261205T080128Z is now earlier than 20261205T080230Z"
                        + " (20261205T081730Z - 15 min.)");
        assertError(() -> VERIFIER.verify(CLI_V1, KEYS, CAPTURED.minus(Duration.ofMinutes(16))),
                EcsError.INVALID_SIGNATURE, "Signature not yet current");
        assertThat(VERIFIER.verify(CLI_V1, KEYS, CAPTURED.plus(Duration.ofMinutes(14))).key()).isEqualTo(KEY);
        assertThat(new SigV4Verifier(Duration.ofMinutes(5)).verify(CLI_V1, KEYS, CAPTURED.plus(Duration.ofMinutes(4)))
                .key()).isEqualTo(KEY);
    }

    @Test
    void missingMalformedOrForeignCredentialsGetEcsErrors() {
        Map<String, List<String>> unsigned = new LinkedHashMap<>(CLI_V1.headers());
        unsigned.remove("authorization");
        assertError(() -> VERIFIER.verify(new SignedRequest("POST", "/", "", unsigned, CLI_V1.body()), KEYS, CAPTURED),
                EcsError.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        assertThat(EcsError.MISSING_AUTHENTICATION_TOKEN.httpStatus()).isEqualTo(403);

        Map<String, List<String>> garbled = new LinkedHashMap<>(CLI_V1.headers());
        garbled.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE"));
        assertError(() -> VERIFIER.verify(new SignedRequest("POST", "/", "", garbled, CLI_V1.body()), KEYS, CAPTURED),
                EcsError.INCOMPLETE_SIGNATURE, "Credential");

        assertError(() -> VERIFIER.verify(CLI_V1, id -> Optional.empty(), CAPTURED), EcsError.UNRECOGNIZED_CLIENT,
                "The security token included in the request is invalid.");

        Map<String, List<String>> otherService = new LinkedHashMap<>(CLI_V1.headers());
        otherService.put("authorization", List.of(CLI_V1.header("authorization").replace("/ecs/", "/s3/")));
        assertError(() -> VERIFIER.verify(new SignedRequest("POST", "/", "", otherService, CLI_V1.body()), KEYS,
                CAPTURED), EcsError.INVALID_SIGNATURE, "'ecs'");
    }

    /** Requests signed by the SDK's own (deprecated) Aws4Signer, as an oracle: random bodies, headers, regions, tokens. */
    @Test
    @SuppressWarnings("deprecation")
    void verifiesRandomRequestsSignedByTheSdksSigner() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            String region = List.of("us-east-1", "eu-west-3", "ap-southeast-2", "local").get(random.nextInt(4));
            Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(400_000_000));
            String body = randomJson(random);
            SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                    .uri(URI.create("http://127.0.0.1:" + (1024 + random.nextInt(60000)) + "/"))
                    .putHeader("Content-Type", "application/x-amz-json-1.1")
                    .putHeader("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.Op" + random.nextInt(100))
                    .contentStreamProvider(() -> new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            if (random.nextBoolean()) {
                request.putHeader("X-Custom", "  spaced    value  " + random.nextInt());
            }
            boolean session = random.nextBoolean();
            var credentials = session ? AwsSessionCredentials.create(KEY.accessKeyId(), SECRET, "token-" + i)
                    : AwsBasicCredentials.create(KEY.accessKeyId(), SECRET);
            SdkHttpFullRequest signed = Aws4Signer.create().sign(request.build(), Aws4SignerParams.builder()
                    .awsCredentials(credentials).signingName("ecs").signingRegion(Region.of(region))
                    .signingClockOverride(Clock.fixed(at, ZoneOffset.UTC)).build());
            Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
            headers.putIfAbsent("Host", List.of(signed.host() + ":" + signed.port()));
            SignedRequest received = new SignedRequest("POST", "/", "", headers,
                    body.getBytes(StandardCharsets.UTF_8));

            SigV4Verifier.Signer signer = VERIFIER.verify(received, KEYS, at.plusSeconds(random.nextInt(600)));
            assertThat(signer.region()).isEqualTo(region);

            byte[] flipped = body.getBytes(StandardCharsets.UTF_8);
            flipped[random.nextInt(flipped.length)] ^= 1;
            assertError(() -> VERIFIER.verify(new SignedRequest("POST", "/", "", headers, flipped), KEYS, at),
                    EcsError.INVALID_SIGNATURE, "");
        }
    }

    private static String randomJson(Random random) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(5); i++) {
            members.add("\"m" + i + "\": \"" + Long.toHexString(random.nextLong()) + " é ✓\"");
        }
        return "{" + String.join(", ", members) + "}";
    }

    static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, EcsError error,
            String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EcsApiException.class, e -> {
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
