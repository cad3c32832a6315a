package dev.berth.taskdef;

import static dev.berth.taskdef.TestingTaskDefinitions.NGINX;
import static dev.berth.taskdef.TestingTaskDefinitions.registered;
import static dev.berth.taskdef.TestingTaskDefinitions.taskDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.TaskDefinition;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.events.BerthEvent;

class RevisionPlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void firstReconcileRegistersRevisionOneWithTheNormalisedDocument() {
        TaskDefinition td = taskDefinition("my-task", NGINX.replace("\"family\": \"my-task\", ", ""));

        RevisionPlan plan = RevisionPlanner.plan(td, List.of(), Set.of(), NOW);

        TaskDefinitionRevision r = plan.register();
        assertThat(r.getMetadata().getName()).isEqualTo("my-task-1");
        assertThat(r.getMetadata().getLabels()).containsEntry(Berth.LABEL_FAMILY, "my-task")
                .containsEntry(Berth.LABEL_REVISION, "1").containsKey(Berth.LABEL_SPEC_HASH);
        assertThat(r.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-1");
        assertThat(r.getSpec().taskDefinition.family).as("family defaults to metadata.name").isEqualTo("my-task");
        assertThat(plan.status().latestRevision).isEqualTo(1);
        assertThat(plan.status().cpu).isEqualTo("256");
        assertThat(plan.status().memory).isEqualTo("512");
        assertThat(plan.events()).extracting(BerthEvent::reason).containsExactly("RevisionRegistered");
        assertThat(plan.events().get(0).message()).isEqualTo("Registered task definition my-task:1");
    }

    @Test
    void unchangedSpecRegistersNothingAndActivatesTheNewRevision() {
        TaskDefinition td = taskDefinition("my-task", NGINX);
        TaskDefinitionRevision one = registered(td, 1, null);

        RevisionPlan plan = RevisionPlanner.plan(td, List.of(one), Set.of(), NOW);

        assertThat(plan.register()).isNull();
        assertThat(plan.revisionStatuses()).containsOnlyKeys("my-task-1");
        assertThat(plan.revisionStatuses().get("my-task-1").status).isEqualTo("ACTIVE");
        assertThat(plan.revisionStatuses().get("my-task-1").registeredAt).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(plan.status().activeRevisions).containsExactly(1);
    }

    @Test
    void equivalentSizeFormsAreNotAnEffectiveChange() {
        TaskDefinition numbers = taskDefinition("my-task",
                NGINX.replace("\"family\"", "\"cpu\": 256, \"memory\": 1024, \"family\""));
        TaskDefinition strings = taskDefinition("my-task",
                NGINX.replace("\"family\"", "\"cpu\": \"0.25 vCPU\", \"memory\": \"1 GB\", \"family\""));

        TaskDefinitionRevision one = registered(numbers, 1, "ACTIVE");

        assertThat(RevisionPlanner.plan(strings, List.of(one), Set.of(), NOW).register()).isNull();
        assertThat(one.getSpec().taskDefinition.cpu.getStrVal()).isEqualTo("256");
        assertThat(one.getSpec().taskDefinition.memory.getStrVal()).isEqualTo("1024");
    }

    @Test
    void anImageChangeRegistersTheNextRevision() {
        TaskDefinition td = taskDefinition("my-task", NGINX);
        TaskDefinitionRevision one = registered(td, 1, "ACTIVE");
        TaskDefinition changed = taskDefinition("my-task", NGINX.replace("nginx:alpine", "nginx:1.27"));

        RevisionPlan plan = RevisionPlanner.plan(changed, List.of(one), Set.of(), NOW);

        assertThat(plan.register().getMetadata().getName()).isEqualTo("my-task-2");
        assertThat(plan.register().getSpec().taskDefinition.containerDefinitions.get(0).image).isEqualTo("nginx:1.27");
        assertThat(plan.status().latestRevision).isEqualTo(2);
        assertThat(plan.status().activeRevisions).containsExactly(1, 2);
    }

    @Test
    void revisionNumbersNeverGoBackEvenWhenOldRevisionsWereDeleted() {
        TaskDefinition td = taskDefinition("my-task", NGINX.replace("nginx:alpine", "nginx:2"));
        td.setStatus(new dev.berth.api.v1alpha1.TaskDefinitionStatus());
        td.getStatus().latestRevision = 7;

        assertThat(RevisionPlanner.plan(td, List.of(), Set.of(), NOW).register().getSpec().revision).isEqualTo(8);
    }

    @Test
    void deregisteredRevisionsBecomeInactiveForGood() {
        TaskDefinition td = taskDefinition("my-task",
                NGINX.replace("\"family\"", "\"deregisteredRevisions\": [1], \"family\""));
        TaskDefinitionRevision one = registered(taskDefinition("my-task", NGINX), 1, "ACTIVE");
        TaskDefinitionRevision two = registered(td, 2, "ACTIVE");

        RevisionPlan plan = RevisionPlanner.plan(td, List.of(one, two), Set.of(), NOW);

        assertThat(plan.register()).as("deregistering is not a change of the ECS document").isNull();
        assertThat(plan.revisionStatuses().get("my-task-1").status).isEqualTo("INACTIVE");
        assertThat(plan.revisionStatuses().get("my-task-1").deregisteredAt).isEqualTo(NOW.toString());
        assertThat(plan.status().activeRevisions).containsExactly(2);
        assertThat(plan.events()).extracting(BerthEvent::message).containsExactly("Deregistered task definition my-task:1");

        one.setStatus(plan.revisionStatuses().get("my-task-1"));
        TaskDefinition undone = taskDefinition("my-task", NGINX);
        assertThat(RevisionPlanner.plan(undone, List.of(one, two), Set.of(), NOW).revisionStatuses())
                .as("INACTIVE is final, as in ECS").isEmpty();
    }

    @Test
    void historyLimitDeletesOldRevisionsThatNoTaskUses() {
        TaskDefinition td = taskDefinition("my-task", NGINX.replace("\"family\"", "\"revisionHistoryLimit\": 2, \"family\""));
        List<TaskDefinitionRevision> revisions = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            revisions.add(registered(taskDefinition("my-task", NGINX.replace("nginx:alpine", "nginx:" + n)), n, "ACTIVE"));
        }

        RevisionPlan plan = RevisionPlanner.plan(td, revisions, Set.of(1), NOW);

        assertThat(plan.register().getSpec().revision).isEqualTo(5);
        assertThat(plan.deletions()).as("keeps 5 and 4, keeps 1 because a Task uses it").containsExactly("my-task-3",
                "my-task-2");
        assertThat(plan.status().activeRevisions).containsExactly(1, 4, 5);
    }

    @Test
    void unsupportedFieldsAreReportedInTheStatusAConditionAndAnEvent() {
        TaskDefinition td = taskDefinition("my-task", NGINX.replace("\"family\"", "\"ipcMode\": \"host\", \"family\""));

        RevisionPlan plan = RevisionPlanner.plan(td, List.of(), Set.of(), NOW);

        assertThat(plan.status().unsupportedFields).containsExactly("ipcMode: IPC namespace sharing is not supported");
        assertThat(plan.status().conditions).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("UnsupportedFields");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getMessage()).contains("ipcMode");
        });
        assertThat(plan.events()).extracting(BerthEvent::reason).contains("UnsupportedFields");
        assertThat(plan.register().getSpec().taskDefinition.unmodeledFields()).as("kept, never dropped")
                .containsEntry("ipcMode", "host");
    }

    @Test
    void aFamilyThatIsNoDnsLabelRegistersUnderItsKubernetesNameAndKeepsTheEcsFamily() {
        String name = dev.berth.api.EcsNames.kubernetesName("web_app_task");
        TaskDefinition td = taskDefinition(name, NGINX.replace("my-task", "web_app_task"));

        RevisionPlan plan = RevisionPlanner.plan(td, List.of(), Set.of(), NOW);

        assertThat(plan.register().getMetadata().getName()).isEqualTo(name + "-1");
        assertThat(plan.register().getMetadata().getLabels()).containsEntry(Berth.LABEL_FAMILY, name);
        assertThat(plan.register().familyRevision()).isEqualTo("web_app_task:1");
        assertThat(plan.status().family).isEqualTo("web_app_task");
        assertThat(plan.events().get(0).message()).isEqualTo("Registered task definition web_app_task:1");
    }

    @Test
    void aTaskDefinitionNotNamedAfterItsFamilyRegistersNothingAndSaysWhichNameItNeeds() {
        TaskDefinition td = taskDefinition("web-app-00000000", NGINX.replace("my-task", "web_app"));

        RevisionPlan plan = RevisionPlanner.plan(td, List.of(), Set.of(), NOW);

        assertThat(plan.register()).isNull();
        assertThat(plan.status().conditions).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo(RevisionPlanner.FAMILY_NAME_MISMATCH);
            assertThat(c.getMessage()).contains(dev.berth.api.EcsNames.kubernetesName("web_app"), "web_app");
        });
        assertThat(plan.events()).extracting(BerthEvent::reason).containsExactly(RevisionPlanner.FAMILY_NAME_MISMATCH);

        td.setStatus(plan.status());
        assertThat(RevisionPlanner.plan(td, List.of(), Set.of(), NOW).events()).as("told once").isEmpty();
    }

    @Test
    void outputOnlyFieldsOfAConsoleExportAreNotPartOfTheRevision() {
        TaskDefinition plain = taskDefinition("my-task", NGINX);
        TaskDefinition exported = taskDefinition("my-task", NGINX.replace("{\"family\"",
                "{\"taskDefinitionArn\": \"arn:aws:ecs:us-east-1:1:task-definition/my-task:9\", \"revision\": 9,"
                        + " \"status\": \"ACTIVE\", \"compatibilities\": [\"EC2\"], \"family\""));

        TaskDefinitionRevision fromExport = RevisionPlanner.plan(exported, List.of(), Set.of(), NOW).register();

        assertThat(fromExport.getSpec().taskDefinition.unmodeledFields()).isEmpty();
        assertThat(fromExport.getMetadata().getLabels().get(Berth.LABEL_SPEC_HASH)).as("same effective document")
                .isEqualTo(RevisionPlanner.plan(plain, List.of(), Set.of(), NOW).register().getMetadata().getLabels()
                        .get(Berth.LABEL_SPEC_HASH));
    }
}
