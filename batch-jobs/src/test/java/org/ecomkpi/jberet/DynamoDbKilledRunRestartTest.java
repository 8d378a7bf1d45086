package org.ecomkpi.jberet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose container is SIGKILLed mid-step is restarted by a brand-new process from the last checkpoint the killed
 * one committed to the DynamoDB job repository, once the killed one's lease has expired.
 */
class DynamoDbKilledRunRestartTest {
    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    private static final Duration LEASE_TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path folder;

    @Test
    void runWhoseContainerWasKilledIsRestartedFromItsLastCheckpointByANewProcess() throws Exception {
        MotoJobRepository store = MotoJobRepository.create("killed", HEARTBEAT, LEASE_TIMEOUT);
        KilledDemoJob killed = KilledDemoJob.killMidStep(folder, store.childEnvironment(), List.of("dynamodb",
                Long.toString(HEARTBEAT.toMillis()), Long.toString(LEASE_TIMEOUT.toMillis())), () -> { });
        try (JobLauncher launcher = store.launcher()) {
            killed.assertRestartedFromItsCheckpoint(launcher);
        }
    }
}
