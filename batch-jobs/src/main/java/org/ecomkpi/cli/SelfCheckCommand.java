package org.ecomkpi.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.ecomkpi.jberet.LaunchResult;
import org.ecomkpi.jberet.SelfCheck;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code selfcheck [store-path]}: runs the runtime's smoke-test job, to check a packaged jar or an image. */
@Command(name = "selfcheck", mixinStandardHelpOptions = true,
        description = "Runs a one-step job on the H2 job repository at the given path: checks that the batch "
                + "runtime works in this build.")
final class SelfCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Parameters(index = "0", arity = "0..1", paramLabel = "store-path", defaultValue = ".pipeline/store",
            description = "H2 database path (without .mv.db). Default: ${DEFAULT-VALUE}.")
    Path store;

    @Override
    public Integer call() {
        log.apply();
        long started = System.nanoTime();
        LaunchResult result = SelfCheck.run(store);
        spec.commandLine().getOut().printf("%s execution %d: %s, %s (%d ms)%n", result.jobName(),
                result.executionId(), result.batchStatus(), result.exitStatus(), (System.nanoTime() - started) / 1_000_000);
        spec.commandLine().getOut().flush();
        if (!result.completed()) {
            throw new CommandFailure(ExitCode.INFRASTRUCTURE, "the self-check job ended " + result.batchStatus(),
                    "rerun with --verbose to see the batch runtime's errors");
        }
        return ExitCode.SUCCESS.code();
    }
}
