package dev.berth.api.v1alpha1;

/**
 * CEL rules the API server evaluates at apply time for a task definition's network mode (ECS RegisterTaskDefinition's
 * checks; docs/networking.md). An omitted networkMode is awsvpc when requiresCompatibilities holds FARGATE, else bridge
 * (the Windows default network behaves as bridge, without links); {@code dev.berth.translate.TaskNetwork} resolves it
 * the same way in Java.
 */
public final class NetworkRules {

    private NetworkRules() {
    }

    private static final String FARGATE = "(has(self.requiresCompatibilities) && 'FARGATE' in self.requiresCompatibilities)";
    private static final String WINDOWS = "(has(self.runtimePlatform) && has(self.runtimePlatform.operatingSystemFamily)"
            + " && self.runtimePlatform.operatingSystemFamily.startsWith('WINDOWS'))";
    private static final String AWSVPC_OR_HOST = "(has(self.networkMode) ? self.networkMode in ['awsvpc', 'host'] : "
            + FARGATE + ")";
    private static final String BRIDGE = "(has(self.networkMode) ? self.networkMode == 'bridge' : !" + FARGATE + ")";

    public static final String FARGATE_AWSVPC_RULE = "!" + FARGATE
            + " || !has(self.networkMode) || self.networkMode == 'awsvpc'";
    public static final String FARGATE_AWSVPC_MESSAGE = "networkMode must be awsvpc when requiresCompatibilities holds FARGATE"
            + " (a Fargate task has its own network interface)";

    public static final String HOST_PORT_RULE = "!" + AWSVPC_OR_HOST + " || self.containerDefinitions.all(c,"
            + " !has(c.portMappings) || c.portMappings.all(p, !has(p.hostPort) || p.hostPort == p.containerPort))";
    public static final String HOST_PORT_MESSAGE = "containerDefinitions[].portMappings[].hostPort must be omitted or equal"
            + " containerPort in the awsvpc and host network modes (networkMode, or requiresCompatibilities FARGATE)";

    public static final String NONE_PORTS_RULE = "!has(self.networkMode) || self.networkMode != 'none'"
            + " || self.containerDefinitions.all(c, !has(c.portMappings) || size(c.portMappings) == 0)";
    public static final String NONE_PORTS_MESSAGE = "networkMode none allows no port mappings:"
            + " containerDefinitions[].portMappings must be empty";

    public static final String HOST_SYSCTL_RULE = "!has(self.networkMode) || self.networkMode != 'host'"
            + " || self.containerDefinitions.all(c, !has(c.systemControls) || c.systemControls.all(s,"
            + " !has(s.namespace) || !s.namespace.startsWith('net.')))";
    public static final String HOST_SYSCTL_MESSAGE = "containerDefinitions[].systemControls[].namespace: net.* kernel"
            + " parameters cannot be set in the host network mode (they would be the node's)";

    public static final String LINKS_RULE = "self.containerDefinitions.all(c, !has(c.links) || size(c.links) == 0) || ("
            + BRIDGE + " && !" + WINDOWS + ")";
    public static final String LINKS_MESSAGE = "containerDefinitions[].links are allowed only in the bridge network mode"
            + " (networkMode bridge, or omitted without FARGATE) and not on Windows";
}
