package org.ecomkpi.jberet;

import java.util.Map;

import org.ecomkpi.logging.RunContext;
import org.jboss.weld.bootstrap.api.helpers.RegistrySingletonProvider;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The one Weld SE container of the process, where batch artifacts ({@code @Named} beans) are looked up.
 *
 * <p>Booted once and kept until the JVM exits (a shutdown hook closes it, running {@code @PreDestroy}): Weld's boot costs a few hundred
 * milliseconds, and JBeret's {@code SEArtifactFactory} finds the container under Weld's static id.
 *
 * <p>Which classes are beans is decided by {@code META-INF/beans.xml}: every {@code org.ecomkpi} class of this
 * module, nothing else. Archive isolation is off so that the fat jar and a development class path (classes,
 * test-classes, jars) behave the same: one flat bean archive.
 */
final class CdiContainer {

    private CdiContainer() {
    }

    private static synchronized void shutdown() {
        WeldContainer running = WeldContainer.instance(RegistrySingletonProvider.STATIC_INSTANCE);
        if (running != null && running.isRunning()) {
            running.shutdown();
        }
    }

    static synchronized WeldContainer ensureRunning() {
        WeldContainer running = WeldContainer.instance(RegistrySingletonProvider.STATIC_INSTANCE);
        if (running != null && running.isRunning()) {
            return running;
        }
        WeldContainer container = new Weld(RegistrySingletonProvider.STATIC_INSTANCE)
                .property(Weld.ARCHIVE_ISOLATION_SYSTEM_PROPERTY, false)
                // Weld's own hook prints a line to stdout, where commands write their results
                .skipShutdownHook()
                .initialize();
        // Weld's closing lines say which run the container was booted for, as its opening lines did
        Map<String, String> bootedFor = RunContext.current();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (RunContext.Scope scope = RunContext.restore(bootedFor)) {
                shutdown();
            }
        }, "cdi-shutdown"));
        return container;
    }
}
