package org.ecomkpi.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.kpi.OrderFact;
import org.ecomkpi.kpi.VersionBatch;

/**
 * A run's versions cut into slices by order id range, so the H2 merge holds one slice in memory at a time and
 * never the whole batch. A slice holds the versions of a range of orders and every item version naming one of
 * them: what {@link MergePlan} needs to apply it on its own. Applying the slices one after the other, each
 * reading what the previous ones wrote, gives the same state as applying the batch at once: every write is the
 * new state of a key, and the KPI changes of an order written twice add up to its change from first to last.
 *
 * <p>A batch of at most {@code sliceSize} orders and items stays in memory as one slice, its parts gathered as they
 * are read. A larger one is spilled, from the parts gathered so far on, to a temporary folder in two passes, each
 * version written once as a {@link VersionRecords} record:
 * <ol>
 *   <li>the parts read in order (the next one read on another thread meanwhile); orders to one file (sampling
 *       their ids for the ranges), items by a hash of their id to one of {@value #DEDUPE_FILES} files;</li>
 *   <li>orders routed to their slice's file; then each item file, the first version of each item kept (SPEC: the
 *       first occurrence in a batch wins, also across parts), routed by its order id. Records are routed by their
 *       keys and copied, never decoded.</li>
 * </ol>
 * Memory is what was gathered (at most a slice) and two parts, then one item file's item ids (a 64th of the
 * batch's), and a buffer per open file; every part is read once.
 * {@link #close()} deletes the folder.
 */
final class VersionSlices implements AutoCloseable {
    private static final int ORDER = 'O';
    private static final int ITEM = 'I';
    static final int DEDUPE_FILES = 64;
    private static final int SAMPLE = 8192;

    private final List<VersionBatch> inMemory;
    private final Path folder;
    private final int count;

    private VersionSlices(List<VersionBatch> inMemory, Path folder, int count) {
        this.inMemory = inMemory;
        this.folder = folder;
        this.count = count;
    }

    /**
     * Cuts {@code parts} into slices of about {@code sliceSize} orders (and at most about as many items), spilled
     * under {@code tempFolder} when they do not fit one slice.
     */
    static VersionSlices cut(VersionParts parts, int sliceSize, Path tempFolder) throws IOException {
        if (sliceSize < 1) {
            throw new IllegalArgumentException("slice size must be at least 1, was " + sliceSize);
        }
        if (parts.count() == 0) {
            return new VersionSlices(List.of(), null, 0);
        }
        // the parts gathered in memory while they fit one slice: a batch that fits is never spilled, and one that
        // does not is spilled from what was read, each part read once
        VersionBatch gathered = new VersionBatch();
        int read = 0;
        VersionBatch overflow = null;
        while (read < parts.count()) {
            VersionBatch part = parts.read(read++);
            if (gathered.orders().size() + part.orders().size() > sliceSize
                    || gathered.items().size() + part.items().size() > sliceSize) {
                overflow = part;
                break;
            }
            gathered.addAll(part);
        }
        if (overflow == null) {
            return new VersionSlices(List.of(gathered), null, 1);
        }
        VersionBatch first = gathered;
        VersionBatch next = overflow;
        int rest = read;
        VersionParts remaining = VersionParts.of(2 + parts.count() - rest,
                part -> part == 0 ? first : part == 1 ? next : parts.read(rest + part - 2));
        Path folder = Files.createTempDirectory(tempFolder, "merge-slices-");
        try {
            return spill(remaining, sliceSize, folder);
        } catch (IOException | RuntimeException e) {
            delete(folder);
            throw e;
        }
    }

    private static VersionSlices spill(VersionParts parts, int sliceSize, Path folder) throws IOException {
        Path orderFile = folder.resolve("orders.bin");
        Path[] itemFiles = new Path[DEDUPE_FILES];
        long orders = 0;
        long items = 0;
        OrderIdSample sample = new OrderIdSample();
        VersionRecords.Buffer buffer = new VersionRecords.Buffer();
        try (SpillFile ordersOut = new SpillFile(orderFile); SpillFiles itemsOut = new SpillFiles(folder, "items-",
                DEDUPE_FILES); PartReader reader = new PartReader(parts)) {
            for (int i = 0; i < DEDUPE_FILES; i++) {
                itemFiles[i] = itemsOut.path(i);
            }
            for (int part = 0; part < parts.count(); part++) {
                VersionBatch batch = reader.next();
                for (OrderFact order : batch.orders().values()) {
                    VersionRecords.write(ordersOut.out, order, buffer);
                    sample.offer(order.orderId());
                    orders++;
                }
                for (ItemVersion item : batch.items().values()) {
                    SpillFile file = itemsOut.file(Math.floorMod(item.itemId().hashCode() * 0x9E3779B9,
                            DEDUPE_FILES));
                    VersionRecords.write(file.out, item, buffer);
                    sample.offer(item.orderId());
                    items++;
                }
            }
        }
        int count = (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, (Math.max(orders, items) + sliceSize - 1)
                / sliceSize));
        String[] bounds = sample.bounds(count);
        count = bounds.length + 1;
        // the records are routed as they were written, never decoded: only their keys are read
        try (SpillFiles slices = new SpillFiles(folder, "slice-", count)) {
            try (DataInputStream in = open(orderFile)) {
                for (VersionRecords.Raw order; (order = VersionRecords.readRaw(in, false)) != null; ) {
                    slices.file(slice(bounds, order.key())).copy(ORDER, order);
                }
            }
            Files.delete(orderFile);
            Set<String> seen = new HashSet<>();
            for (Path itemFile : itemFiles) {
                try (DataInputStream in = open(itemFile)) {
                    for (VersionRecords.Raw item; (item = VersionRecords.readRaw(in, true)) != null; ) {
                        if (seen.add(item.key())) { // the first version of an item in the batch wins
                            slices.file(slice(bounds, item.orderId())).copy(ITEM, item);
                        }
                    }
                }
                seen.clear();
                Files.delete(itemFile);
            }
        }
        return new VersionSlices(List.of(), folder, count);
    }

    private static int slice(String[] bounds, String orderId) {
        int at = Arrays.binarySearch(bounds, orderId);
        return at >= 0 ? at + 1 : -at - 1;
    }

    /** How many slices there are. */
    int count() {
        return count;
    }

    /** Slice {@code index}, read into memory. */
    VersionBatch slice(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("slice " + index + " of " + count);
        }
        if (folder == null) {
            return inMemory.get(index);
        }
        try {
            return read(folder.resolve(SpillFiles.name("slice-", index)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read merge slice " + index + " under " + folder, e);
        }
    }

    @Override
    public void close() {
        if (folder != null) {
            delete(folder);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    private static VersionBatch read(Path file) throws IOException {
        VersionBatch batch = new VersionBatch();
        try (DataInputStream in = open(file)) {
            for (int tag; (tag = in.read()) >= 0; ) {
                byte[] payload = VersionRecords.readPayload(in);
                switch (tag) {
                    case ORDER -> batch.add(VersionRecords.order(payload));
                    case ITEM -> batch.add(VersionRecords.item(payload));
                    default -> throw new IOException("unknown record tag " + tag + " in " + file);
                }
            }
        }
        return batch;
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the merge slices under " + folder, e);
        }
    }

    /** A file of version records ({@link VersionRecords}), written through a buffer. */
    private static final class SpillFile implements AutoCloseable {
        private final DataOutputStream out;

        SpillFile(Path path) throws IOException {
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 14));
        }

        /** Appends {@code record} unchanged, after its kind. */
        void copy(int kind, VersionRecords.Raw record) throws IOException {
            out.writeByte(kind);
            VersionRecords.copy(out, record);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * The parts in order, each next one read (and decoded) on a background thread while the caller spills the
     * current one: the two cores share the work of the first pass.
     */
    private static final class PartReader implements AutoCloseable {
        private final VersionParts parts;
        private final ExecutorService background = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "merge-part-reader");
            thread.setDaemon(true);
            return thread;
        });
        private int next;
        private Future<VersionBatch> ahead;

        PartReader(VersionParts parts) {
            this.parts = parts;
            ahead = parts.count() > 0 ? readAhead() : null;
        }

        private Future<VersionBatch> readAhead() {
            int part = next++;
            return background.submit(() -> parts.read(part));
        }

        VersionBatch next() {
            if (ahead == null) {
                throw new IllegalStateException("all " + parts.count() + " parts were read");
            }
            VersionBatch batch;
            try {
                batch = ahead.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the run's version parts", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("cannot read a version part: " + e.getCause(), e.getCause());
            }
            ahead = next < parts.count() ? readAhead() : null;
            return batch;
        }

        @Override
        public void close() {
            background.shutdownNow();
        }
    }

    /** Numbered spill files in one folder, all open at once. */
    private static final class SpillFiles implements AutoCloseable {
        private final Path folder;
        private final String prefix;
        private final List<SpillFile> files = new ArrayList<>();

        SpillFiles(Path folder, String prefix, int count) throws IOException {
            this.folder = folder;
            this.prefix = prefix;
            try {
                for (int i = 0; i < count; i++) {
                    files.add(new SpillFile(path(i)));
                }
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        static String name(String prefix, int index) {
            return prefix + index + ".bin";
        }

        Path path(int index) {
            return folder.resolve(name(prefix, index));
        }

        SpillFile file(int index) {
            return files.get(index);
        }

        @Override
        public void close() throws IOException {
            IOException first = null;
            for (SpillFile file : files) {
                try {
                    file.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /** A uniform sample of the order ids a batch names, for slice ranges holding about as many versions each. */
    private static final class OrderIdSample {
        private final String[] ids = new String[SAMPLE];
        private final SplittableRandom random = new SplittableRandom(SAMPLE); // seeded: the same cut every time
        private long seen;

        void offer(String orderId) {
            if (seen < SAMPLE) {
                ids[(int) seen] = orderId;
            } else {
                long at = random.nextLong(seen + 1);
                if (at < SAMPLE) {
                    ids[(int) at] = orderId;
                }
            }
            seen++;
        }

        /** Up to {@code slices - 1} distinct sorted lower bounds of slices 1 and up. */
        String[] bounds(int slices) {
            String[] sorted = Arrays.copyOf(ids, (int) Math.min(seen, SAMPLE));
            Arrays.sort(sorted);
            List<String> bounds = new ArrayList<>();
            for (int s = 1; s < slices; s++) {
                String bound = sorted[(int) ((long) s * sorted.length / slices)];
                if (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(bound)) {
                    bounds.add(bound);
                }
            }
            return bounds.toArray(String[]::new);
        }
    }
}
