package org.ecomkpi.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oracle over runs that re-send orders and items (SPEC section 5, "Orders change"), on batches small enough
 * to work out by hand. Every test starts from the same first batch:
 * <pre>
 * o1 2024-03-01 u1 complete    i1 p1 10.00 complete
 * o2 2024-03-01 u2 delivered   i2 p2 20.00 (no state of its own: follows o2)
 * o3 2024-03-02 u3 complete    i3 p1  5.00 returned (by its own status)
 * catalogue: p1 Home, p2 Toys
 * </pre>
 */
class DuckDbKpiOracleCurrentVersionsTest {
    private static final LocalDate MARCH_1 = LocalDate.of(2024, 3, 1);
    private static final LocalDate MARCH_2 = LocalDate.of(2024, 3, 2);
    private static final String ORDERS = "order_id,user_id,created_at,status,returned_at";
    private static final String ITEMS = "id,order_id,product_id,sale_price,status,returned_at";
    /** An items file without status columns: every item in it takes its order's returned state. */
    private static final String BARE_ITEMS = "order_id,id,product_id,sale_price";
    private static final String PRODUCTS = "id,sku,cost,category,retail_price";

    @TempDir
    Path dir;

    private int files;
    private Path catalogue;
    private OracleBatch first;

    @BeforeEach
    void firstBatch() throws IOException {
        catalogue = csv(PRODUCTS, "p1,a1,1.00,Home,12.00", "p2,a2,1.00,Toys,30.00");
        first = new OracleBatch(
                List.of(csv(ORDERS,
                        "o1,u1,2024-03-01T10:00:00,complete,",
                        "o2,u2,2024-03-01 11:00:00 UTC,delivered,",
                        "o3,u3,2024-03-02 09:00:00+00:00,Complete,")),
                List.of(csv(ITEMS,
                        "i1,o1,p1,10.00,complete,",
                        "i2,o2,p2,20.00,,",
                        "i3,o3,p1,5.00,returned,")),
                List.of(catalogue));
    }

    @Test
    void oneBatchGivesWhatComputeGives() throws Exception {
        OracleKpis current = DuckDbKpiOracle.computeCurrent(List.of(first));
        assertEquals(DuckDbKpiOracle.compute(first.orders(), first.orderItems(), first.catalogue()), current);
        assertEquals(List.of(
                new OracleOrderDay(MARCH_1, 2, money("30.00"), 2, rate("0.0000"), 2),
                new OracleOrderDay(MARCH_2, 1, money("5.00"), 1, rate("0.0000"), 1)), current.orderDays());
        assertEquals(List.of(
                new OracleCategoryDay("Home", MARCH_1, money("10.00"), money("10.00"), rate("0.0000")),
                new OracleCategoryDay("Home", MARCH_2, money("5.00"), money("5.00"), rate("1.0000")),
                new OracleCategoryDay("Toys", MARCH_1, money("20.00"), money("20.00"), rate("0.0000"))),
                current.categoryDays());
    }

    @Test
    void lateReturnRaisesTheReturnRateOfTheOrdersDateAndItsItemsWithoutStateFollow() throws Exception {
        OracleBatch lateReturn = batch(orders("o2,u2,2024-03-01 11:00:00 UTC,returned,2024-03-20 08:00:00 UTC"));
        OracleKpis kpis = DuckDbKpiOracle.computeCurrent(List.of(first, lateReturn));
        // o2 is one order: counted once, now returned
        assertEquals(new OracleOrderDay(MARCH_1, 2, money("30.00"), 2, rate("0.5000"), 2), kpis.orderDay(MARCH_1).orElseThrow());
        // i2 has no state of its own and follows o2's current version
        assertEquals(new OracleCategoryDay("Toys", MARCH_1, money("20.00"), money("20.00"), rate("1.0000")),
                kpis.categoryDay("Toys", MARCH_1).orElseThrow());
        // i1 has its own status: o2's return does not touch it
        assertEquals(rate("0.0000"), kpis.categoryDay("Home", MARCH_1).orElseThrow().avgReturnRate());
    }

    @Test
    void cancelledReturnBringsTheRatesBack() throws Exception {
        OracleBatch lateReturn = batch(orders("o2,u2,2024-03-01 11:00:00 UTC,returned,2024-03-20 08:00:00 UTC"));
        OracleBatch cancelled = batch(orders("o2,u2,2024-03-01 11:00:00 UTC,Complete,"));
        assertEquals(DuckDbKpiOracle.computeCurrent(List.of(first)),
                DuckDbKpiOracle.computeCurrent(List.of(first, lateReturn, cancelled)));
    }

    @Test
    void movingTheOnlyOrderOfADateAwayRemovesThatDatesRows() throws Exception {
        OracleBatch moved = batch(orders("o3,u3,2024-03-01 09:00:00+00:00,Complete,"));
        OracleKpis kpis = DuckDbKpiOracle.computeCurrent(List.of(first, moved));
        assertEquals(Optional.empty(), kpis.orderDay(MARCH_2), "no row left at zero");
        assertEquals(Optional.empty(), kpis.categoryDay("Home", MARCH_2));
        // o3 and its item i3 moved with it: 10.00 + 20.00 + 5.00, customers u1, u2, u3
        assertEquals(List.of(new OracleOrderDay(MARCH_1, 3, money("35.00"), 3, rate("0.0000"), 3)), kpis.orderDays());
        // i1 (o1) and i3 (o3, returned by its own status): 15.00 over 2 orders
        assertEquals(new OracleCategoryDay("Home", MARCH_1, money("15.00"), money("7.50"), rate("0.5000")),
                kpis.categoryDay("Home", MARCH_1).orElseThrow());
    }

    @Test
    void anOrderMovedAwayAndBackRestoresTheRowsExactly() throws Exception {
        OracleBatch away = batch(orders("o3,u3,2024-03-01 09:00:00+00:00,Complete,"));
        OracleBatch back = batch(orders("o3,u3,2024-03-02T09:00:00Z,complete,"));
        assertEquals(DuckDbKpiOracle.computeCurrent(List.of(first)),
                DuckDbKpiOracle.computeCurrent(List.of(first, away, back)));
    }

    @Test
    void correctedCustomerChangesUniqueCustomersOfTheDate() throws Exception {
        OracleBatch corrected = batch(orders("o2,u1,2024-03-01 11:00:00 UTC,delivered,"));
        OracleKpis kpis = DuckDbKpiOracle.computeCurrent(List.of(first, corrected));
        assertEquals(new OracleOrderDay(MARCH_1, 2, money("30.00"), 2, rate("0.0000"), 1), kpis.orderDay(MARCH_1).orElseThrow(),
                "o1 and o2 are both u1's now");
        // a customer moved to another date with the order: u1 now on both dates
        OracleBatch moved = batch(orders("o2,u1,2024-03-02 11:00:00 UTC,delivered,"));
        OracleKpis after = DuckDbKpiOracle.computeCurrent(List.of(first, corrected, moved));
        assertEquals(1, after.orderDay(MARCH_1).orElseThrow().uniqueCustomers());
        assertEquals(new OracleOrderDay(MARCH_2, 2, money("25.00"), 2, rate("0.0000"), 2), after.orderDay(MARCH_2).orElseThrow());
    }

    @Test
    void lateItemCountsOnItsOrdersCurrentDate() throws Exception {
        // o3 is not in the batch: i4 relies on o3 being current from the first batch
        OracleBatch lateItem = batch(List.of(), items(BARE_ITEMS, "o3,i4,p2,7.50"));
        OracleKpis kpis = DuckDbKpiOracle.computeCurrent(List.of(first, lateItem));
        assertEquals(new OracleOrderDay(MARCH_2, 1, money("12.50"), 2, rate("0.0000"), 1), kpis.orderDay(MARCH_2).orElseThrow());
        assertEquals(new OracleCategoryDay("Toys", MARCH_2, money("7.50"), money("7.50"), rate("0.0000")),
                kpis.categoryDay("Toys", MARCH_2).orElseThrow());
        // a later move of o3 takes both its items along
        OracleBatch moved = batch(orders("o3,u3,2024-03-01 09:00:00+00:00,Complete,"));
        OracleKpis after = DuckDbKpiOracle.computeCurrent(List.of(first, lateItem, moved));
        assertEquals(List.of(new OracleOrderDay(MARCH_1, 3, money("42.50"), 4, rate("0.0000"), 3)), after.orderDays());
        assertEquals(new OracleCategoryDay("Toys", MARCH_1, money("27.50"), money("13.75"), rate("0.0000")),
                after.categoryDay("Toys", MARCH_1).orElseThrow());
    }

    @Test
    void priceCorrectionReplacesTheItemsRevenueAndItsStateWithTheNewVersions() throws Exception {
        OracleBatch corrected = batch(List.of(),
                items(ITEMS, "i1,o1,p1,12.00,returned,"),  // own status now returned
                items(BARE_ITEMS, "o3,i3,p1,6.00"));         // no state of its own any more: follows o3, not returned
        OracleKpis kpis = DuckDbKpiOracle.computeCurrent(List.of(first, corrected));
        assertEquals(new OracleOrderDay(MARCH_1, 2, money("32.00"), 2, rate("0.0000"), 2), kpis.orderDay(MARCH_1).orElseThrow(),
                "the item is counted once, at its new price");
        assertEquals(new OracleOrderDay(MARCH_2, 1, money("6.00"), 1, rate("0.0000"), 1), kpis.orderDay(MARCH_2).orElseThrow());
        assertEquals(new OracleCategoryDay("Home", MARCH_1, money("12.00"), money("12.00"), rate("1.0000")),
                kpis.categoryDay("Home", MARCH_1).orElseThrow());
        assertEquals(new OracleCategoryDay("Home", MARCH_2, money("6.00"), money("6.00"), rate("0.0000")),
                kpis.categoryDay("Home", MARCH_2).orElseThrow());
    }

    @Test
    void recategorisationDoesNotRewriteHistory() throws Exception {
        Path recategorised = csv(PRODUCTS, "p1,a1,1.00,Garden,12.00", "p2,a2,1.00,Toys,30.00");
        // batch 2: p1 becomes Garden; a late item of o1 is accepted under the new catalogue
        OracleBatch second = new OracleBatch(List.of(), List.of(items(ITEMS, "i5,o1,p1,4.00,complete,")),
                List.of(recategorised));
        OracleKpis kpis = DuckDbKpiOracle.computeCurrent(List.of(first, second));
        assertEquals(new OracleCategoryDay("Home", MARCH_1, money("10.00"), money("10.00"), rate("0.0000")),
                kpis.categoryDay("Home", MARCH_1).orElseThrow(), "i1 keeps the category it was accepted with");
        assertEquals(new OracleCategoryDay("Home", MARCH_2, money("5.00"), money("5.00"), rate("1.0000")),
                kpis.categoryDay("Home", MARCH_2).orElseThrow(), "so does i3");
        assertEquals(new OracleCategoryDay("Garden", MARCH_1, money("4.00"), money("4.00"), rate("0.0000")),
                kpis.categoryDay("Garden", MARCH_1).orElseThrow());
        // batch 3, catalogue unchanged since batch 2: a new version of i1 is accepted as Garden
        OracleBatch third = new OracleBatch(List.of(), List.of(items(ITEMS, "i1,o1,p1,11.00,complete,")),
                List.of(recategorised));
        OracleKpis after = DuckDbKpiOracle.computeCurrent(List.of(first, second, third));
        assertEquals(Optional.empty(), after.categoryDay("Home", MARCH_1), "i1's only Home version is no longer current");
        assertEquals(new OracleCategoryDay("Garden", MARCH_1, money("15.00"), money("15.00"), rate("0.0000")),
                after.categoryDay("Garden", MARCH_1).orElseThrow());
        assertEquals(new OracleCategoryDay("Home", MARCH_2, money("5.00"), money("5.00"), rate("1.0000")),
                after.categoryDay("Home", MARCH_2).orElseThrow());
    }

    @Test
    void resendingUnchangedRowsChangesNothing() throws Exception {
        OracleBatch resent = batch(orders("o1,u1,2024-03-01T10:00:00,complete,", "o3,u3,2024-03-02 09:00:00+00:00,Complete,"),
                items(ITEMS, "i1,o1,p1,10.00,complete,", "i3,o3,p1,5.00,returned,"));
        assertEquals(DuckDbKpiOracle.computeCurrent(List.of(first)), DuckDbKpiOracle.computeCurrent(List.of(first, resent, resent)));
    }

    @Test
    void aBatchThatAcceptedNothingChangesNothing() throws Exception {
        OracleBatch headersOnly = batch(orders(), items(ITEMS), items(BARE_ITEMS));
        OracleBatch noFiles = new OracleBatch(List.of(), List.of(), List.of(catalogue));
        assertEquals(DuckDbKpiOracle.computeCurrent(List.of(first)),
                DuckDbKpiOracle.computeCurrent(List.of(first, headersOnly, noFiles)));
    }

    @Test
    void theLatestBatchWins() throws Exception {
        OracleBatch second = batch(orders("o2,u1,2024-03-01 11:00:00 UTC,delivered,"));
        OracleBatch third = new OracleBatch(
                List.of(csv(ORDERS, "o1,u1,2024-03-01T10:00:00,complete,"), csv(ORDERS, "o2,u2,2024-03-01 11:00:00 UTC,delivered,")),
                List.of(), List.of(catalogue));
        assertEquals(DuckDbKpiOracle.computeCurrent(List.of(first)), DuckDbKpiOracle.computeCurrent(List.of(first, second, third)));
        assertEquals(1, DuckDbKpiOracle.computeCurrent(List.of(first, third, second)).orderDay(MARCH_1).orElseThrow().uniqueCustomers(),
                "o1 and o2 both u1's after the last batch");
    }

    @Test
    void batchesThatCannotBeAcceptedRowsAreRefused() throws Exception {
        assertRefused("order_id accepted twice in one batch",
                batch(orders("o1,u1,2024-03-01T10:00:00,complete,", "o1,u2,2024-03-01T10:00:00,complete,")));
        assertRefused("order item id accepted twice in one batch",
                batch(List.of(), items(ITEMS, "i1,o1,p1,1.00,,"), items(BARE_ITEMS, "o1,i1,p1,2.00")));
        assertRefused("item accepted before any version of its order", batch(List.of(), items(BARE_ITEMS, "o9,i9,p1,1.00")));
        assertRefused("item whose product is not in the catalogue of its batch",
                batch(List.of(), items(BARE_ITEMS, "o1,i9,p3,1.00")));
        // the order arrives one batch after its item: the item was never valid
        OracleBatch early = batch(List.of(), items(BARE_ITEMS, "o9,i9,p1,1.00"));
        OracleBatch late = batch(orders("o9,u9,2024-03-01T10:00:00,complete,"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DuckDbKpiOracle.computeCurrent(List.of(first, early, late)));
        assertTrue(error.getMessage().contains("i9 in batch 2"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DuckDbKpiOracle.computeCurrent(List.of()));
    }

    private void assertRefused(String problem, OracleBatch second) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DuckDbKpiOracle.computeCurrent(List.of(first, second)));
        assertTrue(error.getMessage().contains(problem), error.getMessage());
    }

    /** A batch of the given orders and item files, accepted under the first batch's catalogue. */
    private OracleBatch batch(List<Path> orders, Path... itemFiles) {
        return new OracleBatch(orders, List.of(itemFiles), List.of(catalogue));
    }

    private List<Path> orders(String... rows) throws IOException {
        return List.of(csv(ORDERS, rows));
    }

    private Path items(String header, String... rows) throws IOException {
        return csv(header, rows);
    }

    private Path csv(String header, String... rows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(List.of(rows));
        Path file = dir.resolve("file-" + (++files) + ".csv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    private static BigDecimal rate(String value) {
        return new BigDecimal(value);
    }
}
