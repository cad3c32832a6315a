package dev.berth.fuzz;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * The OpenAPI part of a CRD's validation, read from the same annotations the CRD generator reads ({@code @Required},
 * {@code @Min}, {@code @Max}, {@code @Size}, {@code @Pattern}) on a deserialised Berth object: what the API server
 * refuses before any CEL rule runs. Used by property tests to keep to inputs that can reach the operator.
 */
public final class SchemaRules {

    private SchemaRules() {
    }

    /** The first rule {@code value} breaks, as "path: rule", or null when it keeps them all. */
    public static String firstViolation(Object value) {
        List<String> found = new ArrayList<>();
        walk(value, "", found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return found.isEmpty() ? null : found.get(0);
    }

    private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
        if (value == null || value instanceof Enum<?> || !found.isEmpty()
                || !value.getClass().getPackageName().startsWith("dev.berth")
                || !seen.add(value)) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null
                && type.getPackageName().startsWith("dev.berth"); type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                String at = path + "." + field.getName();
                check(field, fieldValue, at, found);
                if (fieldValue instanceof Collection<?> items) {
                    int i = 0;
                    for (Object item : items) {
                        walk(item, at + "[" + i++ + "]", found, seen);
                    }
                } else if (fieldValue instanceof Map<?, ?> map) {
                    map.values().forEach(v -> walk(v, at, found, seen));
                } else {
                    walk(fieldValue, at, found, seen);
                }
            }
        }
    }

    private static void check(Field field, Object value, String at, List<String> found) {
        if (value == null) {
            if (field.isAnnotationPresent(Required.class)) {
                found.add(at + ": required");
            }
            return;
        }
        Min min = field.getAnnotation(Min.class);
        Max max = field.getAnnotation(Max.class);
        if (value instanceof Number number) {
            if (min != null && number.doubleValue() < min.value()) {
                found.add(at + ": below " + min.value());
            }
            if (max != null && number.doubleValue() > max.value()) {
                found.add(at + ": above " + max.value());
            }
        }
        Size size = field.getAnnotation(Size.class);
        long length = value instanceof String s ? s.codePointCount(0, s.length())
                : value instanceof Collection<?> c ? c.size() : -1;
        if (size != null && length >= 0 && (length < size.min() || length > size.max())) {
            found.add(at + ": size " + length + " outside " + size.min() + ".." + size.max());
        }
        io.fabric8.generator.annotation.Pattern pattern = field.getAnnotation(io.fabric8.generator.annotation.Pattern.class);
        if (pattern != null && value instanceof String s && !Pattern.compile(pattern.value()).matcher(s).find()) {
            found.add(at + ": does not match " + pattern.value());
        }
    }
}
