package dev.berth.translate;

import static dev.berth.translate.TestingTaskDefinitions.fromJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.ClusterSpec;
import dev.berth.api.v1alpha1.ClusterSpec.FileSystem;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.api.model.CSIVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/** Task volumes, tmpfs, /dev/shm and volumesFrom as Pod volumes and mounts, under Kubernetes names. */
class TaskVolumesTest {

    private static Pod render(String json, List<FileSystem> fileSystems) {
        var definition = fromJson(json);
        return PodRenderer.render(new PodInput("t1", "ns", "uid-1", new TaskSpec(), definition.family, 1, definition,
                Placement.NONE, cluster(fileSystems)));
    }

    private static ClusterSpec cluster(List<FileSystem> fileSystems) {
        ClusterSpec cluster = new ClusterSpec();
        cluster.fileSystems = fileSystems;
        return cluster;
    }

    private static Pod render(String json) {
        return render(json, List.of());
    }

    private static Volume volume(Pod pod, String ecsName) {
        String name = EcsNames.kubernetesName(ecsName);
        return pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Container container(Pod pod, String ecsName) {
        String name = EcsNames.kubernetesName(ecsName);
        return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static FileSystem efs(String id, PersistentVolumeClaimVolumeSource claim, CSIVolumeSource csi) {
        FileSystem fileSystem = new FileSystem();
        fileSystem.fileSystemId = id;
        fileSystem.persistentVolumeClaim = claim;
        fileSystem.csi = csi;
        return fileSystem;
    }

    private static final String EFS = """
            {"family": "wp", "containerDefinitions": [{"name": "wordpress", "image": "wordpress", "memory": 512,
              "mountPoints": [{"sourceVolume": "efs_wp_content", "containerPath": "/var/www/html/wp-content"}]}],
             "volumes": [{"name": "efs_wp_content", "efsVolumeConfiguration": {"fileSystemId": "fs-1",
               "rootDirectory": "/sites/blog/", "transitEncryption": "ENABLED"}}]}
            """;

    @Test
    void ecsVolumeNamesBecomeKubernetesNamesOnVolumeAndMount() {
        Pod pod = render("""
                {"family": "f", "containerDefinitions": [{"name": "app", "image": "i", "memory": 64,
                  "mountPoints": [{"sourceVolume": "iptableExe", "containerPath": "/usr/sbin/iptables", "readOnly": true},
                                  {"sourceVolume": "scratch", "containerPath": "/scratch"}]}],
                 "volumes": [{"name": "iptableExe", "host": {"sourcePath": "/usr/sbin/iptables"}}, {"name": "scratch"}]}
                """);

        assertThat(volume(pod, "iptableExe").getName()).startsWith("iptableexe-").hasSize("iptableexe-".length() + 8);
        assertThat(volume(pod, "iptableExe").getHostPath().getPath()).isEqualTo("/usr/sbin/iptables");
        assertThat(volume(pod, "scratch").getName()).isEqualTo("scratch");
        assertThat(volume(pod, "scratch").getEmptyDir()).isNotNull();
        assertThat(container(pod, "app").getVolumeMounts()).extracting(VolumeMount::getName)
                .containsExactly(EcsNames.kubernetesName("iptableExe"), "scratch");
    }

    @Test
    void anEfsFileSystemIsTheVolumeTheClusterMapsItToWithTheRootDirectoryAsSubPath() {
        Pod withClaim = render(EFS, List.of(efs("fs-1", new PersistentVolumeClaimVolumeSource("wp-content", false), null)));
        assertThat(volume(withClaim, "efs_wp_content").getPersistentVolumeClaim().getClaimName()).isEqualTo("wp-content");
        assertThat(volume(withClaim, "efs_wp_content").getEmptyDir()).isNull();
        assertThat(container(withClaim, "wordpress").getVolumeMounts()).singleElement()
                .satisfies(m -> assertThat(m.getSubPath()).isEqualTo("sites/blog"));

        CSIVolumeSource csi = new CSIVolumeSource();
        csi.setDriver("efs.csi.aws.com");
        csi.setVolumeAttributes(java.util.Map.of("volumeHandle", "fs-1::fsap-1"));
        Pod withCsi = render(EFS, List.of(efs("fs-1", null, csi)));
        assertThat(volume(withCsi, "efs_wp_content").getCsi().getDriver()).isEqualTo("efs.csi.aws.com");
    }

    @Test
    void anUnmappedFileSystemIsRefusedNeverAnEmptyDir() {
        assertThatThrownBy(() -> render(EFS, List.of(efs("fs-other", new PersistentVolumeClaimVolumeSource("x", false), null))))
                .isInstanceOf(UnrunnableTask.class)
                .hasMessageContaining("fs-1").hasMessageContaining("spec.fileSystems")
                .satisfies(e -> assertThat(((UnrunnableTask) e).reason()).isEqualTo("FileSystemNotMapped"));
    }

    @Test
    void dockerVolumesFollowTheirScope() {
        Pod pod = render("""
                {"family": "f", "containerDefinitions": [{"name": "app", "image": "i", "memory": 64}],
                 "volumes": [{"name": "scratch", "dockerVolumeConfiguration": {"scope": "task", "driver": "local"}},
                             {"name": "model_cache", "dockerVolumeConfiguration": {"scope": "shared", "autoprovision": true}}]}
                """);

        assertThat(volume(pod, "scratch").getEmptyDir()).isNotNull();
        assertThat(volume(pod, "model_cache").getPersistentVolumeClaim().getClaimName())
                .isEqualTo(EcsNames.kubernetesName("model_cache"));
    }

    @Test
    void tmpfsAndSharedMemoryAreSizedMemoryBackedEmptyDirs() {
        Pod pod = render(
                """
                        {"family": "f", "containerDefinitions": [{"name": "worker", "image": "i", "memory": 512,
                          "linuxParameters": {"sharedMemorySize": 256,
                            "tmpfs": [{"containerPath": "/tmp", "size": 64}, {"containerPath": "/ro", "size": 8, "mountOptions": ["ro"]}]}}]}
                        """);

        assertThat(pod.getSpec().getVolumes()).hasSize(3).allSatisfy(v -> {
            assertThat(v.getEmptyDir().getMedium()).isEqualTo("Memory");
            assertThat(EcsNames.isKubernetesName(v.getName())).isTrue();
        });
        assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getEmptyDir().getSizeLimit())
                .containsExactly(new Quantity("64Mi"), new Quantity("8Mi"), new Quantity("256Mi"));
        assertThat(container(pod, "worker").getVolumeMounts()).extracting(m -> m.getMountPath() + ":" + m.getReadOnly())
                .containsExactly("/tmp:null", "/ro:true", "/dev/shm:null");
    }

    @Test
    void volumesFromCopiesTheSourceMountsTransitivelyReadOnlyWhenAsked() {
        Pod pod = render("""
                {"family": "f", "containerDefinitions": [
                  {"name": "container_1", "image": "i", "memory": 64,
                   "mountPoints": [{"sourceVolume": "content", "containerPath": "/content"}],
                   "linuxParameters": {"tmpfs": [{"containerPath": "/cache", "size": 4}], "sharedMemorySize": 16}},
                  {"name": "container_2", "image": "i", "memory": 64, "essential": false,
                   "volumesFrom": [{"sourceContainer": "container_1", "readOnly": true}]},
                  {"name": "container_3", "image": "i", "memory": 64, "essential": false,
                   "mountPoints": [{"sourceVolume": "content", "containerPath": "/own"}],
                   "volumesFrom": [{"sourceContainer": "container_2"}]}],
                 "volumes": [{"name": "content"}]}
                """);

        assertThat(container(pod, "container_2").getVolumeMounts())
                .extracting(m -> m.getMountPath() + ":" + m.getReadOnly())
                .as("the source's mounts, not its /dev/shm").containsExactly("/content:true", "/cache:true");
        assertThat(container(pod, "container_3").getVolumeMounts())
                .extracting(m -> m.getMountPath() + ":" + m.getReadOnly())
                .containsExactly("/own:null", "/content:true", "/cache:true");
    }

    @Test
    void aVolumesFromCycleIsTheUsersError() {
        assertThatThrownBy(() -> render("""
                {"family": "f", "containerDefinitions": [
                  {"name": "a", "image": "i", "memory": 64, "volumesFrom": [{"sourceContainer": "b"}]},
                  {"name": "b", "image": "i", "memory": 64, "volumesFrom": [{"sourceContainer": "a"}]}]}
                """)).isInstanceOf(UnrunnableTask.class).hasMessageContaining("volumesFrom cycle");
    }
}
