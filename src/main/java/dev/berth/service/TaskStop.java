package dev.berth.service;

/** A Task to stop: desiredStatus STOPPED with this stop code and reason. */
public record TaskStop(String taskName, String stopCode, String stoppedReason) implements ServiceAction {
}
