package dev.berth.argocd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Runs an Argo CD health script (deploy/argocd/resource_customizations/berth.dev/KIND/health.lua) the way Argo CD
 * does: the resource as the global {@code obj}, the script's returned table read as {@code hs.status} and
 * {@code hs.message}. The interpreter is Debian's lua5.4 (installed by hack/tools/lua.sh); the scripts keep to
 * Lua 5.1, which Argo CD's gopher-lua implements.
 */
public final class LuaHealth {

    public static final Path CUSTOMIZATIONS = Path.of("deploy/argocd/resource_customizations/berth.dev");
    public static final List<String> KINDS = List.of("Task", "TaskDefinition", "TaskDefinitionRevision", "Service",
            "Cluster", "BatchJob");
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public record Health(String status, String message) {
    }

    private LuaHealth() {
    }

    public static Path script(String kind) {
        return CUSTOMIZATIONS.resolve(kind).resolve("health.lua");
    }

    public static Health evaluate(String kind, JsonNode object) throws IOException, InterruptedException {
        String program = "obj = " + lua(object) + "\nlocal function health()\n" + Files.readString(script(kind))
                + "\nend\nlocal hs = health()\nio.write(tostring(hs.status), \"\\n\", tostring(hs.message or \"\"))\n";
        Process lua = new ProcessBuilder(interpreter(), "-").redirectErrorStream(true).start();
        lua.getOutputStream().write(program.getBytes(StandardCharsets.UTF_8));
        lua.getOutputStream().close();
        String output = new String(lua.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!lua.waitFor(30, TimeUnit.SECONDS) || lua.exitValue() != 0) {
            throw new IllegalStateException("lua failed on " + kind + "/health.lua:\n" + output);
        }
        int newline = output.indexOf('\n');
        return new Health(output.substring(0, newline), output.substring(newline + 1));
    }

    /** lua5.4, installed on first use (apt-get, idempotent) by hack/tools/lua.sh. */
    private static synchronized String interpreter() throws IOException, InterruptedException {
        Process install = new ProcessBuilder("hack/tools/lua.sh").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String path = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (install.waitFor() != 0 || path.isEmpty()) {
            throw new IllegalStateException("hack/tools/lua.sh could not provide lua5.4");
        }
        return path;
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
