package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskDefinitionRevisionStatus {
    public static final String ACTIVE = "ACTIVE";
    public static final String INACTIVE = "INACTIVE";

    @JsonPropertyDescription("ACTIVE (usable by new Tasks) or INACTIVE (deregistered).")
    public String status;

    @JsonPropertyDescription("When the revision was registered (RFC 3339).")
    public String registeredAt;

    @JsonPropertyDescription("When the revision was deregistered (RFC 3339).")
    public String deregisteredAt;

    public TaskDefinitionRevisionStatus() {
    }

    public TaskDefinitionRevisionStatus(String status, String registeredAt, String deregisteredAt) {
        this.status = status;
        this.registeredAt = registeredAt;
        this.deregisteredAt = deregisteredAt;
    }
}
