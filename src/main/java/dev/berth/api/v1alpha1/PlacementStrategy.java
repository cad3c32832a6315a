package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** ECS placement strategy: random, spread over a node attribute, or binpack on cpu or memory. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type != 'spread' || has(self.field)", message = "a spread strategy needs a field: instanceId, host or attribute:<name>, e.g. attribute:ecs.availability-zone")
@ValidationRule(value = "self.type != 'binpack' || (has(self.field) && self.field in ['cpu', 'memory'])", message = "a binpack strategy needs field cpu or memory")
@ValidationRule(value = "self.type != 'random' || !has(self.field)", message = "a random strategy takes no field")
public class PlacementStrategy extends EcsFields {

    public enum Type {
        random,
        spread,
        binpack
    }

    @Required
    @JsonPropertyDescription("spread: evenly over the values of field (a topology spread constraint, best effort). binpack:"
            + " onto nodes that already run tasks (an approximation, docs/placement.md). random: the scheduler's choice.")
    public Type type;

    @Pattern("^(instanceId|host|cpu|memory|attribute:[A-Za-z0-9][-A-Za-z0-9_./]*)$")
    @JsonPropertyDescription("spread: instanceId or host (per node) or attribute:<node label> (e.g."
            + " attribute:ecs.availability-zone); binpack: cpu or memory.")
    public String field;

    public PlacementStrategy() {
    }

    public PlacementStrategy(Type type, String field) {
        this.type = type;
        this.field = field;
    }
}
