package org.ecomkpi.cli;

import picocli.CommandLine.Option;

/** The options of the commands that claim a batch ({@code run}, {@code validate}). */
final class ClaimOptions {
    @Option(names = "--settle-seconds", paramLabel = "N", converter = JobParameters.SettleSecondsConverter.class,
            description = "Claim a landing file only once it went unchanged for N seconds (0 to 3600); the claim "
                    + "waits up to 5 periods (at least 30 s) for files still being written. "
                    + "Default: $PIPELINE_SETTLE_SECONDS, else 1.")
    Integer settleSeconds;
}
