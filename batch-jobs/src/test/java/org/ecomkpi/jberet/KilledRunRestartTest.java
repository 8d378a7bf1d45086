package org.ecomkpi.jberet;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose JVM is SIGKILLed mid-step is restarted by another process from its last committed checkpoint. */
class KilledRunRestartTest {
    @TempDir
    Path folder;

    @Test
    void runWhoseJvmWasKilledIsRestartedFromItsLastCheckpoint() throws Exception {
        Path repository = folder.resolve("store");
        KilledDemoJob killed = KilledDemoJob.killMidStep(folder, Map.of(), List.of(), () -> {
            // what makes restarting a STARTED execution safe: no second process can open the store meanwhile
            IllegalStateException inUse = assertThrows(IllegalStateException.class,
                    () -> JobLauncher.onH2(repository).close());
            assertTrue(inUse.getMessage().contains("in use by another process"), inUse.getMessage());
        });
        try (JobLauncher launcher = JobLauncher.onH2(killed.run.repository())) {
            killed.assertRestartedFromItsCheckpoint(launcher);
        }
    }
}
