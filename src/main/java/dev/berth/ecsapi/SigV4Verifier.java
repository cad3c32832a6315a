package dev.berth.ecsapi;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 (header form) the way the AWS CLI v1/v2 and the SDKs sign ECS requests. Pure: the
 * request, the key lookup and "now" come in.
 *
 * <p>
 * The canonical request is rebuilt from exactly the headers the client listed in SignedHeaders (a black-box signer
 * such as the SDK's AwsV4HttpSigner adds x-amz-content-sha256 of its own and so rejects botocore's signatures), and
 * the signatures are compared in constant time. The region is taken from the credential scope (any region is
 * accepted and echoed into ARNs); the service must be {@code ecs}.
 */
public final class SigV4Verifier {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "^AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,\\s*"
                    + "SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-fA-F]{64})\\s*$");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Who signed the request, and in which region. */
    public record Signer(AccessKey key, String region) {
    }

    private final Duration allowedSkew;

    /** @param allowedSkew how far X-Amz-Date may be from now, into the past or the future */
    public SigV4Verifier(Duration allowedSkew) {
        this.allowedSkew = allowedSkew;
    }

    /**
     * The signer of the request, or an {@link EcsApiException} with the error ECS answers: no Authorization
     * (MissingAuthenticationTokenException), a malformed one (IncompleteSignatureException), an unknown key
     * (UnrecognizedClientException), a wrong signature or a date outside the window (InvalidSignatureException).
     */
    public Signer verify(SignedRequest request, Function<String, Optional<AccessKey>> keys, Instant now) {
        String authorization = request.header("authorization");
        if (authorization == null || authorization.isBlank()) {
            throw new EcsApiException(EcsError.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        }
        Matcher m = AUTHORIZATION.matcher(authorization.trim());
        if (!m.matches()) {
            throw new EcsApiException(EcsError.INCOMPLETE_SIGNATURE, "Authorization header requires 'Credential',"
                    + " 'Signature' and 'SignedHeaders' parameters of the AWS4-HMAC-SHA256 algorithm.");
        }
        String accessKeyId = m.group(1);
        String scopeDate = m.group(2);
        String region = m.group(3);
        String service = m.group(4);
        List<String> signedHeaders = List.of(m.group(5).split(";"));
        String signature = m.group(6).toLowerCase(java.util.Locale.ROOT);
        if (!"ecs".equals(service)) {
            throw new EcsApiException(EcsError.INVALID_SIGNATURE,
                    "Credential should be scoped to correct service: 'ecs'.");
        }
        String amzDate = request.header("x-amz-date");
        if (amzDate == null || !signedHeaders.contains("x-amz-date") || !signedHeaders.contains("host")) {
            throw new EcsApiException(EcsError.INCOMPLETE_SIGNATURE,
                    "The request must sign the headers host and x-amz-date.");
        }
        Instant signedAt = parseAmzDate(amzDate);
        if (!amzDate.startsWith(scopeDate)) {
            throw new EcsApiException(EcsError.INVALID_SIGNATURE, "Date in Credential scope does not match YYYYMMDD"
                    + " from ISO-8601 version of date from HTTP: '" + scopeDate + "' != '" + amzDate.substring(0, 8)
                    + "', from '" + amzDate + "'.");
        }
        if (signedAt.isBefore(now.minus(allowedSkew))) {
            throw new EcsApiException(EcsError.INVALID_SIGNATURE, "Signature expired: " + amzDate
                    + " is now earlier than " + AMZ_DATE.format(now.minus(allowedSkew)) + " (" + AMZ_DATE.format(now)
                    + " - " + allowedSkew.toMinutes() + " min.)");
        }
        if (signedAt.isAfter(now.plus(allowedSkew))) {
            throw new EcsApiException(EcsError.INVALID_SIGNATURE, "Signature not yet current: " + amzDate
                    + " is still later than " + AMZ_DATE.format(now.plus(allowedSkew)) + " (" + AMZ_DATE.format(now)
                    + " + " + allowedSkew.toMinutes() + " min.)");
        }
        AccessKey key = keys.apply(accessKeyId).orElseThrow(() -> new EcsApiException(EcsError.UNRECOGNIZED_CLIENT,
                "The security token included in the request is invalid."));

        String payloadHash = hex(sha256(request.body()));
        String declaredHash = request.header("x-amz-content-sha256");
        if (declaredHash != null && !declaredHash.equalsIgnoreCase(payloadHash)) {
            throw new EcsApiException(EcsError.INVALID_SIGNATURE,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        String canonical = canonicalRequest(request, signedHeaders, payloadHash);
        String scope = scopeDate + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hex(sha256(bytes(canonical)));
        byte[] signingKey = signingKey(key.secretAccessKey(), scopeDate, region, service);
        byte[] expected = bytes(hex(hmac(signingKey, stringToSign)));
        if (!MessageDigest.isEqual(expected, bytes(signature))) {
            throw new EcsApiException(EcsError.INVALID_SIGNATURE, "The request signature we calculated does not match"
                    + " the signature you provided. Check your AWS Secret Access Key and signing method. Consult the"
                    + " service documentation for details.");
        }
        return new Signer(key, region);
    }

    /** The canonical request of SigV4 over exactly {@code signedHeaders} (lower-case names, in the client's order). */
    static String canonicalRequest(SignedRequest request, List<String> signedHeaders, String payloadHash) {
        StringBuilder out = new StringBuilder();
        out.append(request.method()).append('\n');
        out.append(request.rawPath().isEmpty() ? "/" : request.rawPath()).append('\n');
        out.append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : signedHeaders) {
            List<String> values = request.headerValues(name);
            out.append(name).append(':');
            for (int i = 0; i < values.size(); i++) {
                out.append(i == 0 ? "" : ",").append(values.get(i).trim().replaceAll("\\s+", " "));
            }
            out.append('\n');
        }
        out.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
        return out.toString();
    }

    /** Query parameters sorted by name then value, as sent (already URI-encoded by the client). */
    private static String canonicalQuery(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return "";
        }
        return java.util.Arrays.stream(rawQuery.split("&")).map(p -> p.contains("=") ? p : p + "=")
                .sorted(java.util.Comparator.<String, String> comparing(p -> p.substring(0, p.indexOf('=')))
                        .thenComparing(p -> p.substring(p.indexOf('=') + 1)))
                .collect(java.util.stream.Collectors.joining("&"));
    }

    private static Instant parseAmzDate(String amzDate) {
        try {
            return Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw new EcsApiException(EcsError.INCOMPLETE_SIGNATURE,
                    "X-Amz-Date must be in the ISO-8601 basic format yyyyMMdd'T'HHmmss'Z', got '" + amzDate + "'.");
        }
    }

    static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] k = hmac(bytes("AWS4" + secret), date);
        k = hmac(k, region);
        k = hmac(k, service);
        return hmac(k, "aws4_request");
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(bytes(data));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String hex(byte[] data) {
        return HexFormat.of().formatHex(data);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
