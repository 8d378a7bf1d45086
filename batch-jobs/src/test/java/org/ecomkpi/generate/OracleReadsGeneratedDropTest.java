package org.ecomkpi.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.ecomkpi.oracle.DuckDbKpiOracle;
import org.ecomkpi.oracle.OracleKpis;
import org.ecomkpi.oracle.OracleOrderDay;
import org.ecomkpi.row.FileType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean generated drop is all accepted rows, so the oracle can read its quirky files directly; its order
 * table must match a plain Java tally of the same rows (read with Commons CSV).
 */
class OracleReadsGeneratedDropTest {
    @TempDir
    Path dir;

    @Test
    void oracleOrderTableMatchesAPlainTallyOfACleanGeneratedDrop() throws Exception {
        DropSummary summary = new DropGenerator(DropSpec.builder(400, 4, 17L).build()).write(dir);
        List<GeneratedFile> files = GeneratedFile.readAll(dir);

        Map<String, LocalDate> dateOf = new HashMap<>();
        Map<LocalDate, long[]> ordersAndReturned = new TreeMap<>();
        Map<LocalDate, Set<String>> customers = new HashMap<>();
        for (GeneratedFile file : of(files, FileType.ORDERS)) {
            for (Map<String, String> row : file.rows()) {
                LocalDate date = LocalDate.ofInstant(
                        ReferenceRules.instant(row.get("created_at")).orElseThrow(), ZoneOffset.UTC);
                dateOf.put(row.get("order_id"), date);
                boolean returned = row.get("status").toLowerCase(Locale.ROOT).equals("returned")
                        || !GeneratedFile.value(row, "returned_at").isBlank();
                long[] counts = ordersAndReturned.computeIfAbsent(date, d -> new long[2]);
                counts[0]++;
                counts[1] += returned ? 1 : 0;
                customers.computeIfAbsent(date, d -> new HashSet<>()).add(row.get("user_id"));
            }
        }
        Map<LocalDate, BigDecimal> revenue = new HashMap<>();
        Map<LocalDate, Long> items = new HashMap<>();
        for (GeneratedFile file : of(files, FileType.ORDER_ITEMS)) {
            for (Map<String, String> row : file.rows()) {
                LocalDate date = dateOf.get(row.get("order_id"));
                revenue.merge(date, new BigDecimal(row.get("sale_price")), BigDecimal::add);
                items.merge(date, 1L, Long::sum);
            }
        }

        OracleKpis kpis = DuckDbKpiOracle.compute(paths(files, FileType.ORDERS), paths(files, FileType.ORDER_ITEMS),
                paths(files, FileType.PRODUCTS));

        List<OracleOrderDay> expected = ordersAndReturned.entrySet().stream().map(e -> new OracleOrderDay(
                e.getKey(), e.getValue()[0], revenue.get(e.getKey()).setScale(2, RoundingMode.HALF_UP),
                items.get(e.getKey()),
                BigDecimal.valueOf(e.getValue()[1]).divide(BigDecimal.valueOf(e.getValue()[0]), 4, RoundingMode.HALF_UP),
                customers.get(e.getKey()).size())).toList();
        assertEquals(expected, kpis.orderDays());
        assertEquals(summary.rowsWritten(FileType.ORDER_ITEMS),
                kpis.orderDays().stream().mapToLong(OracleOrderDay::totalItemsSold).sum());
        assertEquals(kpis.orderDays().stream().map(OracleOrderDay::totalRevenue).reduce(BigDecimal.ZERO, BigDecimal::add),
                kpis.categoryDays().stream().map(d -> d.dailyRevenue()).reduce(BigDecimal.ZERO, BigDecimal::add),
                "every item's revenue lands in exactly one category day");
    }

    private static List<GeneratedFile> of(List<GeneratedFile> files, FileType type) {
        return files.stream().filter(f -> f.type() == type).toList();
    }

    private static List<Path> paths(List<GeneratedFile> files, FileType type) {
        return of(files, type).stream().map(GeneratedFile::path).toList();
    }
}
