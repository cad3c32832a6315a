package dev.berth.config;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.api.config.InformerStoppedHandler;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.Quarkus;

/**
 * An informer whose watch fails for good (an object it cannot decode, a permission taken away) stops, and the
 * controllers it feeds go blind while the process still looks alive: nothing they own moves again. Quarkus Operator
 * SDK installs no handler for that unless a bean like this one exists (it looks it up by type, hence
 * {@code @Unremovable}); this one exits with status 1, so the Deployment restarts the operator and it lists everything
 * afresh: a crash the user sees instead of an operator that silently stopped working. A stop without an error is
 * the operator shutting down and is left alone.
 */
@ApplicationScoped
@Unremovable
public class ExitWhenAnInformerFails implements InformerStoppedHandler {

    private static final Logger LOG = Logger.getLogger(ExitWhenAnInformerFails.class);

    @Override
    @SuppressWarnings("rawtypes")
    public void onStop(SharedIndexInformer informer, Throwable cause) {
        if (cause == null) {
            return;
        }
        LOG.errorf(cause, "The informer for %s stopped on an error, so its controllers would see no more changes:"
                + " exiting to restart and list afresh", informer.getApiTypeClass().getSimpleName());
        Quarkus.asyncExit(1);
    }
}
