package org.ecomkpi.jberet;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Passes lines through, optionally slowly, so that a test can kill the JVM in the middle of a run. */
@Named("slowLineProcessor")
public class SlowLineProcessor implements ItemProcessor {

    @Inject
    @BatchProperty
    int itemDelayMillis;

    @Override
    public Object processItem(Object item) throws Exception {
        if (itemDelayMillis > 0) {
            Thread.sleep(itemDelayMillis);
        }
        return item;
    }
}
