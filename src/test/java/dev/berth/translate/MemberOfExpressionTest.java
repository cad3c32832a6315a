package dev.berth.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.berth.api.v1alpha1.PlacementConstraint;
import dev.berth.translate.MemberOfExpression.Operator;
import dev.berth.translate.MemberOfExpression.Term;

class MemberOfExpressionTest {

    /** The apply-time check (CEL, RE2) and the operator's parser accept the same language. */
    private static final Pattern APPLY_TIME = Pattern.compile(PlacementConstraint.EXPRESSION);

    @ParameterizedTest
    @ValueSource(strings = {
            "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]",
            "attribute:ecs.instance-type == t2.small",
            "attribute:ecs.instance-type equals t2.small",
            "attribute:ecs.cpu-architecture != arm64 and attribute:disktype exists",
            "attribute:gpu-count >= 2 && attribute:stack not_in [prod,test]",
            "attribute:ecs.os-type == linux or attribute:ecs.os-type == windows",
            "attribute:zone !in [a] || attribute:zone not_exists",
            "task:group == service:web",
            "  task:group in [service:web, database] and attribute:ecs.availability-zone == local-1a  ",
            "attribute:cores < 8 and attribute:cores <= 9 and attribute:cores > 1" })
    void supportedExpressionsPassBothChecks(String expression) {
        assertThat(APPLY_TIME.matcher(expression).matches()).as("apply-time pattern").isTrue();
        assertThat(MemberOfExpression.parse(expression).anyOf()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "attribute:ecs.instance-type =~ g2.*",
            "(attribute:a == b)",
            "not attribute:a exists",
            "instance:ecs.instance-type == t2.small",
            "attribute:a == ",
            "attribute:a in []",
            "attribute:a in [b",
            "attribute:a == b and",
            "attribute:a == b xor attribute:c == d",
            "" })
    void unsupportedExpressionsFailBothChecks(String expression) {
        assertThat(APPLY_TIME.matcher(expression).matches()).as("apply-time pattern").isFalse();
        assertThatThrownBy(() -> MemberOfExpression.parse(expression)).isInstanceOf(UnrunnableTask.class)
                .hasMessageContaining("memberOf expression");
    }

    @Test
    void andBindsTighterThanOr() {
        var parsed = MemberOfExpression.parse("attribute:a == 1 and attribute:b exists or attribute:c in [x, y]");
        assertThat(parsed.anyOf()).containsExactly(
                List.of(new Term("attribute:a", Operator.EQUALS, List.of("1")),
                        new Term("attribute:b", Operator.EXISTS, List.of())),
                List.of(new Term("attribute:c", Operator.IN, List.of("x", "y"))));
    }

    @Test
    void messagesSayWhatIsSupported() {
        assertThatThrownBy(() -> MemberOfExpression.parse("attribute:a =~ b.*"))
                .hasMessageContaining("unsupported operator '=~'").hasMessageContaining("not_in");
        assertThatThrownBy(() -> MemberOfExpression.parse("attribute:cores > many"))
                .hasMessageContaining("compares integers");
        assertThatThrownBy(() -> MemberOfExpression.parse("task:group == a or attribute:b exists"))
                .hasMessageContaining("task:group terms cannot be combined with 'or'");
    }
}
