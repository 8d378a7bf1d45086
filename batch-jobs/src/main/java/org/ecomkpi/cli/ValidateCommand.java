package org.ecomkpi.cli;

import java.util.Optional;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code validate --run-id ID}: the first container entrypoint. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Starts or restarts the validate job of a run: claims the files in <bucket>/landing-data/, "
                + "checks every row, archives rejects. Exit 0 when validated or nothing to process, 1 when the "
                + "batch is rejected."})
final class ValidateCommand extends EntrypointCommand {
    @Option(names = "--reject-limit", paramLabel = "L", converter = JobParameters.RejectLimitConverter.class,
            description = "Largest share of rejected rows of any file type before the batch fails: 0.05 or 5%%. "
                    + "Default: 5%%.")
    Double rejectLimit;

    @Mixin
    ClaimOptions claim;

    @Override
    String job() {
        return JobRunner.VALIDATE;
    }

    @Override
    Optional<Double> rejectLimit() {
        return Optional.ofNullable(rejectLimit);
    }

    @Override
    Optional<Integer> settleSeconds() {
        return Optional.ofNullable(claim.settleSeconds);
    }
}
