package org.ecomkpi.example;

// README:start
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import org.ecomkpi.csv.CsvRowReader;
import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.kpi.KpiLedger;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.kpi.OrderFact;
import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Order;
import org.ecomkpi.rules.AcceptedItem;
import org.ecomkpi.rules.BatchValidator;
import org.ecomkpi.rules.ProductCatalogue;
import org.ecomkpi.rules.Verdict;

/** Daily order KPIs of one drop: products.csv, orders.csv, order_items.csv. */
public final class EmbeddingExample {
    public static void main(String[] args) throws IOException {
        BatchValidator batch = new BatchValidator(new ProductCatalogue(), Instant.now());
        VersionBatch versions = new VersionBatch();

        batch.startProductsFile();
        read(Path.of(args[0]), FileType.PRODUCTS, batch::product);
        read(Path.of(args[1]), FileType.ORDERS, row -> {
            Verdict<Order> verdict = batch.order(row);
            if (verdict instanceof Verdict.Accepted<Order> accepted) {
                versions.add(OrderFact.of(accepted.row()));
            }
            return verdict;
        });
        read(Path.of(args[2]), FileType.ORDER_ITEMS, row -> {
            Verdict<AcceptedItem> verdict = batch.item(row);
            if (verdict instanceof Verdict.Accepted<AcceptedItem> accepted) {
                versions.add(accepted.row().version());
            }
            return verdict;
        });

        KpiLedger kpis = new KpiLedger();   // keep it: later batches with new versions of these orders go in too
        kpis.apply(versions);
        for (OrderDayKpi day : kpis.orderKpis()) {
            System.out.println(day.orderDate() + " orders=" + day.totalOrders() + " revenue=" + day.totalRevenue()
                    + " items=" + day.totalItemsSold() + " returnRate=" + day.returnRate()
                    + " customers=" + day.uniqueCustomers());
        }
    }

    /** Streams a file's rows through a validation; rejected rows are printed with their rule and line. */
    private static void read(Path file, FileType type, Function<SourceRow, Verdict<?>> validate) throws IOException {
        try (InputStream in = Files.newInputStream(file);
             CsvRowReader reader = CsvRowReader.open(in, file.toString(), type)) {
            for (Optional<SourceRow> row = reader.next(); row.isPresent(); row = reader.next()) {
                if (validate.apply(row.get()) instanceof Verdict.Rejected<?> rejected) {
                    System.err.println(file + ":" + row.get().line() + " " + rejected.rule() + ": " + rejected.message());
                }
            }
        }
    }
}
// README:end
