package org.ecomkpi.jberet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.batch.runtime.BatchStatus;

import org.junit.jupiter.api.Test;

/** The launcher on JBeret's JDBC repository in an H2 file. */
class JobLauncherTest extends JobLauncherContract {

    @Override
    JobLauncher launcher(DemoRun run) {
        return JobLauncher.onH2(run.repository());
    }

    @Test
    void selfCheckJobRunsFromTheJobXmlShippedInMetaInf() {
        LaunchResult result = SelfCheck.run(folder.resolve("store"));

        assertEquals(BatchStatus.COMPLETED, result.batchStatus());
        assertEquals("SELF-CHECK OK " + result.runId(), result.exitStatus());
    }
}
