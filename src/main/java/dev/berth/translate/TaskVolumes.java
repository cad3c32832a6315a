package dev.berth.translate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.ClusterSpec.FileSystem;
import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.ContainerDefinition.MountPoint;
import dev.berth.api.v1alpha1.ContainerDefinition.Tmpfs;
import dev.berth.api.v1alpha1.ContainerDefinition.VolumeFrom;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.EcsTaskDefinition.DockerVolumeScope;
import dev.berth.api.v1alpha1.EcsTaskDefinition.FileSystemVolume;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * The task's storage as Pod volumes and container mounts. Every Pod volume is named with
 * {@link EcsNames#kubernetesName} (ECS allows {@code efs_data}, Kubernetes needs a DNS label).
 *
 * <ul>
 * <li>{@code host.sourcePath}: a hostPath.</li>
 * <li>{@code efsVolumeConfiguration} / {@code fsxWindowsFileServerVolumeConfiguration}: the volume the Cluster maps the
 * file system ID to (a PersistentVolumeClaim or a CSI volume), {@code rootDirectory} as the mounts' subPath. No mapping:
 * the task cannot run ({@link UnrunnableTask}); an emptyDir would silently lose what the application shares and
 * keeps.</li>
 * <li>{@code dockerVolumeConfiguration}: scope {@code task} (the default) lives and dies with the task, an emptyDir;
 * scope {@code shared} outlives it, the PersistentVolumeClaim named after the volume.</li>
 * <li>Any other volume: ECS's task-scoped scratch volume, an emptyDir.</li>
 * <li>{@code linuxParameters.tmpfs}: a memory-backed emptyDir with the size as sizeLimit, per mount;
 * {@code sharedMemorySize}: the same at /dev/shm.</li>
 * <li>{@code volumesFrom}: the source container's mount points (task volumes and tmpfs alike), read-only when asked,
 * followed transitively as Docker does.</li>
 * </ul>
 */
final class TaskVolumes {

    private static final String SHARED_MEMORY_PATH = "/dev/shm";
    private static final String READ_ONLY_OPTION = "ro";
    private static final String ROOT = "/";

    private final EcsTaskDefinition definition;
    private final Map<String, FileSystem> fileSystems;

    private TaskVolumes(EcsTaskDefinition definition, List<FileSystem> fileSystems) {
        this.definition = definition;
        this.fileSystems = new LinkedHashMap<>();
        Objects.requireNonNullElse(fileSystems, List.<FileSystem> of())
                .forEach(f -> this.fileSystems.putIfAbsent(f.fileSystemId, f));
    }

    static TaskVolumes of(EcsTaskDefinition definition, List<FileSystem> fileSystems) {
        return new TaskVolumes(definition, fileSystems);
    }

    /** Task volumes in definition order, then each container's tmpfs and /dev/shm volumes; null when there are none. */
    List<Volume> podVolumes() {
        List<Volume> volumes = new ArrayList<>();
        for (EcsTaskDefinition.Volume volume : Objects.requireNonNullElse(definition.volumes,
                List.<EcsTaskDefinition.Volume> of())) {
            volumes.add(podVolume(volume));
        }
        for (ContainerDefinition container : definition.containerDefinitions) {
            List<Tmpfs> tmpfs = tmpfs(container);
            for (int i = 0; i < tmpfs.size(); i++) {
                volumes.add(memoryVolume(tmpfsVolumeName(container, i), tmpfs.get(i).size));
            }
            sharedMemorySize(container).ifPresent(mib -> volumes.add(memoryVolume(sharedMemoryVolumeName(container), mib)));
        }
        return volumes.isEmpty() ? null : volumes;
    }

    /** The container's own mounts, then those it takes from volumesFrom; null when there are none. */
    List<VolumeMount> mounts(ContainerDefinition container) {
        Map<String, VolumeMount> byPath = new LinkedHashMap<>();
        collect(container, false, byPath, new ArrayList<>());
        return byPath.isEmpty() ? null : List.copyOf(byPath.values());
    }

    /** Docker mounts the first of several mounts at one path; later ones (e.g. from volumesFrom) are dropped. */
    private void collect(ContainerDefinition container, boolean forceReadOnly, Map<String, VolumeMount> byPath,
            List<String> visiting) {
        if (visiting.contains(container.name)) {
            throw new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION,
                    "volumesFrom cycle: " + String.join(" -> ", visiting)
                            + " -> " + container.name);
        }
        visiting.add(container.name);
        for (MountPoint mount : Objects.requireNonNullElse(container.mountPoints, List.<MountPoint> of())) {
            EcsTaskDefinition.Volume volume = volume(container, mount.sourceVolume);
            byPath.putIfAbsent(mount.containerPath, new VolumeMountBuilder()
                    .withName(EcsNames.kubernetesName(mount.sourceVolume))
                    .withMountPath(mount.containerPath)
                    .withSubPath(subPath(volume))
                    .withReadOnly(forceReadOnly ? Boolean.TRUE : mount.readOnly)
                    .build());
        }
        List<Tmpfs> tmpfs = tmpfs(container);
        for (int i = 0; i < tmpfs.size(); i++) {
            boolean readOnly = forceReadOnly || Objects.requireNonNullElse(tmpfs.get(i).mountOptions, List.of())
                    .contains(READ_ONLY_OPTION);
            byPath.putIfAbsent(tmpfs.get(i).containerPath, new VolumeMountBuilder().withName(tmpfsVolumeName(container, i))
                    .withMountPath(tmpfs.get(i).containerPath).withReadOnly(readOnly ? Boolean.TRUE : null).build());
        }
        // /dev/shm is the container's own: volumesFrom does not carry it over in Docker either
        if (visiting.size() == 1 && sharedMemorySize(container).isPresent()) {
            byPath.putIfAbsent(SHARED_MEMORY_PATH, new VolumeMountBuilder().withName(sharedMemoryVolumeName(container))
                    .withMountPath(SHARED_MEMORY_PATH).build());
        }
        for (VolumeFrom from : Objects.requireNonNullElse(container.volumesFrom, List.<VolumeFrom> of())) {
            ContainerDefinition source = definition.containerDefinitions.stream()
                    .filter(c -> c.name.equals(from.sourceContainer)).findFirst()
                    .orElseThrow(() -> new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION, "container '" + container.name
                            + "' has volumesFrom '" + from.sourceContainer + "', which is not a container of the task"));
            collect(source, forceReadOnly || Boolean.TRUE.equals(from.readOnly), byPath, visiting);
        }
        visiting.remove(visiting.size() - 1);
    }

    private EcsTaskDefinition.Volume volume(ContainerDefinition container, String name) {
        return Objects.requireNonNullElse(definition.volumes, List.<EcsTaskDefinition.Volume> of()).stream()
                .filter(v -> v.name.equals(name)).findFirst()
                .orElseThrow(() -> new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION, "container '" + container.name
                        + "' mounts volume '" + name + "', which is not a volume of the task (volumes[].name)"));
    }

    private Volume podVolume(EcsTaskDefinition.Volume volume) {
        VolumeBuilder builder = new VolumeBuilder().withName(EcsNames.kubernetesName(volume.name));
        if (volume.host != null && volume.host.sourcePath != null) {
            return builder.withNewHostPath().withPath(volume.host.sourcePath).endHostPath().build();
        }
        FileSystemVolume fileSystemVolume = fileSystemVolume(volume);
        if (fileSystemVolume != null) {
            FileSystem mapped = fileSystems.get(fileSystemVolume.fileSystemId);
            if (mapped == null) {
                throw new UnrunnableTask("FileSystemNotMapped", "volume '" + volume.name + "' needs file system "
                        + fileSystemVolume.fileSystemId + ", which the task's Cluster does not map (add it to the"
                        + " Cluster's spec.fileSystems with a persistentVolumeClaim or csi volume)");
            }
            return mapped.persistentVolumeClaim != null
                    ? builder.withPersistentVolumeClaim(mapped.persistentVolumeClaim).build()
                    : builder.withCsi(mapped.csi).build();
        }
        if (volume.dockerVolumeConfiguration != null && volume.dockerVolumeConfiguration.scope == DockerVolumeScope.SHARED) {
            return builder.withNewPersistentVolumeClaim().withClaimName(EcsNames.kubernetesName(volume.name))
                    .endPersistentVolumeClaim().build();
        }
        return builder.withNewEmptyDir().endEmptyDir().build();
    }

    private static FileSystemVolume fileSystemVolume(EcsTaskDefinition.Volume volume) {
        return volume.efsVolumeConfiguration != null ? volume.efsVolumeConfiguration
                : volume.fsxWindowsFileServerVolumeConfiguration;
    }

    /** EFS rootDirectory: the directory of the file system the task sees; "/" (the default) is the whole volume. */
    private static String subPath(EcsTaskDefinition.Volume volume) {
        FileSystemVolume fileSystemVolume = fileSystemVolume(volume);
        if (fileSystemVolume == null || fileSystemVolume.rootDirectory == null) {
            return null;
        }
        String relative = fileSystemVolume.rootDirectory.replaceAll("^/+", "").replaceAll("/+$", "");
        return relative.isEmpty() || ROOT.equals(fileSystemVolume.rootDirectory) ? null : relative;
    }

    private static Volume memoryVolume(String name, Integer mib) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().withMedium("Memory")
                .withSizeLimit(mib == null ? null : new Quantity(mib + "Mi")).endEmptyDir().build();
    }

    private static List<Tmpfs> tmpfs(ContainerDefinition container) {
        return container.linuxParameters == null || container.linuxParameters.tmpfs == null ? List.of()
                : container.linuxParameters.tmpfs;
    }

    private static Optional<Integer> sharedMemorySize(ContainerDefinition container) {
        return Optional.ofNullable(container.linuxParameters).map(p -> p.sharedMemorySize);
    }

    /**
     * Names of the volumes Berth adds. They go through the same mapping as ECS names; the '_' guarantees the hash
     * suffix, so they never equal the Kubernetes name of an ECS volume name unless that name is literally
     * {@code berth_tmpfs_...} (docs/task-definitions.md reserves the prefix).
     */
    static String tmpfsVolumeName(ContainerDefinition container, int index) {
        return EcsNames.kubernetesName("berth_tmpfs_" + container.name + "_" + index);
    }

    static String sharedMemoryVolumeName(ContainerDefinition container) {
        return EcsNames.kubernetesName("berth_shm_" + container.name);
    }
}
