package org.ecomkpi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.ecomkpi.generate.Defect;
import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropProgress;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.generate.DropSummary;
import org.ecomkpi.row.FileType;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code generate}: writes a realistic synthetic drop with {@link DropGenerator}. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes a seeded synthetic drop under <out>/landing-data/ (so --out can be a bucket): "
                + "orders over consecutive UTC days from 2024-01-01, their items and the product catalogue, with "
                + "the quirks of real drops. The same options always give the same files."})
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Folder to write landing-data/ into, e.g. a bucket folder.")
    Path out;

    @Option(names = "--orders", paramLabel = "N", required = true, description = "Valid orders to write.")
    int orders;

    @Option(names = "--days", paramLabel = "D", required = true, description = "Days the orders spread over.")
    int days;

    @Option(names = "--seed", paramLabel = "S", required = true, description = "Seed of every random choice.")
    long seed;

    @Option(names = "--bad-rows", paramLabel = "R", defaultValue = "0",
            description = "Bad rows planted per reject rule (and per warning case). Default: ${DEFAULT-VALUE}.")
    int badRows;

    @Override
    public Integer call() {
        log.apply();
        requireAtLeast("--orders", orders, 1);
        requireAtLeast("--days", days, 1);
        requireAtLeast("--bad-rows", badRows, 0);
        if (days > 36_500) {
            throw new ParameterException(spec.commandLine(), "--days must be at most 36500 (100 years), was " + days);
        }
        PrintWriter err = spec.commandLine().getErr();
        DropProgress progress = log.quiet ? DropProgress.NONE : (written, total) -> {
            err.printf(Locale.ROOT, "  generated %,d of %,d orders%n", written, total);
            err.flush();
        };
        DropSpec drop = DropSpec.builder(orders, days, seed).badRowsPerRule(badRows).build();
        DropSummary summary;
        try {
            summary = new DropGenerator(drop).write(out, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the drop under " + out.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("wrote " + summary.files().size() + " files under " + out.resolve("landing-data").toAbsolutePath()
                + " (orders " + drop.firstDay() + " to " + drop.lastDay() + ")");
        for (FileType type : FileType.values()) {
            stdout.printf(Locale.ROOT, "  %-12s %,10d rows, %,d to be rejected%n", type.folder(),
                    summary.rowsWritten(type), summary.expectedRejects(type));
        }
        long warnings = 0;
        for (Defect defect : Defect.values()) {
            if (defect.isWarning()) {
                warnings += summary.injected(defect);
            }
        }
        if (warnings > 0) {
            stdout.printf(Locale.ROOT, "  plus %,d rows that only warn (item count mismatch, cost above retail)%n", warnings);
        }
        stdout.flush();
        return ExitCode.SUCCESS.code();
    }

    private void requireAtLeast(String option, long value, long least) {
        if (value < least) {
            throw new ParameterException(spec.commandLine(), option + " must be " + least + " or more, was " + value);
        }
    }
}
