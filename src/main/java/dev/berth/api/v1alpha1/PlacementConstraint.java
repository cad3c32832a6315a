package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** ECS placement constraint: distinctInstance, or memberOf with an expression of the cluster query language. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type != 'memberOf' || has(self.expression)", message = "a memberOf constraint needs an expression, e.g. 'attribute:ecs.availability-zone in [local-1a, local-1b]'")
@ValidationRule(value = "self.type != 'distinctInstance' || !has(self.expression)", message = "a distinctInstance constraint takes no expression")
@ValidationRule(value = "!has(self.expression) || self.expression.matches(r'" + PlacementConstraint.EXPRESSION
        + "')", message = "expression: Berth supports terms 'attribute:<name> <op> <value>' and 'task:group <op> <value>'"
                + " with ==, !=, >, >=, <, <=, in [a, b], not_in [a, b], exists, not_exists, joined by 'and' or 'or'"
                + " (no parentheses, no regular expressions); see docs/placement.md", fieldPath = ".expression")
public class PlacementConstraint extends EcsFields {

    private static final String SUBJECT = "(attribute:[A-Za-z0-9][-A-Za-z0-9_./]*|task:group)";
    /** A value of an expression term (also what the operator's parser accepts). */
    public static final String VALUE = "[A-Za-z0-9][-A-Za-z0-9_.:/]*";
    private static final String TERM = SUBJECT + "[ ]+((==|equals|!=|not_equals|>=|<=|>|<)[ ]+" + VALUE
            + "|(in|!in|not_in)[ ]*\\[[ ]*" + VALUE + "([ ]*,[ ]*" + VALUE + ")*[ ]*\\]|exists|!exists|not_exists)";
    /** The supported subset of ECS's cluster query language, as a regular expression (RE2 in a CEL raw string, and Java). */
    public static final String EXPRESSION = "^[ ]*" + TERM + "([ ]+(and|&&|or|\\|\\|)[ ]+" + TERM + ")*[ ]*$";

    public enum Type {
        distinctInstance,
        memberOf
    }

    @Required
    @JsonPropertyDescription("distinctInstance: every task of the group on a different node. memberOf: only on nodes (or"
            + " next to task groups) the expression selects.")
    public Type type;

    @Size(max = 2000)
    @JsonPropertyDescription("For memberOf: e.g. 'attribute:ecs.availability-zone in [local-1a, local-1b]',"
            + " 'attribute:ecs.cpu-architecture == arm64 and attribute:disktype == ssd', 'task:group == service:db'."
            + " attribute:<name> is a node label (ecs.availability-zone, ecs.instance-type, ecs.os-type and"
            + " ecs.cpu-architecture map to the well-known Kubernetes labels).")
    public String expression;

    public PlacementConstraint() {
    }

    public PlacementConstraint(Type type, String expression) {
        this.type = type;
        this.expression = expression;
    }
}
