package dev.berth.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ecs-svc/1234567890 | ecs-svc.1234567890",
            "service:web | service.web",
            "service:My Web App (blue/green) | service.MyWebAppblue.green",
            "__scheduler/nightly_ | scheduler.nightly",
            "-._web._.- | web",
            "café-au-lait | caf-au-lait",
    })
    void sanitizesToAValidValue(String raw, String expected) {
        assertThat(Labels.sanitizeValue(raw)).contains(expected);
        assertThat(Labels.isValidValue(expected)).isTrue();
    }

    @Test
    void cutsTo63CharactersAndTrimsAgain() {
        String raw = "a".repeat(62) + "/b" + "c".repeat(10);
        assertThat(Labels.sanitizeValue(raw)).contains("a".repeat(62));
        assertThat(Labels.sanitizeValue("x".repeat(100))).contains("x".repeat(63));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = { "", "///", "::", "(  )", "_-_" })
    void omitsWhatSanitizesToNothing(String raw) {
        assertThat(Labels.sanitizeValue(raw)).isEmpty();
    }

    @Test
    void omitsNull() {
        assertThat(Labels.sanitizeValue(null)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "team", "example.com/cost-center", "app.kubernetes.io/name", "A_b.C-1" })
    void acceptsLabelKeys(String key) {
        assertThat(Labels.isValidKey(key)).isTrue();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = { "", "aws:ecs:clusterName", "has space", "Example.com/x", "example.com/", "/x", "-team",
            "a/b/c" })
    void rejectsInvalidLabelKeys(String key) {
        assertThat(Labels.isValidKey(key)).isFalse();
    }

    @Test
    void rejectsKeyNamesLongerThan63() {
        assertThat(Labels.isValidKey("k".repeat(63))).isTrue();
        assertThat(Labels.isValidKey("k".repeat(64))).isFalse();
    }

    @Test
    void acceptsEmptyValuesButNotSpacesOrAt() {
        assertThat(Labels.isValidValue("")).isTrue();
        assertThat(Labels.isValidValue("a value")).isFalse();
        assertThat(Labels.isValidValue("jane@example.com")).isFalse();
        assertThat(Labels.isValidValue("v".repeat(64))).isFalse();
    }
}
