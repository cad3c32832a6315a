package dev.berth.taskdef;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.EcsTaskDefinition;

/** The task's cpu (units) and memory (MiB) as ECS reports them: the task size, else the sum of its containers. */
public final class ReportedSize {

    private ReportedSize() {
    }

    public static Optional<String> cpu(EcsTaskDefinition definition) {
        if (definition == null) {
            return Optional.empty();
        }
        return TaskSize.cpuUnits(definition.cpu).map(String::valueOf).or(() -> sum(definition, c -> c.cpu));
    }

    public static Optional<String> memory(EcsTaskDefinition definition) {
        if (definition == null) {
            return Optional.empty();
        }
        return TaskSize.memoryMiB(definition.memory).map(String::valueOf)
                .or(() -> sum(definition, c -> c.memory != null ? c.memory : c.memoryReservation));
    }

    private static Optional<String> sum(EcsTaskDefinition definition, Function<ContainerDefinition, Integer> size) {
        List<Integer> sizes = definition.containerDefinitions == null ? List.of()
                : definition.containerDefinitions.stream().map(size).filter(Objects::nonNull).toList();
        return sizes.isEmpty() ? Optional.empty()
                : Optional.of(String.valueOf(sizes.stream().mapToInt(Integer::intValue).sum()));
    }
}
