package org.ecomkpi.cli;

import java.nio.file.Path;

import org.ecomkpi.runtime.LaunchResult;
import org.ecomkpi.runtime.SelfCheck;

/**
 * Placeholder entry point of {@code pipeline.jar} until the picocli CLI replaces it; it keeps only the runtime's
 * {@code selfcheck [store-path]} command, which the real CLI should keep.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("selfcheck") || args.length > 2) {
            System.err.println("usage: java -jar pipeline.jar selfcheck [h2-store-path]");
            System.exit(2);
        }
        Path store = Path.of(args.length == 2 ? args[1] : ".pipeline/store");
        long started = System.nanoTime();
        LaunchResult result = SelfCheck.run(store);
        System.out.printf("%s execution %d: %s, %s (%d ms)%n", result.jobName(), result.executionId(),
                result.batchStatus(), result.exitStatus(), (System.nanoTime() - started) / 1_000_000);
        System.exit(result.completed() ? 0 : 3);
    }
}
