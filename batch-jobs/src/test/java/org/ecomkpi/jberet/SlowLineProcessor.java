package org.ecomkpi.jberet;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Passes lines through, optionally slowly, so that a test can kill the JVM in the middle of a run; or holds every line
 * after line {@code gateAfterItem} while the file {@code gate} exists, so that a test decides when the run goes on
 * instead of guessing how long it takes.
 */
@Named("slowLineProcessor")
public class SlowLineProcessor implements ItemProcessor {

    @Inject
    @BatchProperty
    int itemDelayMillis;

    @Inject
    @BatchProperty
    String gate;

    @Inject
    @BatchProperty
    int gateAfterItem;

    @Override
    public Object processItem(Object item) throws Exception {
        if (itemDelayMillis > 0) {
            Thread.sleep(itemDelayMillis);
        }
        if (gate != null && !gate.isEmpty() && ((NumberedLine) item).number() > gateAfterItem) {
            Path closed = Path.of(gate);
            while (Files.exists(closed)) {
                Thread.sleep(10);
            }
        }
        return item;
    }
}
