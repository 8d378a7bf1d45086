package org.ecomkpi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.ecomkpi.generate.Change;
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

/**
 * {@code generate}: writes a realistic synthetic drop with {@link DropGenerator}, or with
 * {@code --change-batches} a drop followed by batches that change its orders and items.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes a seeded synthetic drop under <out>/landing-data/ (so --out can be a bucket): "
                + "orders over consecutive UTC days from 2024-01-01, their items and the product catalogue, with "
                + "the quirks of real drops. The same options always give the same files.",
                "With --change-batches K it writes <out>/batch-1/landing-data/ (the drop) and <out>/batch-2/ to "
                + "<out>/batch-(K+1)/, later batches re-sending orders, items and products as they change; land "
                + "and run them one after the other, in order."})
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

    @Option(names = "--change-batches", paramLabel = "K", defaultValue = "0",
            description = {"Also write K later batches (1 to " + DropGenerator.MAX_CHANGE_BATCHES + ", needs at least "
                    + DropGenerator.MIN_LIFECYCLE_ORDERS + " orders) that change the drop's orders and items: late and "
                    + "cancelled returns, created_at moved to another day and back, corrected user_id and sale_price "
                    + "(in items files with and without status columns), late items of earlier orders, re-categorised "
                    + "products, orders re-sent unchanged or twice (the second is a DUPLICATE_KEY reject). The drop then "
                    + "goes to <out>/batch-1/, the changes to <out>/batch-2/ to <out>/batch-(K+1)/. Default: "
                    + "${DEFAULT-VALUE}, one drop under <out>/landing-data/."})
    int changeBatches;

    @Override
    public Integer call() {
        log.apply();
        requireAtLeast("--orders", orders, 1);
        requireAtLeast("--days", days, 1);
        requireAtLeast("--bad-rows", badRows, 0);
        requireAtLeast("--change-batches", changeBatches, 0);
        if (changeBatches > DropGenerator.MAX_CHANGE_BATCHES) {
            throw new ParameterException(spec.commandLine(), "--change-batches must be at most "
                    + DropGenerator.MAX_CHANGE_BATCHES + ", was " + changeBatches);
        }
        if (changeBatches > 0 && orders < DropGenerator.MIN_LIFECYCLE_ORDERS) {
            throw new ParameterException(spec.commandLine(), "--change-batches needs --orders of at least "
                    + DropGenerator.MIN_LIFECYCLE_ORDERS + ", was " + orders);
        }
        if (days > 36_500) {
            throw new ParameterException(spec.commandLine(), "--days must be at most 36500 (100 years), was " + days);
        }
        PrintWriter err = spec.commandLine().getErr();
        DropProgress progress = log.quiet ? DropProgress.NONE : (written, total) -> {
            err.printf(Locale.ROOT, "  generated %,d of %,d orders%n", written, total);
            err.flush();
        };
        DropSpec drop = DropSpec.builder(orders, days, seed).badRowsPerRule(badRows).build();
        if (changeBatches > 0) {
            return writeLifecycle(drop, progress);
        }
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

    private int writeLifecycle(DropSpec drop, DropProgress progress) {
        List<DropSummary> batches;
        try {
            batches = new DropGenerator(drop).writeLifecycle(out, changeBatches, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the batches under " + out.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("wrote " + batches.size() + " batches under " + out.toAbsolutePath() + ": batch-1 the drop (orders "
                + drop.firstDay() + " to " + drop.lastDay() + "), batch-2 to batch-" + batches.size()
                + " its changes; run them in order");
        for (DropSummary batch : batches) {
            List<String> rows = new ArrayList<>();
            long rejects = 0;
            for (FileType type : FileType.values()) {
                rows.add(String.format(Locale.ROOT, "%s %,d", type.folder(), batch.rowsWritten(type)));
                rejects += batch.expectedRejects(type);
            }
            stdout.printf(Locale.ROOT, "  %-9s %d files, rows: %s; %,d to be rejected%n", batch.root().getFileName(),
                    batch.files().size(), String.join(", ", rows), rejects);
            List<String> changes = new ArrayList<>();
            for (Change change : Change.values()) {
                if (batch.changes(change) > 0) {
                    changes.add(String.format(Locale.ROOT, "%s %,d", change.name().toLowerCase(Locale.ROOT), batch.changes(change)));
                }
            }
            if (!changes.isEmpty()) {
                stdout.println("            changes: " + String.join(", ", changes));
            }
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
