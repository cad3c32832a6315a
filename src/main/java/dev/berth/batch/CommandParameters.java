package dev.berth.batch;

import java.util.List;
import java.util.Map;

/**
 * AWS Batch parameter substitution: a command element that is exactly {@code Ref::name} becomes the value of
 * parameter {@code name}. Elements that only contain a placeholder, and placeholders without a value, are left as
 * written (AWS documents only whole-element substitution).
 */
final class CommandParameters {

    static final String PREFIX = "Ref::";

    private CommandParameters() {
    }

    static List<String> substitute(List<String> command, Map<String, String> parameters) {
        if (command == null) {
            return null;
        }
        if (parameters == null || parameters.isEmpty()) {
            return command;
        }
        return command.stream().map(element -> element.startsWith(PREFIX)
                ? parameters.getOrDefault(element.substring(PREFIX.length()), element)
                : element).toList();
    }
}
