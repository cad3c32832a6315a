package dev.berth.fuzz;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Mutates a JSON document in place at random places: a value replaced by a hostile one of the same JSON type (or, when
 * asked, of any type), a field removed or added, a list emptied, an element duplicated or the list grown long.
 */
public final class JsonMutator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Random random;
    private final int maxLength;
    private final boolean anyType;
    private final List<String> mutations = new ArrayList<>();

    /**
     * @param maxLength longest string and list a mutation makes
     * @param anyType whether a value may be replaced by one of another JSON type (the API server's schema refuses those)
     */
    public JsonMutator(Random random, int maxLength, boolean anyType) {
        this.random = random;
        this.maxLength = maxLength;
        this.anyType = anyType;
    }

    /** What the mutations so far did, for failure messages. */
    public List<String> mutations() {
        return mutations;
    }

    public void mutate(ObjectNode document, int times) {
        for (int i = 0; i < times; i++) {
            List<Place> places = new ArrayList<>();
            collect(document, "", places);
            if (places.isEmpty()) {
                document.set("unknownEcsField", HostileValues.anyValue(random, maxLength));
                mutations.add("added .unknownEcsField to an empty document");
                continue;
            }
            Place place = places.get(random.nextInt(places.size()));
            mutate(place);
        }
    }

    /** A value inside a parent: the field {@code field} of an object, or the element {@code index} of an array. */
    private record Place(String path, JsonNode parent, String field, int index, JsonNode value) {
    }

    private void collect(JsonNode node, String path, List<Place> places) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String at = path + "." + field.getKey();
                places.add(new Place(at, node, field.getKey(), -1, field.getValue()));
                collect(field.getValue(), at, places);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String at = path + "[" + i + "]";
                places.add(new Place(at, node, null, i, node.get(i)));
                collect(node.get(i), at, places);
            }
        }
    }

    private void mutate(Place place) {
        JsonNode value = place.value();
        int kind = random.nextInt(10);
        if (kind == 0 && place.field() != null) {
            ((ObjectNode) place.parent()).remove(place.field());
            mutations.add("removed " + place.path());
        } else if (kind == 1 && value.isObject()) {
            String field = random.nextBoolean() ? HostileValues.string(random, 30) : "unknownEcsField";
            ((ObjectNode) value).set(field, HostileValues.anyValue(random, maxLength));
            mutations.add("added " + place.path() + "." + field.replace("\n", "\\n"));
        } else if (kind == 2 && value.isArray() && !value.isEmpty()) {
            ArrayNode list = (ArrayNode) value;
            int copies = random.nextBoolean() ? 1 : random.nextInt(Math.max(1, maxLength / 10));
            for (int i = 0; i < copies; i++) {
                list.add(list.get(random.nextInt(list.size())).deepCopy());
            }
            mutations.add("duplicated " + copies + " elements of " + place.path());
        } else if (kind == 3 && value.isArray()) {
            ((ArrayNode) value).removeAll();
            mutations.add("emptied " + place.path());
        } else if (value.isContainerNode() && !anyType) {
            mutate(place.path(), value);
        } else {
            JsonNode replacement = replacement(value);
            if (place.field() != null) {
                ((ObjectNode) place.parent()).set(place.field(), replacement);
            } else {
                ((ArrayNode) place.parent()).set(place.index(), replacement);
            }
            mutations.add(place.path() + " = " + abbreviate(replacement));
        }
    }

    /** A container whose own replacement would change its type: mutate one of its values instead, or leave it. */
    private void mutate(String path, JsonNode container) {
        List<Place> inside = new ArrayList<>();
        collect(container, path, inside);
        if (!inside.isEmpty()) {
            mutate(inside.get(random.nextInt(inside.size())));
        }
    }

    private JsonNode replacement(JsonNode value) {
        if (anyType && random.nextInt(3) == 0) {
            return HostileValues.anyValue(random, maxLength);
        }
        if (value.isTextual()) {
            return NODES.textNode(HostileValues.string(random, maxLength));
        }
        if (value.isIntegralNumber()) {
            return NODES.numberNode(anyType ? HostileValues.number(random) : HostileValues.intNumber(random));
        }
        if (value.isBoolean()) {
            return NODES.booleanNode(!value.booleanValue());
        }
        return HostileValues.anyValue(random, maxLength);
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 80) + "...(" + text.length() + " chars)" : text;
    }
}
