package org.ecomkpi.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.ecomkpi.logging.RunContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM (what ECS sends a task before it kills it) and SIGINT (Ctrl-C) ask the running job to stop at its next
 * checkpoint instead of ending the JVM (SPEC section 7): the job ends STOPPED and the command exits 4, restartable by
 * run id. A second signal while the first is being honoured ends the JVM at once, as the default would.
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}, kept for exactly this use) is the one way a Java program
 * replaces the default action of a signal; shutdown hooks run only once the JVM is already ending.
 */
final class StopSignals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final AtomicBoolean received = new AtomicBoolean();
    private final List<Installed> previous = new ArrayList<>();

    private record Installed(Signal signal, SignalHandler handler) {
    }

    /** Installs the handlers: on the first signal, {@code stop} runs (on the signal's thread, so it must not block). */
    StopSignals(Runnable stop) {
        // the signal's thread logs for the run the command runs, as the command's own thread does
        Map<String, String> run = RunContext.current();
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            SignalHandler before = Signal.handle(signal, caught -> {
                if (received.compareAndSet(false, true)) {
                    try (RunContext.Scope scope = RunContext.restore(run)) {
                        LOG.warn("SIG{}: stopping the running job at its next checkpoint (send it again to end the"
                                + " process now)", caught.getName());
                        stop.run();
                    }
                } else {
                    Runtime.getRuntime().exit(128 + caught.getNumber());
                }
            });
            previous.add(new Installed(signal, before));
        }
    }

    /** Whether a stop was asked for. */
    boolean received() {
        return received.get();
    }

    /** Puts the handlers that were there before back. */
    @Override
    public void close() {
        for (Installed installed : previous) {
            Signal.handle(installed.signal(), installed.handler());
        }
    }
}
