package org.ecomkpi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.ecomkpi.csv.CsvRowReader;
import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.kpi.KpiLedger;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.kpi.OrderFact;
import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Order;
import org.ecomkpi.rules.AcceptedItem;
import org.ecomkpi.rules.BatchValidator;
import org.ecomkpi.rules.ProductCatalogue;
import org.ecomkpi.rules.RuleCode;
import org.ecomkpi.rules.Verdict;

/**
 * kpi-lib over a whole drop folder ({@code landing-data/...}) in one thread, the way an embedding application
 * would use it: products files oldest first, then orders, then items; every row accepted or rejected; the
 * accepted facts aggregated. Used by the oracle test, the property test and the throughput harness.
 */
public final class DropRun {
    public final VersionBatch versions = new VersionBatch();
    /** The KPIs of the accepted versions, once the whole drop is read. */
    public KpiLedger kpis;
    public final Map<FileType, Long> read = new EnumMap<>(FileType.class);
    public final Map<FileType, Long> accepted = new EnumMap<>(FileType.class);
    public final Map<RuleCode, Long> rejected = new EnumMap<>(RuleCode.class);
    public final List<OrderFact> orderFacts = new ArrayList<>();
    public final List<AcceptedItem> items = new ArrayList<>();
    public long itemCountMismatches;
    public long bytes;
    public BatchValidator validator;

    /** Called with each accepted source row (for writing the oracle's input), when set. */
    public interface AcceptedRows {
        void accept(FileType type, SourceRow row);
    }

    public static DropRun of(Path landing, Instant now, boolean keepFacts, Optional<AcceptedRows> sink) {
        return of(landing, now, new ProductCatalogue(), new KpiLedger(), keepFacts, sink);
    }

    /**
     * One batch of a sequence: validated against {@code catalogue} (which takes the batch's products) and the
     * orders current in {@code ledger} (late items), and applied to {@code ledger} at the end.
     */
    public static DropRun of(Path landing, Instant now, ProductCatalogue catalogue, KpiLedger ledger,
                             boolean keepFacts, Optional<AcceptedRows> sink) {
        DropRun run = new DropRun();
        run.kpis = ledger;
        run.validator = new BatchValidator(catalogue, now, id -> ledger.order(id).isPresent(), 1 << 16);
        for (Path file : files(landing, FileType.PRODUCTS)) {
            run.validator.startProductsFile();
            run.read(landing, file, FileType.PRODUCTS, row -> {
                Verdict<?> v = run.validator.product(row);
                run.count(FileType.PRODUCTS, row, v, sink);
            });
        }
        for (Path file : files(landing, FileType.ORDERS)) {
            run.read(landing, file, FileType.ORDERS, row -> {
                Verdict<Order> v = run.validator.order(row);
                if (v instanceof Verdict.Accepted<Order> a) {
                    OrderFact fact = OrderFact.of(a.row());
                    run.versions.add(fact);
                    if (keepFacts) {
                        run.orderFacts.add(fact);
                    }
                }
                run.count(FileType.ORDERS, row, v, sink);
            });
        }
        for (Path file : files(landing, FileType.ORDER_ITEMS)) {
            run.read(landing, file, FileType.ORDER_ITEMS, row -> {
                Verdict<AcceptedItem> v = run.validator.item(row);
                if (v instanceof Verdict.Accepted<AcceptedItem> a) {
                    run.versions.add(a.row().version());
                    if (keepFacts) {
                        run.items.add(a.row());
                    }
                }
                run.count(FileType.ORDER_ITEMS, row, v, sink);
            });
        }
        run.itemCountMismatches = run.validator.itemCountMismatches();
        run.kpis.apply(run.versions);
        return run;
    }

    private void count(FileType type, SourceRow row, Verdict<?> verdict, Optional<AcceptedRows> sink) {
        read.merge(type, 1L, Long::sum);
        if (verdict instanceof Verdict.Rejected<?> r) {
            rejected.merge(r.rule(), 1L, Long::sum);
        } else {
            accepted.merge(type, 1L, Long::sum);
            sink.ifPresent(s -> s.accept(type, row));
        }
    }

    private void read(Path landing, Path file, FileType type, Consumer<SourceRow> each) {
        String name = landing.relativize(file).toString();
        try (InputStream in = Files.newInputStream(file);
             CsvRowReader reader = CsvRowReader.open(in, name, type)) {
            bytes += Files.size(file);
            for (Optional<SourceRow> row = reader.next(); row.isPresent(); row = reader.next()) {
                each.accept(row.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The drop's files of a type in reading order: by name; products oldest first so the newest wins. */
    public static List<Path> files(Path landing, FileType type) {
        List<Path> found = new ArrayList<>();
        Path folder = landing.resolve(type.folder());
        if (Files.isDirectory(folder)) {
            try (Stream<Path> s = Files.list(folder)) {
                s.filter(p -> p.toString().endsWith(".csv")).forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (type == FileType.PRODUCTS && Files.exists(landing.resolve("products.csv"))) {
            found.add(landing.resolve("products.csv"));
        }
        Comparator<Path> order = type == FileType.PRODUCTS
                ? Comparator.comparing(DropRun::modified).thenComparing(Path::toString)
                : Comparator.comparing(Path::toString);
        found.sort(order);
        return found;
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<String, Long> summary() {
        Map<String, Long> s = new LinkedHashMap<>();
        read.forEach((t, n) -> s.put(t.folder() + ".read", n));
        accepted.forEach((t, n) -> s.put(t.folder() + ".accepted", n));
        return s;
    }
}
