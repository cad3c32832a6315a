package dev.berth.translate;

import java.util.Map;
import java.util.TreeMap;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.EcsTaskDefinition.RuntimePlatform;

/**
 * Which nodes a task may run on: its runtimePlatform (operating system and CPU architecture, as
 * well-known node labels) and its capacity provider's node selector. Without a runtimePlatform
 * the task is not pinned to an OS or architecture (Kubernetes picks a node the image runs on).
 */
public final class TargetPlatform {

    static final String OS_LABEL = "kubernetes.io/os";
    static final String ARCH_LABEL = "kubernetes.io/arch";
    private static final String WINDOWS_PREFIX = "WINDOWS";

    private TargetPlatform() {
    }

    static boolean isWindows(EcsTaskDefinition definition) {
        RuntimePlatform platform = definition.runtimePlatform;
        return platform != null && platform.operatingSystemFamily != null
                && platform.operatingSystemFamily.startsWith(WINDOWS_PREFIX);
    }

    /**
     * The capacity provider's selector plus os/arch. On a conflict the task's platform wins: on
     * the wrong OS or architecture the task cannot run at all, while a Pod that no provider node
     * matches stays pending with the scheduler's reason, as an ECS task without capacity does.
     */
    public static Map<String, String> nodeSelector(EcsTaskDefinition definition, Placement placement) {
        Map<String, String> selector = new TreeMap<>(placement.nodeSelector());
        RuntimePlatform platform = definition.runtimePlatform;
        if (platform != null) {
            if (platform.operatingSystemFamily != null) {
                selector.put(OS_LABEL, isWindows(definition) ? "windows" : "linux");
            }
            if (platform.cpuArchitecture != null) {
                selector.put(ARCH_LABEL, switch (platform.cpuArchitecture) {
                    case X86_64 -> "amd64";
                    case ARM64 -> "arm64";
                });
            }
        }
        return selector.isEmpty() ? null : selector;
    }
}
