package dev.berth.taskdef;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.TaskDefinition;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * The ECS document a revision registers: the TaskDefinition spec without Berth's own fields and
 * without the output-only fields of a describe-task-definition dump (ECS computes those itself),
 * with the family filled in and sizes normalised as ECS does ("0.25 vCPU" becomes "256"), and
 * its hash, which decides whether a spec change is effective.
 */
public record Snapshot(EcsTaskDefinition taskDefinition, String hash) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Snapshot of(TaskDefinition td) {
        ObjectNode tree = JSON.valueToTree(td.getSpec());
        tree.remove("deregisteredRevisions");
        tree.remove("revisionHistoryLimit");
        tree.remove(UnsupportedFields.OUTPUT_ONLY);
        EcsTaskDefinition def = JSON.convertValue(tree, EcsTaskDefinition.class);
        def.family = td.family();
        TaskSize.cpuUnits(def.cpu).ifPresent(units -> def.cpu = new IntOrString(String.valueOf(units)));
        TaskSize.memoryMiB(def.memory).ifPresent(mib -> def.memory = new IntOrString(String.valueOf(mib)));
        return new Snapshot(def, hash(def));
    }

    /** A stable hash of the document: keys sorted at every level, so field order never matters. */
    static String hash(EcsTaskDefinition def) {
        try {
            byte[] canonical = JSON.writeValueAsBytes(sorted(JSON.valueToTree(def)));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.put(field.getKey(), sorted(field.getValue()));
            }
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            fields.forEach(result::set);
            return result;
        }
        if (node.isArray()) {
            ArrayNode result = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> result.add(sorted(element)));
            return result;
        }
        return node;
    }

}
