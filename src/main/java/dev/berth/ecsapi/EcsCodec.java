package dev.berth.ecsapi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import software.amazon.awssdk.awscore.client.config.AwsClientOption;
import software.amazon.awssdk.core.ClientEndpointProvider;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.client.config.SdkClientConfiguration;
import software.amazon.awssdk.core.client.config.SdkClientOption;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.protocols.core.OperationInfo;
import software.amazon.awssdk.protocols.json.AwsJsonProtocol;
import software.amazon.awssdk.protocols.json.AwsJsonProtocolFactory;
import software.amazon.awssdk.protocols.json.JsonOperationMetadata;

/**
 * The awsJson1_1 codec of the AWS SDK for Java v2 itself, configured as DefaultEcsClient configures it, used the other
 * way round: a request body becomes the SDK's typed request (as the SDK reads a response), a typed response becomes
 * the body (as the SDK writes a request). The same code that makes the SDK's JSON makes ours, so member names, enums,
 * epoch-second timestamps and unset-versus-empty lists are exact.
 *
 * <p>
 * The factory API is {@code @SdkProtectedApi}: the version is pinned by the BOM and EcsCodecTest round-trips every
 * served operation.
 */
public final class EcsCodec {

    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final AwsJsonProtocolFactory factory = AwsJsonProtocolFactory.builder()
            .clientConfiguration(SdkClientConfiguration.builder()
                    .option(SdkClientOption.CLIENT_ENDPOINT_PROVIDER,
                            ClientEndpointProvider.forEndpointOverride(URI.create("http://localhost")))
                    .option(AwsClientOption.SERVICE_SIGNING_NAME, "ecs")
                    .build())
            .protocol(AwsJsonProtocol.AWS_JSON).protocolVersion("1.1").build();
    private final OperationInfo operation = OperationInfo.builder().requestUri("/").httpMethod(SdkHttpMethod.POST)
            .hasImplicitPayloadMembers(true).hasPayloadMembers(true).build();

    /**
     * The typed request of an operation; an empty body is {@code {}} (awsJson: servers must accept both). Bad JSON or a
     * member of the wrong type is ECS's SerializationException; unknown members are ignored (newer clients).
     */
    @SuppressWarnings("unchecked")
    public <T extends SdkPojo> T read(byte[] body, Supplier<? extends SdkPojo> builder) {
        byte[] json = body == null || body.length == 0 ? "{}".getBytes() : body;
        if (!startsAnObject(json)) {
            // the SDK's reader takes any other JSON value for an empty request
            throw new EcsApiException(EcsError.SERIALIZATION, "The request body must be a JSON object.");
        }
        T request = parse(json, builder);
        Optional<String> hole = nullIn(request, "");
        if (hole.isPresent()) {
            // the SDK reads a null element, or one of the wrong type, as null: no operation expects one
            throw new EcsApiException(EcsError.SERIALIZATION, "Null or a value of the wrong type at " + hole.get() + ".");
        }
        return request;
    }

    @SuppressWarnings("unchecked")
    private <T extends SdkPojo> T parse(byte[] json, Supplier<? extends SdkPojo> builder) {
        try {
            return (T) factory.<T> createResponseHandler(JsonOperationMetadata.builder().isPayloadJson(true).build(),
                    (Supplier<SdkPojo>) builder)
                    .handle(SdkHttpFullResponse.builder().statusCode(200)
                            .content(AbortableInputStream.create(new ByteArrayInputStream(json))).build(),
                            new ExecutionAttributes());
        } catch (NumberFormatException | UncheckedIOException | IllegalStateException | ClassCastException
                | UnsupportedOperationException e) {
            throw new EcsApiException(EcsError.SERIALIZATION, "Start of structure or map found where not expected,"
                    + " or a member has the wrong type: " + rootMessage(e));
        } catch (RuntimeException e) {
            if (rootCause(e) instanceof IOException) {
                throw new EcsApiException(EcsError.SERIALIZATION, "The request body is not valid JSON: " + rootMessage(e));
            }
            throw e;
        } catch (Exception e) {
            throw new EcsApiException(EcsError.SERIALIZATION, "The request body is not valid JSON: " + rootMessage(e));
        }
    }

    /** The JSON body of a typed response ({@code {}} when it has no members). */
    public byte[] write(SdkPojo response) {
        SdkHttpFullRequest marshalled = factory.createProtocolMarshaller(operation).marshall(response);
        return marshalled.contentStreamProvider().map(provider -> {
            try (InputStream in = provider.newStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse("{}".getBytes());
    }

    /** The path of the first null element of a list or value of a map inside the request, if any. */
    private static Optional<String> nullIn(Object value, String path) {
        if (value instanceof SdkPojo pojo) {
            for (SdkField<?> field : pojo.sdkFields()) {
                Optional<String> hole = nullIn(field.getValueOrDefault(pojo),
                        (path.isEmpty() ? "" : path + ".") + field.memberName());
                if (hole.isPresent()) {
                    return hole;
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Optional<String> hole = list.get(i) == null ? Optional.of(path + "[" + i + "]")
                        : nullIn(list.get(i), path + "[" + i + "]");
                if (hole.isPresent()) {
                    return hole;
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Optional<String> hole = entry.getValue() == null ? Optional.of(path + "." + entry.getKey())
                        : nullIn(entry.getValue(), path + "." + entry.getKey());
                if (hole.isPresent()) {
                    return hole;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean startsAnObject(byte[] json) {
        for (byte b : json) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String rootMessage(Throwable e) {
        String message = rootCause(e).getMessage();
        return message == null ? rootCause(e).getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
