package dev.berth.ecsapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The error table: ECS's HTTP statuses, and every ECS exception one the SDK models (so it throws the typed one). */
class EcsErrorTest {

    /** Common AWS errors the SDKs and CLIs understand without an ECS model shape. */
    static final Set<EcsError> NOT_IN_THE_ECS_MODEL = EnumSet.of(EcsError.SERIALIZATION, EcsError.UNKNOWN_OPERATION,
            EcsError.MISSING_AUTHENTICATION_TOKEN, EcsError.REQUEST_TOO_LARGE, EcsError.INCOMPLETE_SIGNATURE,
            EcsError.INVALID_SIGNATURE,
            EcsError.UNRECOGNIZED_CLIENT);

    @Test
    void onlyServerExceptionIs5xxAndEveryOtherErrorIs4xx() {
        for (EcsError error : EcsError.values()) {
            int expected = switch (error) {
                case SERVER -> 500;
                case MISSING_AUTHENTICATION_TOKEN -> 403;
                case REQUEST_TOO_LARGE -> 413;
                default -> 400;
            };
            assertThat(error.httpStatus()).as(error.type()).isEqualTo(expected);
        }
    }

    @Test
    void everyEcsExceptionIsModeledByTheSdk() throws Exception {
        for (EcsError error : EnumSet.complementOf(EnumSet.copyOf(NOT_IN_THE_ECS_MODEL))) {
            Class<?> type = Class.forName("software.amazon.awssdk.services.ecs.model." + error.type());
            assertThat(software.amazon.awssdk.services.ecs.model.EcsException.class.isAssignableFrom(type))
                    .as(error.type()).isTrue();
        }
        for (EcsError error : NOT_IN_THE_ECS_MODEL) {
            assertThat(error.type()).endsWith("Exception");
        }
    }
}
