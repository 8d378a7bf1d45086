package org.ecomkpi.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.ecomkpi.row.FileType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropGeneratorTest {
    private static final DropSpec SMALL = DropSpec.builder(300, 5, 11L).build();
    private static final DropSpec WITH_DEFECTS = DropSpec.builder(300, 5, 11L).badRowsPerRule(4).build();

    @TempDir
    Path dir;

    @Test
    void sameSpecWritesByteIdenticalFiles() throws IOException {
        DropSummary first = new DropGenerator(WITH_DEFECTS).write(dir.resolve("a"));
        DropSummary second = new DropGenerator(WITH_DEFECTS).write(dir.resolve("b"));
        assertEquals(first.files().size(), second.files().size());
        for (int i = 0; i < first.files().size(); i++) {
            assertEquals(dir.resolve("a").relativize(first.files().get(i)), dir.resolve("b").relativize(second.files().get(i)));
            assertArrayEquals(Files.readAllBytes(first.files().get(i)), Files.readAllBytes(second.files().get(i)),
                    "file " + first.files().get(i));
        }
    }

    @Test
    void anotherSeedWritesOtherOrders() throws IOException {
        DropSummary first = new DropGenerator(SMALL).write(dir.resolve("a"));
        DropSummary second = new DropGenerator(DropSpec.builder(300, 5, 12L).build()).write(dir.resolve("b"));
        assertNotEquals(Files.readString(first.files().get(1)), Files.readString(second.files().get(1)));
    }

    @Test
    void dropUsesTheBucketLayout() throws IOException {
        DropSummary summary = new DropGenerator(SMALL).write(dir);
        Set<String> written = summary.files().stream().map(f -> dir.relativize(f).toString().replace('\\', '/'))
                .collect(Collectors.toSet());
        assertEquals(Set.of("landing-data/products.csv",
                "landing-data/orders/orders-001.csv", "landing-data/orders/orders-002.csv", "landing-data/orders/orders-003.csv",
                "landing-data/order_items/order_items-001.csv", "landing-data/order_items/order_items-002.csv",
                "landing-data/order_items/order_items-003.csv"), written);
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(written.size(), all.filter(Files::isRegularFile).count(), "no other files");
        }
    }

    @Test
    void summaryCountsEveryDataRowOfEveryFile() throws IOException {
        DropSummary summary = new DropGenerator(WITH_DEFECTS).write(dir);
        Map<FileType, Long> parsed = new HashMap<>();
        for (GeneratedFile file : GeneratedFile.readAll(dir)) {
            parsed.merge(file.type(), (long) file.rows().size(), Long::sum);
        }
        for (FileType type : FileType.values()) {
            assertEquals(summary.rowsWritten(type), parsed.get(type), type.folder());
        }
        assertEquals(300 + summary.expectedRejects(FileType.ORDERS), summary.rowsWritten(FileType.ORDERS),
                "valid orders plus planted bad orders");
        assertEquals(WITH_DEFECTS.products() + summary.expectedRejects(FileType.PRODUCTS), summary.rowsWritten(FileType.PRODUCTS));
    }

    @Test
    void everyPlantedDefectFailsExactlyItsOwnRule() throws IOException {
        // 21 rows per rule walk every variant of every defect (the longest rotation is 7 bad prices, every third row)
        DropSpec spec = DropSpec.builder(600, 5, 11L).badRowsPerRule(21).build();
        DropSummary summary = new DropGenerator(spec).write(dir);
        ReferenceRules rules = new ReferenceRules(spec.now());
        rules.batch(GeneratedFile.readAll(dir));
        long planted = 0;
        for (Defect defect : Defect.values()) {
            assertEquals(21, summary.injected(defect), defect + " planted for every rule");
            for (FileType type : FileType.values()) {
                assertEquals(summary.injected(defect, type), rules.count(defect, type), defect + " in " + type.folder());
                planted += summary.injected(defect, type);
            }
        }
        assertEquals(planted, rules.total(), "nothing fails that was not planted");
    }

    @Test
    void defectsReachEveryFileTypeTheyCanBreak() throws IOException {
        DropSummary summary = new DropGenerator(DropSpec.builder(300, 5, 3L).badRowsPerRule(3).build()).write(dir);
        for (Defect defect : List.of(Defect.MISSING_FIELD, Defect.BAD_ID, Defect.DUPLICATE_KEY, Defect.BAD_NUMBER,
                Defect.NEGATIVE_AMOUNT)) {
            for (FileType type : FileType.values()) {
                assertTrue(summary.injected(defect, type) > 0, defect + " in " + type.folder());
            }
        }
        assertTrue(summary.injected(Defect.BAD_TIMESTAMP, FileType.ORDER_ITEMS) > 0);
        assertTrue(summary.injected(Defect.FUTURE_TIMESTAMP, FileType.ORDER_ITEMS) > 0);
    }

    @Test
    void cleanDropHasNoRejectsAndNoWarnings() throws IOException {
        DropSummary summary = new DropGenerator(SMALL).write(dir);
        ReferenceRules rules = new ReferenceRules(SMALL.now());
        rules.batch(GeneratedFile.readAll(dir));
        assertEquals(0, rules.total());
        for (FileType type : FileType.values()) {
            assertEquals(summary.rowsWritten(type), summary.expectedAccepted(type));
        }
    }

    @Test
    void validCreatedAtNeverLiesMoreThanADayAfterNow() throws IOException {
        DropSpec spec = DropSpec.builder(200, 3, 5L).firstDay(LocalDate.of(2025, 6, 1))
                .now(Instant.parse("2025-06-04T00:00:00Z")).build();
        new DropGenerator(spec).write(dir);
        ReferenceRules rules = new ReferenceRules(spec.now());
        rules.batch(GeneratedFile.readAll(dir));
        assertEquals(0, rules.count(Defect.FUTURE_TIMESTAMP, FileType.ORDERS) + rules.count(Defect.FUTURE_TIMESTAMP, FileType.ORDER_ITEMS));
    }

    @Test
    void ordersFallOnTheRequestedUtcDays() throws IOException {
        DropSpec spec = DropSpec.builder(300, 4, 8L).firstDay(LocalDate.of(2025, 3, 30)).build();
        new DropGenerator(spec).write(dir);
        Set<LocalDate> dates = new HashSet<>();
        for (GeneratedFile file : files(FileType.ORDERS)) {
            for (Map<String, String> row : file.rows()) {
                dates.add(LocalDate.ofInstant(instant(row, "created_at"), ZoneOffset.UTC));
            }
        }
        assertEquals(Set.of(LocalDate.of(2025, 3, 30), LocalDate.of(2025, 3, 31), LocalDate.of(2025, 4, 1),
                LocalDate.of(2025, 4, 2)), dates);
    }

    @Test
    void filesReorderColumnsAndAddExtraOnes() throws IOException {
        new DropGenerator(SMALL).write(dir);
        List<GeneratedFile> orders = files(FileType.ORDERS);
        List<GeneratedFile> items = files(FileType.ORDER_ITEMS);
        assertEquals(3, orders.stream().map(f -> normalised(f.header())).distinct().count(), "orders column orders differ");
        assertEquals(3, items.stream().map(f -> normalised(f.header())).distinct().count());
        assertTrue(orders.stream().anyMatch(f -> !f.header().contains("order_id")), "a header spelled in another case");
        assertTrue(items.stream().anyMatch(f -> normalised(f.header()).contains("user_id")));
        assertTrue(items.stream().anyMatch(f -> normalised(f.header()).contains("inventory_item_id")));
        assertTrue(orders.stream().anyMatch(f -> normalised(f.header()).contains("traffic_source")));
        assertTrue(items.stream().anyMatch(f -> !normalised(f.header()).contains("status")),
                "a file without item status: its items take their order's state");
    }

    @Test
    void timestampsComeInEveryStyleWithFractionsAndOffsets() throws IOException {
        new DropGenerator(SMALL).write(dir);
        List<String> stamps = new ArrayList<>();
        for (GeneratedFile file : GeneratedFile.readAll(dir)) {
            for (Map<String, String> row : file.rows()) {
                for (String column : List.of("created_at", "shipped_at", "delivered_at", "returned_at")) {
                    String value = GeneratedFile.value(row, column);
                    if (!value.isEmpty()) {
                        stamps.add(value);
                    }
                }
            }
        }
        assertTrue(stamps.stream().anyMatch(s -> s.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d")), "2025-03-30T16:14:26");
        assertTrue(stamps.stream().anyMatch(s -> s.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\+00:00")), "+00:00");
        assertTrue(stamps.stream().anyMatch(s -> s.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC")), " UTC");
        assertTrue(stamps.stream().anyMatch(s -> s.matches(".*T.*Z")), "Z");
        assertTrue(stamps.stream().anyMatch(s -> s.contains("+05:30")), "+05:30");
        assertTrue(stamps.stream().anyMatch(s -> s.contains("-07:00")), "-07:00");
        assertTrue(stamps.stream().anyMatch(s -> s.matches(".*:\\d\\d\\.\\d{3}( UTC|Z|[+-].*)?")), "milliseconds");
        assertTrue(stamps.stream().anyMatch(s -> s.matches(".*:\\d\\d\\.\\d{6}( UTC|Z|[+-].*)?")), "microseconds");
    }

    @Test
    void offsetsMoveTheUtcDateAcrossMidnightBothWays() throws IOException {
        new DropGenerator(SMALL).write(dir);
        int later = 0;
        int earlier = 0;
        for (GeneratedFile file : files(FileType.ORDERS)) {
            for (Map<String, String> row : file.rows()) {
                String text = GeneratedFile.value(row, "created_at");
                LocalDate written = LocalDate.parse(text.substring(0, 10));
                LocalDate utc = LocalDate.ofInstant(instant(row, "created_at"), ZoneOffset.UTC);
                later += written.isAfter(utc) ? 1 : 0;
                earlier += written.isBefore(utc) ? 1 : 0;
            }
        }
        assertTrue(later >= 3, "local date after the UTC date, e.g. +05:30 late in the UTC evening: " + later);
        assertTrue(earlier >= 3, "local date before the UTC date, e.g. -07:00 early in the UTC morning: " + earlier);
    }

    @Test
    void statusesComeInMixedCase() throws IOException {
        new DropGenerator(SMALL).write(dir);
        Set<String> statuses = new HashSet<>();
        for (GeneratedFile file : GeneratedFile.readAll(dir)) {
            file.rows().forEach(row -> statuses.add(GeneratedFile.value(row, "status")));
        }
        assertTrue(statuses.containsAll(Set.of("Complete", "returned", "SHIPPED", "complete", "Returned", "RETURNED")), statuses.toString());
    }

    @Test
    void productsNeedQuotingAndUnicodeAndHaveBlankBrands() throws IOException {
        new DropGenerator(SMALL).write(dir);
        GeneratedFile products = files(FileType.PRODUCTS).get(0);
        Set<String> categories = products.rows().stream().map(r -> r.get("category")).collect(Collectors.toSet());
        assertTrue(categories.containsAll(Set.of("Home & Kitchen", "Électronique", "家居", "Sports, Outdoors & Fitness")), categories.toString());
        List<String> names = products.rows().stream().map(r -> r.get("name")).toList();
        assertTrue(names.stream().anyMatch(n -> n.contains(",")), "comma in a name");
        assertTrue(names.stream().anyMatch(n -> n.contains("\"")), "quote in a name");
        assertTrue(names.stream().anyMatch(n -> n.contains("\n")), "line break in a name");
        assertTrue(products.rows().stream().anyMatch(r -> r.get("brand").isEmpty()), "blank brand");
        assertTrue(products.rows().stream().anyMatch(r -> !r.get("brand").isEmpty()));
    }

    @Test
    void filesMixLineEndsAndByteOrderMarks() throws IOException {
        new DropGenerator(SMALL).write(dir);
        List<GeneratedFile> all = GeneratedFile.readAll(dir);
        assertTrue(all.stream().anyMatch(GeneratedFile::crlf));
        assertTrue(all.stream().anyMatch(f -> !f.crlf()));
        assertTrue(all.stream().anyMatch(GeneratedFile::bom));
        assertTrue(all.stream().anyMatch(f -> !f.bom()));
    }

    @Test
    void someItemsHaveNeitherStatusNorReturnedAtAndFallBackToTheirOrder() throws IOException {
        new DropGenerator(SMALL).write(dir);
        GeneratedFile firstItems = files(FileType.ORDER_ITEMS).get(0);
        long blank = firstItems.rows().stream()
                .filter(r -> r.get("status").isEmpty() && r.get("returned_at").isEmpty()).count();
        long own = firstItems.rows().stream().filter(r -> !r.get("status").isEmpty()).count();
        assertTrue(blank > 0, "items with neither value");
        assertTrue(own > blank, "most items carry their own status");
        assertTrue(firstItems.rows().stream().anyMatch(r -> !r.get("returned_at").isEmpty()), "items returned on their own");
    }

    @Test
    void itemsAreCreatedMinutesAfterTheirOrder() throws IOException {
        new DropGenerator(SMALL).write(dir);
        Map<String, Instant> orderCreated = new HashMap<>();
        files(FileType.ORDERS).forEach(f -> f.rows().forEach(r -> orderCreated.put(r.get("order_id"), instant(r, "created_at"))));
        int checked = 0;
        for (GeneratedFile file : files(FileType.ORDER_ITEMS)) {
            for (Map<String, String> row : file.rows()) {
                Duration after = Duration.between(orderCreated.get(row.get("order_id")), instant(row, "created_at"));
                assertTrue(after.compareTo(Duration.ofMinutes(1)) >= 0 && after.compareTo(Duration.ofMinutes(31)) < 0, after.toString());
                checked++;
            }
        }
        assertTrue(checked > 600);
    }

    @Test
    void ordersHaveAboutTwoAndAHalfItemsAndSomeNonNumericIds() throws IOException {
        DropSummary summary = new DropGenerator(DropSpec.builder(2000, 5, 21L).build()).write(dir);
        double perOrder = (double) summary.rowsWritten(FileType.ORDER_ITEMS) / summary.rowsWritten(FileType.ORDERS);
        assertTrue(perOrder > 2.35 && perOrder < 2.65, "items per order " + perOrder);
        List<String> ids = files(FileType.ORDERS).stream().flatMap(f -> f.rows().stream()).map(r -> r.get("order_id")).toList();
        long nonNumeric = ids.stream().filter(id -> !id.chars().allMatch(Character::isDigit)).count();
        assertTrue(nonNumeric > 0 && nonNumeric < ids.size() / 20, "a few non-numeric ids: " + nonNumeric);
        assertTrue(files(FileType.ORDERS).stream().flatMap(f -> f.rows().stream()).anyMatch(r -> r.get("num_of_item").isEmpty()),
                "num_of_item is optional and sometimes blank");
    }

    @Test
    void threeBatchesSplitAlongOrderBoundariesWithSharedDatesAndCustomers() throws IOException {
        List<DropSummary> batches = new DropGenerator(DropSpec.builder(300, 5, 4L).badRowsPerRule(2).build()).writeBatches(dir, 3);
        assertEquals(3, batches.size());
        List<Set<String>> orderIds = new ArrayList<>();
        List<Set<LocalDate>> dates = new ArrayList<>();
        List<Set<String>> customers = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            DropSummary batch = batches.get(b);
            assertEquals(dir.resolve("batch-" + (b + 1)), batch.root());
            assertEquals(dir.resolve("batch-" + (b + 1)).resolve("landing-data"), batch.landingData());
            List<GeneratedFile> files = GeneratedFile.readAll(batch.root());
            assertEquals(1, files.stream().filter(f -> f.type() == FileType.ORDERS).count());
            assertEquals(1, files.stream().filter(f -> f.type() == FileType.ORDER_ITEMS).count());
            assertEquals(b == 0 ? 1 : 0, files.stream().filter(f -> f.type() == FileType.PRODUCTS).count(),
                    "the catalogue comes with the first batch only");
            Set<String> ids = new HashSet<>();
            Set<LocalDate> days = new HashSet<>();
            Set<String> users = new HashSet<>();
            for (Map<String, String> row : only(files, FileType.ORDERS).rows()) {
                ids.add(row.get("order_id"));
                ReferenceRules.instant(row.get("created_at")).ifPresent(t -> days.add(LocalDate.ofInstant(t, ZoneOffset.UTC)));
                users.add(row.get("user_id"));
            }
            long dangling = only(files, FileType.ORDER_ITEMS).rows().stream()
                    .filter(r -> !r.get("order_id").isBlank() && !ids.contains(r.get("order_id"))).count();
            assertEquals(batch.injected(Defect.UNKNOWN_ORDER, FileType.ORDER_ITEMS), dangling,
                    "items reference orders of their own batch, except planted unknown orders");
            orderIds.add(ids);
            dates.add(days);
            customers.add(users);
        }
        for (int a = 0; a < 3; a++) {
            for (int b = a + 1; b < 3; b++) {
                Set<String> shared = new HashSet<>(orderIds.get(a));
                shared.retainAll(orderIds.get(b));
                assertEquals(Set.of(), shared, "an order lives in one batch");
                Set<LocalDate> sharedDays = new HashSet<>(dates.get(a));
                sharedDays.retainAll(dates.get(b));
                assertTrue(sharedDays.size() >= 4, "dates span batches: " + sharedDays);
                Set<String> sharedUsers = new HashSet<>(customers.get(a));
                sharedUsers.retainAll(customers.get(b));
                assertFalse(sharedUsers.isEmpty(), "customers span batches");
            }
        }
    }

    @Test
    void batchesCarryTheCatalogueForwardAndEachPlantedDefectFailsItsRule() throws IOException {
        DropSpec spec = DropSpec.builder(240, 4, 9L).badRowsPerRule(3).build();
        List<DropSummary> batches = new DropGenerator(spec).writeBatches(dir, 3);
        ReferenceRules rules = new ReferenceRules(spec.now());
        for (DropSummary batch : batches) {
            rules.batch(GeneratedFile.readAll(batch.root()));
        }
        for (Defect defect : Defect.values()) {
            for (FileType type : FileType.values()) {
                long planted = batches.stream().mapToLong(b -> b.injected(defect, type)).sum();
                assertEquals(planted, rules.count(defect, type), defect + " in " + type.folder());
            }
        }
    }

    @Test
    void batchesHoldTheFilesOfOneDropWrittenInAsManyParts() throws IOException {
        DropSpec spec = DropSpec.builder(150, 3, 6L).badRowsPerRule(1).build();
        List<DropSummary> batches = new DropGenerator(spec).writeBatches(dir.resolve("batched"), 3);
        DropSummary drop = new DropGenerator(DropSpec.builder(150, 3, 6L).badRowsPerRule(1).filesPerDrop(3).build())
                .write(dir.resolve("single"));
        List<Path> batchFiles = batches.stream().flatMap(b -> b.files().stream()).toList();
        assertEquals(drop.files().size(), batchFiles.size());
        for (int i = 0; i < batchFiles.size(); i++) {
            assertEquals(drop.files().get(i).getFileName(), batchFiles.get(i).getFileName());
            assertArrayEquals(Files.readAllBytes(drop.files().get(i)), Files.readAllBytes(batchFiles.get(i)));
        }
        for (FileType type : FileType.values()) {
            assertEquals(drop.rowsWritten(type), batches.stream().mapToLong(b -> b.rowsWritten(type)).sum());
        }
    }

    @Test
    void progressIsReportedUpToTheLastOrder() throws IOException {
        List<String> reported = new ArrayList<>();
        new DropGenerator(DropSpec.builder(25_000, 2, 1L).filesPerDrop(2).build())
                .write(dir, (written, total) -> reported.add(written + "/" + total));
        assertEquals(List.of("10000/25000", "20000/25000", "25000/25000"), reported);
    }

    @Test
    void specRefusesNowBeforeTheLastOrderDayEnds() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DropSpec.builder(10, 3, 1L).firstDay(LocalDate.of(2025, 1, 1)).now(Instant.parse("2025-01-03T12:00:00Z")).build());
        assertTrue(error.getMessage().contains("2025-01-03"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DropSpec.builder(2, 3, 1L).filesPerDrop(3).build());
        assertThrows(IllegalArgumentException.class, () -> new DropGenerator(DropSpec.of(2, 1, 1L)).writeBatches(dir, 3));
    }

    private List<GeneratedFile> files(FileType type) throws IOException {
        return GeneratedFile.readAll(dir).stream().filter(f -> f.type() == type).toList();
    }

    private static GeneratedFile only(List<GeneratedFile> files, FileType type) {
        return files.stream().filter(f -> f.type() == type).findFirst().orElseThrow();
    }

    private static Instant instant(Map<String, String> row, String column) {
        return ReferenceRules.instant(GeneratedFile.value(row, column)).orElseThrow(
                () -> new AssertionError("not a timestamp: " + GeneratedFile.value(row, column)));
    }

    private static List<String> normalised(List<String> header) {
        return header.stream().map(h -> h.trim().toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
