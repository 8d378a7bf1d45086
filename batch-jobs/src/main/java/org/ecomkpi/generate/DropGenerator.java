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
 * number of orders (only the catalogue is held), except in lifecycle mode, see {@link #writeLifecycle(Path, int)}.
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
 * List<DropSummary> life = generator.writeLifecycle(dir, 3); // dir/batch-1 the drop, batch-2..batch-4 its changes
 * }</pre>
 *
 * <p>{@code writeBatches(dir, k)} writes the very files {@code write} writes for a spec with
 * {@code filesPerDrop = k}, one part per batch; the products file goes to the first batch only, so later
 * batches rely on the catalogue kept from earlier ones.
 *
 * <p>{@code writeLifecycle(dir, k)} writes the drop {@code write} writes into {@code dir/batch-1}, then {@code k}
 * change batches that re-send earlier orders, items and products as they change (SPEC section 5, "Orders
 * change"): late and cancelled returns, created_at moved and restored, corrected customers and prices, late
 * items, re-categorised products, orders re-sent unchanged or twice; see {@link Change}.
 */
public final class DropGenerator {
    private static final String LANDING = "landing-data";
    private static final int PROGRESS_EVERY = 10_000;
    /** A lifecycle drop re-sends at least 25 distinct orders per change batch; fewer orders cannot hold that. */
    public static final int MIN_LIFECYCLE_ORDERS = 50;
    /**
     * Change batches a lifecycle drop may have: each returns some 2 % of the orders late, so a few dozen would
     * leave no order to return, the smallest drops earlier.
     */
    public static final int MAX_CHANGE_BATCHES = 20;
    /** Makes the lifecycle's random stream independent of the drop's, which stays the one {@code write} uses. */
    private static final long LIFECYCLE_SALT = 0x6c69666563796c65L;

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

    /**
     * Writes the drop {@link #write(Path)} writes under {@code dir/batch-1/} (products included), then
     * {@code changeBatches} change batches under {@code dir/batch-2/} to {@code dir/batch-(changeBatches + 1)/}:
     * each a products file re-categorising a few products (1 %, at least 3), one orders file and two order_items
     * files (with and without item status columns) holding new versions of earlier orders and items. Returns one
     * summary per batch, in order, whose {@link DropSummary#changes(Change)} count what each change batch does.
     *
     * <p>Runs applied in order must give KPIs over the current versions (SPEC section 5). Change rows are valid but
     * for the planted second occurrences of {@link Change#RESENT_TWICE} orders ({@code DUPLICATE_KEY}); planted
     * defects of the spec go to the base drop only. The items of a change batch reference orders current from
     * earlier batches, never an order of the same batch.
     *
     * <p>Memory: the generator keeps the orders it may change, with their items, about a {@code (12 + 4k)} percent
     * sample of the drop (every order up to 250): some 600 bytes an order, so 15 MB for 100,000 orders and three
     * change batches. Everything else is streamed as {@link #write(Path)} streams it.
     *
     * @throws IllegalArgumentException when {@code changeBatches} is not between 1 and {@link #MAX_CHANGE_BATCHES}
     *                                  or the spec has fewer than {@link #MIN_LIFECYCLE_ORDERS} orders
     */
    public List<DropSummary> writeLifecycle(Path dir, int changeBatches) throws IOException {
        return writeLifecycle(dir, changeBatches, DropProgress.NONE);
    }

    /** As {@link #writeLifecycle(Path, int)}, reporting progress of the base drop. */
    public List<DropSummary> writeLifecycle(Path dir, int changeBatches, DropProgress progress) throws IOException {
        if (changeBatches < 1 || changeBatches > MAX_CHANGE_BATCHES) {
            throw new IllegalArgumentException(
                    "changeBatches must be between 1 and " + MAX_CHANGE_BATCHES + ", was " + changeBatches);
        }
        if (spec.orders() < MIN_LIFECYCLE_ORDERS) {
            throw new IllegalArgumentException("a lifecycle drop needs at least " + MIN_LIFECYCLE_ORDERS
                    + " orders, the spec has " + spec.orders());
        }
        SplittableRandom lifecycle = new SplittableRandom(spec.seed() ^ LIFECYCLE_SALT);
        ChangePool pool = new ChangePool(spec, changeBatches, new Dice(lifecycle.split()));
        Tally base = new Tally(dir.resolve("batch-1"));
        Drop drop = generate(spec.filesPerDrop(), part -> base, progress, pool);
        List<DropSummary> summaries = new ArrayList<>();
        summaries.add(base.summary());
        for (int c = 1; c <= changeBatches; c++) {
            Tally tally = new Tally(dir.resolve("batch-" + (c + 1)));
            new ChangeBatchWriter(spec, drop.catalogue(), drop.spare(), pool.orders(), new Dice(lifecycle.split()), c)
                    .write(tally);
            summaries.add(tally.summary());
        }
        return summaries;
    }

    private interface TallyOfPart {
        Tally of(int part);
    }

    /** What later change batches need of a written drop: the catalogue and the id sequences. */
    private record Drop(Catalogue catalogue, SpareIds spare) {
    }

    private Drop generate(int parts, TallyOfPart tallies, DropProgress progress) throws IOException {
        return generate(parts, tallies, progress, OrderCapture.NONE);
    }

    private Drop generate(int parts, TallyOfPart tallies, DropProgress progress, OrderCapture capture)
            throws IOException {
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
            new PartWriter(spec, catalogue, plan, spare, new Dice(root.split()), p, firstOrder, ordersPerPart[p], capture)
                    .write(landing.resolve(FileType.ORDERS.folder()).resolve("orders-" + name),
                            landing.resolve(FileType.ORDER_ITEMS.folder()).resolve("order_items-" + name),
                            tally, orderDone);
            firstOrder += ordersPerPart[p];
        }
        return new Drop(catalogue, spare);
    }
}
