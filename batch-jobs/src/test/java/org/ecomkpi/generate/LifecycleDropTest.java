package org.ecomkpi.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.ecomkpi.row.FileType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle drop has the promised shape, read back from its files alone: the base batch is the plain drop,
 * every change batch makes every kind of change a few times, exactly as many as its summary says, and its rows
 * are valid (but for the planted second occurrences), reference only orders of earlier batches and never lie
 * after now.
 */
class LifecycleDropTest {
    private static final DropSpec SPEC = DropSpec.builder(600, 6, 23L).badRowsPerRule(2).build();
    private static final int CHANGE_BATCHES = 3;

    @TempDir
    static Path dir;

    static List<DropSummary> batches;

    @BeforeAll
    static void writeALifecycleDrop() throws IOException {
        batches = new DropGenerator(SPEC).writeLifecycle(dir.resolve("life"), CHANGE_BATCHES);
    }

    @Test
    void theFirstBatchIsTheDropThatWriteWrites() throws IOException {
        DropSummary plain = new DropGenerator(SPEC).write(dir.resolve("plain"));
        DropSummary first = batches.get(0);
        assertEquals(dir.resolve("life/batch-1"), first.root());
        assertEquals(plain.files().size(), first.files().size());
        for (int i = 0; i < plain.files().size(); i++) {
            assertEquals(plain.root().relativize(plain.files().get(i)), first.root().relativize(first.files().get(i)));
            assertArrayEquals(Files.readAllBytes(plain.files().get(i)), Files.readAllBytes(first.files().get(i)));
        }
        assertEquals(plain.rowsWritten(), first.rowsWritten());
        assertEquals(plain.injected(), first.injected());
        assertEquals(Map.of(), first.changes());
    }

    @Test
    void theSameSpecWritesByteIdenticalBatchesAndAnotherSeedOthers() throws IOException {
        List<DropSummary> again = new DropGenerator(SPEC).writeLifecycle(dir.resolve("again"), CHANGE_BATCHES);
        assertEquals(batches.size(), again.size());
        for (int b = 0; b < batches.size(); b++) {
            assertEquals(batches.get(b).changes(), again.get(b).changes());
            List<Path> files = batches.get(b).files();
            assertEquals(files.size(), again.get(b).files().size());
            for (int i = 0; i < files.size(); i++) {
                assertArrayEquals(Files.readAllBytes(files.get(i)), Files.readAllBytes(again.get(b).files().get(i)),
                        "file " + files.get(i));
            }
        }
        List<DropSummary> other = new DropGenerator(DropSpec.builder(600, 6, 24L).badRowsPerRule(2).build())
                .writeLifecycle(dir.resolve("other"), 1);
        assertNotEquals(Files.readString(batches.get(1).files().get(1)), Files.readString(other.get(1).files().get(1)));
    }

    @Test
    void everyChangeBatchMakesEveryChangeAFewTimesInItsFourFiles() throws IOException {
        assertEquals(CHANGE_BATCHES + 1, batches.size());
        for (int b = 1; b < batches.size(); b++) {
            DropSummary batch = batches.get(b);
            assertEquals(dir.resolve("life/batch-" + (b + 1)), batch.root());
            for (Change change : Change.values()) {
                long least = change != Change.CREATED_AT_RESTORED ? 2 : b == 1 ? 0 : 1;
                assertTrue(batch.changes(change) >= least, change + " in batch " + (b + 1) + ": " + batch.changes());
            }
            if (b == 1) {
                assertEquals(0, batch.changes(Change.CREATED_AT_RESTORED), "nothing moved yet to restore");
            }
            Set<String> written = batch.files().stream()
                    .map(f -> batch.root().relativize(f).toString().replace('\\', '/')).collect(Collectors.toSet());
            assertEquals(Set.of("landing-data/products.csv", "landing-data/orders/orders-001.csv",
                    "landing-data/order_items/order_items-001.csv", "landing-data/order_items/order_items-002.csv"), written);
            List<GeneratedFile> files = GeneratedFile.readAll(batch.root());
            List<String> withStatus = normalised(files.get(2).header());
            List<String> without = normalised(files.get(3).header());
            assertTrue(withStatus.contains("status") && withStatus.contains("returned_at"), withStatus.toString());
            assertFalse(without.contains("status") || without.contains("returned_at"), without.toString());
            // the late returns and the price corrections are a few percent of the drop, not a handful
            assertTrue(batch.changes(Change.LATE_RETURN) >= 600 / 50);
            assertTrue(batch.rowsWritten(FileType.ORDERS) < 600 / 5, "a change batch re-sends a minority of the orders");
        }
    }

    /**
     * Replays the current versions from the files, classifies every change row against the version it replaces
     * and counts the kinds: they must be the summary's counts.
     */
    @Test
    void theFilesMakeExactlyTheChangesTheSummariesCount() throws IOException {
        ReferenceRules rules = new ReferenceRules(SPEC.now());
        Map<String, Map<String, String>> orders = new HashMap<>();
        Map<String, Instant> originalCreated = new HashMap<>();
        Map<String, Map<String, String>> items = new HashMap<>();
        Map<String, String> categories = new HashMap<>();
        Set<String> returnedByChange = new HashSet<>();
        for (int b = 0; b < batches.size(); b++) {
            List<GeneratedFile> files = GeneratedFile.readAll(batches.get(b).root());
            Map<String, Long> sent = files.stream().filter(f -> f.type() == FileType.ORDERS)
                    .flatMap(f -> f.rows().stream()).collect(Collectors.groupingBy(r -> r.get("order_id"), Collectors.counting()));
            Map<Change, Long> seen = new EnumMap<>(Change.class);
            Set<String> cancelled = new HashSet<>();
            Set<String> lateReturns = new HashSet<>();
            for (ReferenceRules.AcceptedRows accepted : rules.batch(files)) {
                boolean withStatus = normalised(accepted.file().header()).contains("status");
                for (Map<String, String> row : accepted.rows()) {
                    switch (accepted.file().type()) {
                        case PRODUCTS -> {
                            String id = row.get("id").strip();
                            if (b > 0 && !row.get("category").equals(categories.get(id))) {
                                count(seen, Change.PRODUCT_RECATEGORISED);
                            }
                            categories.put(id, row.get("category"));
                        }
                        case ORDERS -> {
                            String id = row.get("order_id");
                            if (b == 0) {
                                originalCreated.put(id, instant(row, "created_at"));
                            } else if (sent.get(id) == 2) {
                                count(seen, Change.RESENT_TWICE);
                            } else {
                                Change change = classify(orders.get(id), row, originalCreated.get(id));
                                count(seen, change);
                                if (change == Change.LATE_RETURN) {
                                    lateReturns.add(id);
                                } else if (change == Change.RETURN_CANCELLED) {
                                    cancelled.add(id);
                                }
                            }
                            orders.put(id, row);
                        }
                        case ORDER_ITEMS -> {
                            String id = row.get("id");
                            Map<String, String> previous = items.get(id);
                            if (b > 0 && previous == null) {
                                count(seen, Change.LATE_ITEM);
                            } else if (b > 0) {
                                assertNotEquals(0, new BigDecimal(previous.get("sale_price"))
                                        .compareTo(new BigDecimal(row.get("sale_price"))), "a re-sent item has a new price");
                                count(seen, withStatus ? Change.ITEM_PRICE_CORRECTED
                                        : Change.ITEM_PRICE_CORRECTED_WITHOUT_STATUS_COLUMNS);
                            }
                            items.put(id, row);
                        }
                    }
                }
            }
            assertEquals(batches.get(b).changes(), seen, "changes of batch " + (b + 1));
            if (b > 0) {
                assertTrue(lateReturns.stream().anyMatch(order -> items.values().stream().anyMatch(i -> i.get("order_id").equals(order)
                        && GeneratedFile.value(i, "status").isBlank() && GeneratedFile.value(i, "returned_at").isBlank())),
                        "a late-returned order has an item without state of its own, which follows it");
            }
            if (b > 1) {
                assertTrue(cancelled.stream().anyMatch(returnedByChange::contains),
                        "a cancelled return undoes the return of an earlier change batch");
            }
            returnedByChange.addAll(lateReturns);
            returnedByChange.removeAll(cancelled);
        }
    }

    private static Change classify(Map<String, String> previous, Map<String, String> row, Instant original) {
        assertTrue(previous != null, "a change batch re-sends orders of earlier batches only: " + row);
        if (returned(previous) != returned(row)) {
            return returned(row) ? Change.LATE_RETURN : Change.RETURN_CANCELLED;
        }
        Instant before = instant(previous, "created_at");
        Instant now = instant(row, "created_at");
        if (!now.equals(before)) {
            assertNotEquals(LocalDate.ofInstant(before, ZoneOffset.UTC), LocalDate.ofInstant(now, ZoneOffset.UTC));
            return now.equals(original) ? Change.CREATED_AT_RESTORED : Change.CREATED_AT_MOVED;
        }
        if (!previous.get("user_id").equals(row.get("user_id"))) {
            return Change.USER_CORRECTED;
        }
        return previous.get("status").equalsIgnoreCase(row.get("status")) ? Change.RESENT_UNCHANGED : Change.STATUS_PROGRESSED;
    }

    @Test
    void changeRowsAreValidButForTheSecondOccurrenceOfOrdersSentTwice() throws IOException {
        ReferenceRules rules = new ReferenceRules(SPEC.now());
        long planted = 0;
        for (DropSummary batch : batches) {
            rules.batch(GeneratedFile.readAll(batch.root()));
            for (Defect defect : Defect.values()) {
                for (FileType type : FileType.values()) {
                    planted += batch.injected(defect, type);
                }
            }
        }
        for (Defect defect : Defect.values()) {
            for (FileType type : FileType.values()) {
                long expected = batches.stream().mapToLong(b -> b.injected(defect, type)).sum();
                assertEquals(expected, rules.count(defect, type), defect + " in " + type.folder());
            }
        }
        assertEquals(planted, rules.total(), "nothing fails or warns that was not planted");
        for (DropSummary change : batches.subList(1, batches.size())) {
            assertEquals(change.changes(Change.RESENT_TWICE), change.expectedRejects(FileType.ORDERS));
            assertEquals(0, change.expectedRejects(FileType.ORDER_ITEMS) + change.expectedRejects(FileType.PRODUCTS));
        }
    }

    @Test
    void itemsOfChangeBatchesBelongToOrdersOfEarlierBatchesNotInTheirOwn() throws IOException {
        Set<String> earlier = new HashSet<>();
        for (int b = 0; b < batches.size(); b++) {
            List<GeneratedFile> files = GeneratedFile.readAll(batches.get(b).root());
            Set<String> own = rows(files, FileType.ORDERS).map(r -> r.get("order_id")).collect(Collectors.toSet());
            if (b > 0) {
                List<Map<String, String>> items = rows(files, FileType.ORDER_ITEMS).toList();
                assertTrue(items.size() >= 7);
                for (Map<String, String> item : items) {
                    assertFalse(own.contains(item.get("order_id")), "the order of a late item is not in its batch: " + item);
                    assertTrue(earlier.contains(item.get("order_id")), "the order was sent by an earlier batch: " + item);
                }
            }
            earlier.addAll(own);
        }
    }

    @Test
    void changeRowsNeverLieAfterNowAndItemsStartMinutesAfterTheirOrdersCurrentVersion() throws IOException {
        Map<String, Instant> orderCreated = new HashMap<>();
        int checked = 0;
        for (int b = 0; b < batches.size(); b++) {
            List<GeneratedFile> files = GeneratedFile.readAll(batches.get(b).root());
            // the first occurrence in a batch wins; planted bad rows of the base drop have no usable created_at
            Map<String, Instant> firstInBatch = new HashMap<>();
            rows(files, FileType.ORDERS).forEach(r -> ReferenceRules.instant(GeneratedFile.value(r, "created_at").strip())
                    .ifPresent(created -> firstInBatch.putIfAbsent(r.get("order_id"), created)));
            orderCreated.putAll(firstInBatch);
            if (b == 0) {
                continue;
            }
            for (GeneratedFile file : files) {
                for (Map<String, String> row : file.rows()) {
                    for (String column : List.of("created_at", "shipped_at", "delivered_at", "returned_at")) {
                        if (!GeneratedFile.value(row, column).isBlank()) {
                            assertFalse(instant(row, column).isAfter(SPEC.now()), column + " after now: " + row);
                            checked++;
                        }
                    }
                }
            }
            for (Map<String, String> item : rows(files, FileType.ORDER_ITEMS).toList()) {
                Duration after = Duration.between(orderCreated.get(item.get("order_id")), instant(item, "created_at"));
                assertTrue(!after.isNegative() && after.compareTo(Duration.ofMinutes(31)) < 0, after + " " + item);
            }
        }
        assertTrue(checked > 200, "timestamps checked: " + checked);
    }

    @Test
    void theSmallestDropOfOneDayHoldsEveryChangeInAsManyBatchesAsAllowed() throws IOException {
        DropSpec tiny = DropSpec.builder(DropGenerator.MIN_LIFECYCLE_ORDERS, 1, 2L).build();
        List<DropSummary> written = new DropGenerator(tiny).writeLifecycle(dir.resolve("tiny"), DropGenerator.MAX_CHANGE_BATCHES);
        for (DropSummary batch : written.subList(1, written.size())) {
            for (Change change : Change.values()) {
                if (change != Change.CREATED_AT_RESTORED && change != Change.STATUS_PROGRESSED) {
                    assertTrue(batch.changes(change) >= 2, change + " in " + batch.root() + ": " + batch.changes());
                }
            }
        }
        ReferenceRules rules = new ReferenceRules(tiny.now());
        for (DropSummary batch : written) {
            rules.batch(GeneratedFile.readAll(batch.root()));
        }
        assertEquals(written.stream().mapToLong(b -> b.changes(Change.RESENT_TWICE)).sum(), rules.total(),
                "only the second occurrences fail");
    }

    @Test
    void lifecycleNeedsBetweenOneAndTwentyChangeBatchesAndEnoughOrders() {
        assertThrows(IllegalArgumentException.class, () -> new DropGenerator(SPEC).writeLifecycle(dir.resolve("none"), 0));
        assertThrows(IllegalArgumentException.class, () -> new DropGenerator(SPEC).writeLifecycle(dir.resolve("many"), 21));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new DropGenerator(DropSpec.of(49, 3, 1L)).writeLifecycle(dir.resolve("few"), 1));
        assertTrue(error.getMessage().contains("at least 50 orders"), error.getMessage());
    }

    private static boolean returned(Map<String, String> order) {
        return order.get("status").strip().equalsIgnoreCase("returned") || !GeneratedFile.value(order, "returned_at").isBlank();
    }

    private static Instant instant(Map<String, String> row, String column) {
        return ReferenceRules.instant(GeneratedFile.value(row, column).strip()).orElseThrow(
                () -> new AssertionError("not a timestamp: " + row.get(column)));
    }

    private static void count(Map<Change, Long> seen, Change change) {
        seen.merge(change, 1L, Long::sum);
    }

    private static Stream<Map<String, String>> rows(List<GeneratedFile> files, FileType type) {
        return files.stream().filter(f -> f.type() == type).flatMap(f -> f.rows().stream());
    }

    private static List<String> normalised(List<String> header) {
        return header.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    }
}
