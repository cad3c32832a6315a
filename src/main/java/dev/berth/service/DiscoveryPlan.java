package dev.berth.service;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.events.BerthEvent;

/**
 * The discovery part of a Service's decision (pure): apply the Services {@link DiscoveryServices} renders, delete the
 * discovery Services this service owns and no longer wants, write status.discovery, and a Warning when the aliases
 * that cannot be honoured change.
 */
final class DiscoveryPlan {

    static final String ALIAS_NOT_HONOURED = "ClientAliasNotHonoured";

    private DiscoveryPlan() {
    }

    static ServiceDecision apply(ServiceInputs in, ServiceDecision decision) {
        Service service = in.service();
        ServiceStatus status = decision.statusCopy();
        EcsTaskDefinition primary = status.taskDefinition == null ? null : in.definitions().get(status.taskDefinition);
        if (primary == null && DiscoveryServices.wanted(service)) {
            return decision; // the revision is not known yet: keep what there is
        }
        DiscoveryServices.Rendered rendered = DiscoveryServices.render(service, primary, in.discoveryServices());
        ServiceDecision next = decision;
        for (var desired : rendered.services().values()) {
            var existing = in.discoveryServices().get(desired.getMetadata().getName());
            if (existing == null) {
                next = next.withAction(new ServiceAction.ApplyKubernetesService(desired, true));
            } else if (!desired.getSpec().getPorts().equals(existing.getSpec().getPorts())
                    || !desired.getSpec().getSelector().equals(existing.getSpec().getSelector())) {
                next = next.withAction(new ServiceAction.ApplyKubernetesService(desired, false));
            }
        }
        for (Map.Entry<String, io.fabric8.kubernetes.api.model.Service> observed : in.discoveryServices().entrySet()) {
            boolean ours = observed.getValue().getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> o.getUid().equals(service.getMetadata().getUid()))
                    && observed.getValue().getMetadata().getLabels().containsKey(DiscoveryServices.LABEL_DISCOVERY);
            if (ours && !rendered.services().containsKey(observed.getKey())) {
                next = next.withAction(new ServiceAction.DeleteKubernetesService(observed.getKey()));
            }
        }
        if (Objects.equals(status.discovery, rendered.status()) || sameReports(status.discovery, rendered.status())) {
            return next;
        }
        List<String> before = notHonoured(service.getStatus() == null ? null : service.getStatus().discovery);
        List<String> after = notHonoured(rendered.status());
        status.discovery = rendered.status();
        return next.withStatus(status, after.isEmpty() || after.equals(before) ? List.of()
                : List.of(BerthEvent.warning(ALIAS_NOT_HONOURED, String.join("; ", after))));
    }

    /** Status classes have no equals: compared by their JSON. */
    private static boolean sameReports(ServiceStatus.DiscoveryStatus a, ServiceStatus.DiscoveryStatus b) {
        return a != null && b != null && io.fabric8.kubernetes.client.utils.Serialization.asJson(a)
                .equals(io.fabric8.kubernetes.client.utils.Serialization.asJson(b));
    }

    private static List<String> notHonoured(ServiceStatus.DiscoveryStatus discovery) {
        return discovery == null || discovery.clientAliases == null ? List.of()
                : discovery.clientAliases.stream().filter(a -> a.notHonoured != null)
                        .map(a -> "client alias " + a.dnsName + ":" + a.port + ": " + a.notHonoured).toList();
    }
}
