package org.ecomkpi.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.ecomkpi.row.FileType;

/**
 * Writes realistic synthetic drops in the bucket layout of SPEC section 2, seeded and deterministic: the same
 * {@link DropSpec} always gives byte-identical files. Files are streamed; memory does not grow with the
 * number of orders (only the catalogue is held).
 *
 * <p>A drop is split into parts along order boundaries; each part is one orders file plus the order_items
 * file of exactly its orders, and parts cycle through a few layouts (column order and spelling, extra
 * columns, CRLF or LF, BOM, quoting). Orders pick their date and customer at random, so every part spans the
 * same dates and customers. Quirks found in real drops all occur: the three timestamp styles (and {@code Z}),
 * non-zero offsets that move the UTC date across midnight, fractional seconds, statuses in mixed case,
 * categories with spaces, {@code &}, commas and non-ASCII letters, product names with quotes, commas and line
 * breaks, blank optional fields, items created minutes after their order, items without status and
 * returned_at (they take their order's returned state), a few non-numeric order ids.
 *
 * <pre>{@code
 * DropGenerator generator = new DropGenerator(DropSpec.builder(80_000, 30, 7L).badRowsPerRule(3).build());
 * DropSummary drop = generator.write(bucket);              // bucket/landing-data/...
 * List<DropSummary> runs = generator.writeBatches(dir, 3); // dir/batch-1/landing-data/... and so on
 * }</pre>
 *
 * <p>{@code writeBatches(dir, k)} writes the very files {@code write} writes for a spec with
 * {@code filesPerDrop = k}, one part per batch; the products file goes to the first batch only, so later
 * batches rely on the catalogue kept from earlier ones.
 */
public final class DropGenerator {
    private static final String LANDING = "landing-data";
    private static final int PROGRESS_EVERY = 10_000;

    private final DropSpec spec;

    public DropGenerator(DropSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    public DropSpec spec() {
        return spec;
    }

    /** Writes one drop under {@code root/landing-data/} in {@link DropSpec#filesPerDrop()} parts. */
    public DropSummary write(Path root) throws IOException {
        return write(root, DropProgress.NONE);
    }

    /** As {@link #write(Path)}, reporting progress. */
    public DropSummary write(Path root, DropProgress progress) throws IOException {
        Tally tally = new Tally(root);
        generate(spec.filesPerDrop(), part -> tally, progress);
        return tally.summary();
    }

    /**
     * Writes the drop split into {@code batches} batches along order boundaries, under
     * {@code dir/batch-1/landing-data/}, {@code dir/batch-2/landing-data/} and so on; returns one summary per
     * batch, in order. Items only reference orders of their own batch; dates and customers span all batches.
     */
    public List<DropSummary> writeBatches(Path dir, int batches) throws IOException {
        return writeBatches(dir, batches, DropProgress.NONE);
    }

    /** As {@link #writeBatches(Path, int)}, reporting progress. */
    public List<DropSummary> writeBatches(Path dir, int batches, DropProgress progress) throws IOException {
        if (batches < 1 || batches > spec.orders()) {
            throw new IllegalArgumentException(
                    "batches must be between 1 and the number of orders (" + spec.orders() + "), was " + batches);
        }
        List<Tally> tallies = new ArrayList<>();
        for (int b = 1; b <= batches; b++) {
            tallies.add(new Tally(dir.resolve("batch-" + b)));
        }
        generate(batches, tallies::get, progress);
        return tallies.stream().map(Tally::summary).toList();
    }

    private interface TallyOfPart {
        Tally of(int part);
    }

    private void generate(int parts, TallyOfPart tallies, DropProgress progress) throws IOException {
        int[] ordersPerPart = new int[parts];
        for (int p = 0; p < parts; p++) {
            ordersPerPart[p] = (int) ((long) (p + 1) * spec.orders() / parts - (long) p * spec.orders() / parts);
        }
        DefectPlan plan = DefectPlan.of(spec, ordersPerPart);
        SpareIds spare = new SpareIds(spec);
        SplittableRandom root = new SplittableRandom(spec.seed());
        Tally first = tallies.of(0);
        Catalogue catalogue = Catalogue.write(first.root().resolve(LANDING).resolve("products.csv"),
                spec, plan, new Dice(root.split()), spare, first);
        long[] written = {0};
        Runnable orderDone = () -> {
            written[0]++;
            if (written[0] % PROGRESS_EVERY == 0 || written[0] == spec.orders()) {
                progress.ordersWritten(written[0], spec.orders());
            }
        };
        long firstOrder = 0;
        for (int p = 0; p < parts; p++) {
            Tally tally = tallies.of(p);
            Path landing = tally.root().resolve(LANDING);
            String name = String.format("%03d.csv", p + 1);
            new PartWriter(spec, catalogue, plan, spare, new Dice(root.split()), p, firstOrder, ordersPerPart[p])
                    .write(landing.resolve(FileType.ORDERS.folder()).resolve("orders-" + name),
                            landing.resolve(FileType.ORDER_ITEMS.folder()).resolve("order_items-" + name),
                            tally, orderDone);
            firstOrder += ordersPerPart[p];
        }
    }
}
