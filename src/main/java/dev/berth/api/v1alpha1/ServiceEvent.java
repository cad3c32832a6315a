package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An ECS service event, e.g. "(service web) has reached a steady state.". */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceEvent {
    @JsonPropertyDescription("Event id.")
    public String id;

    @JsonPropertyDescription("When it happened.")
    public String createdAt;

    @JsonPropertyDescription("The message, in ECS wording.")
    public String message;

    public ServiceEvent() {
    }

    public ServiceEvent(String id, String createdAt, String message) {
        this.id = id;
        this.createdAt = createdAt;
        this.message = message;
    }
}
