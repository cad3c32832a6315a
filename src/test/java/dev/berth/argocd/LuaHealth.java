package dev.berth.argocd;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.berth.e2e.Shell;

/**
 * Runs an Argo CD health script (deploy/argocd/resource_customizations/berth.dev/KIND/health.lua) the way Argo CD
 * does: the resource as the global {@code obj}, the script's returned table read as {@code hs.status} and
 * {@code hs.message}. The interpreter is Debian's lua5.4 on PATH ({@code make tools}); the scripts keep to
 * Lua 5.1, which Argo CD's gopher-lua implements.
 */
public final class LuaHealth {

    public static final Path CUSTOMIZATIONS = Path.of("deploy/argocd/resource_customizations/berth.dev");
    public static final List<String> KINDS = List.of("Task", "TaskDefinition", "TaskDefinitionRevision", "Service",
            "Cluster", "ScheduledTask", "BatchJob", "JobQueue", "SecurityGroup");
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public record Health(String status, String message) {
    }

    private LuaHealth() {
    }

    public static Path script(String kind) {
        return CUSTOMIZATIONS.resolve(kind).resolve("health.lua");
    }

    public static Health evaluate(String kind, JsonNode object) throws IOException {
        String program = "obj = " + lua(object) + "\nlocal function health()\n" + Files.readString(script(kind))
                + "\nend\nlocal hs = health()\nio.write(tostring(hs.status), \"\\n\", tostring(hs.message or \"\"))\n";
        Path file = Files.createTempFile("berth-health-", ".lua");
        try {
            Files.writeString(file, program);
            Shell.Result lua = Shell.run(Duration.ofSeconds(30), interpreter().toString(), file.toString());
            if (lua.exitCode() != 0) {
                throw new IllegalStateException("lua failed on " + kind + "/health.lua:\n" + lua.output());
            }
            int newline = lua.output().indexOf('\n');
            return new Health(lua.output().substring(0, newline), lua.output().substring(newline + 1));
        } finally {
            Files.delete(file);
        }
    }

    /** lua5.4 from PATH: `make tools` (hack/tools/lua.sh) installs it; the tests never install anything. */
    private static Path interpreter() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "lua5.4")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "lua5.4 is not on PATH: run `make tools` (hack/tools/lua.sh installs Debian's lua5.4)"));
    }

    /** A JSON value as a Lua table constructor (what Argo CD's JSON-to-Lua conversion produces). */
    static String lua(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nil";
        }
        if (node.isObject()) {
            StringBuilder table = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isNull()) {
                    table.append('[').append(string(field.getKey())).append("]=").append(lua(field.getValue())).append(',');
                }
            }
            return table.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder table = new StringBuilder("{");
            node.forEach(item -> table.append(lua(item)).append(','));
            return table.append('}').toString();
        }
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        if (node.isNumber()) {
            return Double.toString(node.asDouble());
        }
        if (node.isBoolean()) {
            return node.asText();
        }
        return string(node.asText());
    }

    private static String string(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
