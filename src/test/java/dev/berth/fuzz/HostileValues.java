package dev.berth.fuzz;

import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Values users (and attackers) put where Berth expects something sensible: empty, huge, unicode, control characters,
 * path tricks, unrendered template variables, numbers out of every range, and JSON of the wrong type.
 */
public final class HostileValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final List<String> STRINGS = List.of("", " ", "-", "_", ".", "..", "../../etc/passwd", "a:b:c", ":",
            "web:", ":3", "web:0", "web:-1", "web:99999999999", "UPPER_case-Name", "ünïcødé-名前-😀", "\u0000", "tab\there",
            "new\nline", "\u202Ereversed", "${SECRET_ARN}", "arn:aws:iam::123456789012:role/app",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::",
            "arn:aws:ssm:us-east-1:123456789012:parameter/a/b", "CMD-SHELL", "CMD", "NONE", "0", "-1", "1e9", "0x10",
            "256", "0.25 vCPU", "1 GB", "512 MiB", "1.5", "NaN", "Infinity", "9999999999999999999999", "-0", "host",
            "awsvpc", "bridge", "none", "task", "FARGATE", "EC2", "LINUX", "WINDOWS_SERVER_2022_CORE", "ARM64",
            "attribute:ecs.os-type == linux", "memberOf", "distinctInstance", "'; DROP TABLE tasks; --",
            "<script>alert(1)</script>", "%s%s%n", "{{ .Values }}", "a=b", "key:", "secret-name:key", "/", "//", "/tmp");

    private static final List<Long> NUMBERS = List.of(0L, -1L, 1L, 2L, 3L, 6L, 128L, 255L, 256L, 1023L, 1024L, 65535L,
            65536L, 100_000L, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE + 1,
            Long.MAX_VALUE, Long.MIN_VALUE);

    private HostileValues() {
    }

    /** A string from the list, a random one, or a long one (up to {@code maxLength} characters). */
    public static String string(Random random, int maxLength) {
        return switch (random.nextInt(6)) {
            case 0 -> "x".repeat(random.nextInt(Math.max(1, maxLength)));
            case 1 -> randomText(random, 1 + random.nextInt(40));
            default -> STRINGS.get(random.nextInt(STRINGS.size()));
        };
    }

    public static long number(Random random) {
        return random.nextInt(3) == 0 ? random.nextInt() : NUMBERS.get(random.nextInt(NUMBERS.size()));
    }

    /** A number that fits a Java int, as a CRD integer field deserialises. */
    public static int intNumber(Random random) {
        long n = number(random);
        return n == (int) n ? (int) n : random.nextInt();
    }

    /** Any JSON value: a string, a number, a boolean, null, an empty or small array or object, deep nesting. */
    public static JsonNode anyValue(Random random, int maxLength) {
        return switch (random.nextInt(9)) {
            case 0 -> NODES.textNode(string(random, maxLength));
            case 1 -> NODES.numberNode(number(random));
            case 2 -> NODES.numberNode(random.nextBoolean() ? 1e308 * 10 : -0.5);
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.nullNode();
            case 5 -> NODES.arrayNode().add(string(random, 20)).add(number(random));
            case 6 -> NODES.objectNode().put(string(random, 10), string(random, 10));
            case 7 -> deep(random.nextInt(60));
            default -> NODES.textNode(randomText(random, 1 + random.nextInt(10)));
        };
    }

    /** {"a":{"a":...}} or [[...]] nested {@code depth} levels. */
    public static JsonNode deep(int depth) {
        JsonNode node = NODES.textNode("bottom");
        for (int i = 0; i < depth; i++) {
            if (i % 2 == 0) {
                ObjectNode wrapper = NODES.objectNode();
                wrapper.set("a", node);
                node = wrapper;
            } else {
                ArrayNode wrapper = NODES.arrayNode();
                wrapper.add(node);
                node = wrapper;
            }
        }
        return node;
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                text.append((char) ('a' + random.nextInt(26)));
            } else if (kind < 8) {
                text.append("-_.:/ =@".charAt(random.nextInt(8)));
            } else {
                text.appendCodePoint(random.nextBoolean() ? 0x80 + random.nextInt(0x700) : 0x1F600 + random.nextInt(50));
            }
        }
        return text.toString();
    }
}
