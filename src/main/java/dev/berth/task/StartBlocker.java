package dev.berth.task;

/**
 * Why the Task's Pod cannot be created yet (e.g. its task definition does not resolve).
 *
 * @param reason UpperCamelCase, e.g. TaskDefinitionNotFound; becomes the Ready condition's reason
 * @param stoppedReason ECS wording, e.g. "ClientException: Unable to describe task definition my-task:3.";
 *        becomes the stoppedReason if the task fails because of it
 * @param permanent true when waiting cannot help: the task fails at once
 */
public record StartBlocker(String reason, String stoppedReason, boolean permanent) {
}
