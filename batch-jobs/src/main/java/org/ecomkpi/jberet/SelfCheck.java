package org.ecomkpi.jberet;

import java.nio.file.Path;
import java.util.Properties;

/** Runs job {@code runtime-selfcheck} once on a job repository: the smoke test of a packaged runtime. */
public final class SelfCheck {

    public static final String JOB = "runtime-selfcheck";

    private SelfCheck() {
    }

    /** Starts a fresh self-check run on the H2 repository {@code database} and waits for it. */
    public static LaunchResult run(Path database) {
        String runId = "selfcheck-" + System.currentTimeMillis();
        try (JobLauncher launcher = JobLauncher.onH2(database)) {
            return launcher.startOrRestart(JOB, runId, new Properties());
        }
    }
}
