package dev.berth.service;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which Service Connect client alias names Kubernetes DNS can answer (pure). A Pod resolves a short name through its
 * search path ({@code <its namespace>.svc.cluster.local}, {@code svc.cluster.local}, {@code cluster.local}), so a
 * Service {@code api} in namespace {@code shop} answers {@code api} (from shop), {@code api.shop}, {@code api.shop.svc}
 * and {@code api.shop.svc.cluster.local} (from anywhere). Any other form would need a Service in another namespace or
 * a DNS zone Kubernetes does not serve.
 */
final class ClientAliases {

    private static final Pattern SERVICE_NAME = Pattern.compile("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$");

    private ClientAliases() {
    }

    /** The alias's name as a Service of {@code namespace}, or why it cannot be one. */
    static Resolved serviceName(String dnsName, String namespace) {
        String[] labels = dnsName.split("\\.", -1);
        String name = labels[0];
        if (!SERVICE_NAME.matcher(name).matches()) {
            return new Resolved(Optional.empty(), "'" + name + "' is not a Kubernetes Service name (a DNS label: lower-case"
                    + " letters, digits and '-', starting with a letter, at most 63)");
        }
        String rest = dnsName.substring(name.length());
        if (rest.isEmpty() || rest.equals("." + namespace) || rest.equals("." + namespace + ".svc")
                || rest.equals("." + namespace + ".svc.cluster.local")) {
            return new Resolved(Optional.of(name), null);
        }
        if (labels.length == 2) {
            return new Resolved(Optional.empty(), "Kubernetes DNS reads '" + dnsName + "' as Service " + name
                    + " of namespace " + labels[1] + ", but this service runs in namespace " + namespace
                    + ": name the Kubernetes namespace after the Service Connect namespace, or use the alias '" + name + "'");
        }
        return new Resolved(Optional.empty(), "only <name>, <name>." + namespace + ", <name>." + namespace + ".svc and <name>."
                + namespace + ".svc.cluster.local resolve to a Kubernetes Service of namespace " + namespace);
    }

    /**
     * @param serviceName the Kubernetes Service name, when honoured
     * @param notHonoured why not, otherwise
     */
    record Resolved(Optional<String> serviceName, String notHonoured) {
    }
}
