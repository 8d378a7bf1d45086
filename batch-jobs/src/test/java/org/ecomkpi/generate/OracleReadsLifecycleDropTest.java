package org.ecomkpi.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.ecomkpi.oracle.DuckDbKpiOracle;
import org.ecomkpi.oracle.OracleBatch;
import org.ecomkpi.oracle.OracleCategoryDay;
import org.ecomkpi.oracle.OracleKpis;
import org.ecomkpi.oracle.OracleOrderDay;
import org.ecomkpi.row.FileType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oracle over a generated lifecycle drop, fed the reference accepted rows of each batch, must match a plain
 * Java replay of the current versions (read back with Commons CSV): the SQL and the replay state SPEC section 5
 * independently, and the generated changes exercise every clause of "Orders change".
 */
class OracleReadsLifecycleDropTest {
    @TempDir
    Path dir;

    @Test
    void oracleOverCurrentVersionsMatchesAPlainReplayOfALifecycleDrop() throws Exception {
        DropSpec spec = DropSpec.builder(900, 5, 31L).badRowsPerRule(2).build();
        List<DropSummary> batches = new DropGenerator(spec).writeLifecycle(dir.resolve("drop"), 3);
        List<OracleBatch> accepted = ReferenceAcceptedRows.write(batches, spec.now(), dir.resolve("accepted"));

        OracleKpis oracle = DuckDbKpiOracle.computeCurrent(accepted);
        Replay replay = new Replay(accepted);

        assertEquals(replay.orderDays(), oracle.orderDays());
        assertEquals(replay.categoryDays(), oracle.categoryDays());
        OracleKpis baseOnly = DuckDbKpiOracle.computeCurrent(accepted.subList(0, 1));
        assertNotEquals(baseOnly.orderDays(), oracle.orderDays(), "the change batches change the order table");
        List<OracleBatch> historyRewritten = accepted.stream().map(b -> new OracleBatch(b.orders(), b.orderItems(),
                accepted.get(accepted.size() - 1).catalogue())).toList();
        assertNotEquals(DuckDbKpiOracle.computeCurrent(historyRewritten).categoryDays(), oracle.categoryDays(),
                "items keep the category of the batch that accepted them");
    }

    /** Current versions kept in maps, batch after batch; then the definitions, counted by hand. */
    private static final class Replay {
        private final Map<String, Map<String, String>> orders = new HashMap<>();
        private final Map<String, Map<String, String>> items = new HashMap<>();
        private final Map<String, String> categoryOfItem = new HashMap<>();

        Replay(List<OracleBatch> batches) throws IOException {
            for (OracleBatch batch : batches) {
                Map<String, String> catalogue = new HashMap<>();
                for (Map<String, String> product : GeneratedFile.read(batch.catalogue().get(0), FileType.PRODUCTS).rows()) {
                    catalogue.put(product.get("id"), product.get("category"));
                }
                for (Path file : batch.orders()) {
                    GeneratedFile.read(file, FileType.ORDERS).rows().forEach(row -> orders.put(row.get("order_id").strip(), row));
                }
                for (Path file : batch.orderItems()) {
                    for (Map<String, String> row : GeneratedFile.read(file, FileType.ORDER_ITEMS).rows()) {
                        String id = row.get("id").strip();
                        items.put(id, row);
                        categoryOfItem.put(id, catalogue.get(row.get("product_id").strip()));
                    }
                }
            }
        }

        List<OracleOrderDay> orderDays() {
            Map<LocalDate, long[]> ordersAndReturned = new TreeMap<>();
            Map<LocalDate, Set<String>> customers = new HashMap<>();
            Map<LocalDate, BigDecimal> revenue = new HashMap<>();
            Map<LocalDate, Long> sold = new HashMap<>();
            orders.values().forEach(order -> {
                long[] counts = ordersAndReturned.computeIfAbsent(date(order), d -> new long[2]);
                counts[0]++;
                counts[1] += returned(order) ? 1 : 0;
                customers.computeIfAbsent(date(order), d -> new HashSet<>()).add(order.get("user_id").strip());
            });
            items.values().forEach(item -> {
                LocalDate date = date(orderOf(item));
                revenue.merge(date, price(item), BigDecimal::add);
                sold.merge(date, 1L, Long::sum);
            });
            List<OracleOrderDay> days = new ArrayList<>();
            ordersAndReturned.forEach((date, counts) -> days.add(new OracleOrderDay(date, counts[0],
                    revenue.getOrDefault(date, BigDecimal.ZERO).setScale(2, RoundingMode.HALF_UP), sold.getOrDefault(date, 0L),
                    ratio(counts[1], counts[0]), customers.get(date).size())));
            return days;
        }

        List<OracleCategoryDay> categoryDays() {
            record Key(String category, LocalDate date) {
            }
            Map<Key, BigDecimal> revenue = new HashMap<>();
            Map<Key, Set<String>> ordersOfKey = new HashMap<>();
            Map<Key, long[]> itemsAndReturned = new HashMap<>();
            items.forEach((id, item) -> {
                Map<String, String> order = orderOf(item);
                Key key = new Key(categoryOfItem.get(id), date(order));
                revenue.merge(key, price(item), BigDecimal::add);
                ordersOfKey.computeIfAbsent(key, k -> new HashSet<>()).add(item.get("order_id").strip());
                long[] counts = itemsAndReturned.computeIfAbsent(key, k -> new long[2]);
                counts[0]++;
                String status = GeneratedFile.value(item, "status").strip();
                String returnedAt = GeneratedFile.value(item, "returned_at").strip();
                boolean returned = status.isEmpty() && returnedAt.isEmpty() ? returned(order)
                        : status.equalsIgnoreCase("returned") || !returnedAt.isEmpty();
                counts[1] += returned ? 1 : 0;
            });
            return revenue.keySet().stream()
                    .sorted(Comparator.comparing(Key::category).thenComparing(Key::date))
                    .map(key -> new OracleCategoryDay(key.category(), key.date(),
                            revenue.get(key).setScale(2, RoundingMode.HALF_UP),
                            revenue.get(key).divide(BigDecimal.valueOf(ordersOfKey.get(key).size()), 2, RoundingMode.HALF_UP),
                            ratio(itemsAndReturned.get(key)[1], itemsAndReturned.get(key)[0])))
                    .toList();
        }

        private Map<String, String> orderOf(Map<String, String> item) {
            return orders.get(item.get("order_id").strip());
        }

        private static LocalDate date(Map<String, String> order) {
            return LocalDate.ofInstant(ReferenceRules.instant(order.get("created_at").strip()).orElseThrow(), ZoneOffset.UTC);
        }

        private static boolean returned(Map<String, String> order) {
            return order.get("status").strip().equalsIgnoreCase("returned")
                    || !GeneratedFile.value(order, "returned_at").isBlank();
        }

        private static BigDecimal price(Map<String, String> item) {
            return new BigDecimal(item.get("sale_price").strip());
        }

        private static BigDecimal ratio(long part, long whole) {
            return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
        }
    }
}
