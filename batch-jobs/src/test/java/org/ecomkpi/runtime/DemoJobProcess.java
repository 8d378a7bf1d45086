package org.ecomkpi.runtime;

import java.nio.file.Path;

/**
 * Runs one slow demo run in its own JVM, so that a test can SIGKILL it mid-step.
 * Arguments: folder, run id, line count, chunk size, item delay in ms.
 */
public final class DemoJobProcess {

    private DemoJobProcess() {
    }

    public static void main(String[] args) {
        DemoRun run = new DemoRun(Path.of(args[0]), args[1], Integer.parseInt(args[2]));
        try (JobLauncher launcher = JobLauncher.onH2(run.repository())) {
            LaunchResult result = launcher.startOrRestart(DemoRun.JOB, run.runId(),
                    run.parameters(Integer.parseInt(args[3]), Integer.parseInt(args[4]), 0));
            System.out.println(result);
        }
    }
}
