package dev.berth.translate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.ContainerDefinition.ContainerDependency;
import dev.berth.api.v1alpha1.ContainerDefinition.DependencyCondition;
import dev.berth.api.v1alpha1.ContainerDefinition.HealthCheck;

/**
 * ECS ordered startup ({@code dependsOn}) as Kubernetes init containers.
 *
 * <p>
 * A container that another one waits for with COMPLETE or SUCCESS becomes a regular init
 * container; with START it becomes a native sidecar (an init container with restartPolicy
 * Always), with HEALTHY a native sidecar whose startup probe is its health check, so the kubelet
 * starts the next container only once it is healthy. A container targeted by both kinds takes
 * the stronger requirement (init container). Containers nothing depends on stay regular
 * containers. Init containers are ordered so that every one comes after its own dependencies,
 * task-definition order among the rest.
 *
 * <p>
 * Where this differs from ECS (see docs/dependson.md): the kubelet starts init containers one
 * at a time and every regular container waits for all of them, where ECS waits only for the
 * named dependencies; COMPLETE behaves as SUCCESS, because an init container that fails fails
 * the Pod; HEALTHY is checked only at startup, as in ECS.
 */
final class StartupOrder {

    private final Map<String, ContainerDefinition> byName;
    private final Map<String, ContainerRole> roles;
    private final List<ContainerDefinition> initContainers;

    private StartupOrder(List<ContainerDefinition> containers) {
        this.byName = indexByName(containers);
        this.roles = assignRoles(containers);
        this.initContainers = orderInitContainers(containers);
    }

    static StartupOrder of(List<ContainerDefinition> containers) {
        return new StartupOrder(containers);
    }

    /** Init containers and sidecars, in the order the kubelet must start them. */
    List<ContainerDefinition> initContainers() {
        return initContainers;
    }

    /** Regular containers, in task-definition order. */
    List<ContainerDefinition> appContainers() {
        return byName.values().stream().filter(c -> roles.get(c.name) == ContainerRole.APP).toList();
    }

    ContainerRole roleOf(String containerName) {
        return roles.get(containerName);
    }

    private static Map<String, ContainerDefinition> indexByName(List<ContainerDefinition> containers) {
        Map<String, ContainerDefinition> index = new LinkedHashMap<>();
        for (ContainerDefinition container : containers) {
            if (index.put(container.name, container) != null) {
                throw new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION,
                        "container name '" + container.name + "' is used twice");
            }
        }
        return index;
    }

    private Map<String, ContainerRole> assignRoles(List<ContainerDefinition> containers) {
        Map<String, ContainerRole> assigned = new LinkedHashMap<>();
        containers.forEach(container -> assigned.put(container.name, ContainerRole.APP));
        for (ContainerDefinition container : containers) {
            for (ContainerDependency dependency : dependencies(container)) {
                ContainerDefinition target = byName.get(dependency.containerName);
                if (target == null || target == container) {
                    throw new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION,
                            "container '" + container.name + "' depends on '"
                                    + dependency.containerName + "', which is not another container of the task");
                }
                ContainerRole wanted = roleFor(dependency.condition);
                if (wanted == ContainerRole.HEALTHY_SIDECAR && !HealthCheck.runs(target.healthCheck)) {
                    throw new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION,
                            "container '" + container.name + "' waits for '" + target.name
                                    + "' to be HEALTHY, but '" + target.name + "' has no healthCheck");
                }
                assigned.merge(target.name, wanted, StartupOrder::stronger);
            }
        }
        return assigned;
    }

    private static ContainerRole roleFor(DependencyCondition condition) {
        if (condition == null) {
            throw new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION,
                    "dependsOn[].condition must be START, COMPLETE, SUCCESS or HEALTHY");
        }
        return switch (condition) {
            case START -> ContainerRole.SIDECAR;
            case HEALTHY -> ContainerRole.HEALTHY_SIDECAR;
            case COMPLETE, SUCCESS -> ContainerRole.INIT;
        };
    }

    /** A container must meet the strictest condition anyone waits for: INIT > HEALTHY_SIDECAR > SIDECAR > APP. */
    private static ContainerRole stronger(ContainerRole a, ContainerRole b) {
        return strength(a) >= strength(b) ? a : b;
    }

    private static int strength(ContainerRole role) {
        return switch (role) {
            case APP -> 0;
            case SIDECAR -> 1;
            case HEALTHY_SIDECAR -> 2;
            case INIT -> 3;
        };
    }

    /**
     * Repeatedly takes the first container (in task-definition order) whose dependencies are all
     * placed: a stable topological order. Dependencies of init containers are init containers
     * themselves, because every dependency target is one.
     */
    private List<ContainerDefinition> orderInitContainers(List<ContainerDefinition> containers) {
        rejectCycles(containers);
        List<ContainerDefinition> pending = containers.stream().filter(c -> roles.get(c.name).isInitContainer())
                .collect(Collectors.toCollection(ArrayList::new));
        Set<String> placed = new LinkedHashSet<>();
        List<ContainerDefinition> ordered = new ArrayList<>();
        while (!pending.isEmpty()) {
            ContainerDefinition next = pending.stream()
                    .filter(c -> dependencies(c).stream().allMatch(d -> placed.contains(d.containerName)))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no startable init container left; cycles were checked"));
            pending.remove(next);
            placed.add(next.name);
            ordered.add(next);
        }
        return List.copyOf(ordered);
    }

    private void rejectCycles(List<ContainerDefinition> containers) {
        Set<String> finished = new LinkedHashSet<>();
        for (ContainerDefinition container : containers) {
            visit(container.name, new ArrayList<>(), finished);
        }
    }

    /** Depth-first search; {@code path} holds the containers being visited, so meeting one again is a cycle. */
    private void visit(String name, List<String> path, Set<String> finished) {
        if (finished.contains(name)) {
            return;
        }
        int seen = path.indexOf(name);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(name);
            throw new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION, "dependsOn cycle: " + String.join(" -> ", cycle));
        }
        path.add(name);
        for (ContainerDependency dependency : dependencies(byName.get(name))) {
            visit(dependency.containerName, path, finished);
        }
        path.remove(path.size() - 1);
        finished.add(name);
    }

    private static List<ContainerDependency> dependencies(ContainerDefinition container) {
        return container.dependsOn == null ? List.of() : container.dependsOn;
    }
}
