package org.ecomkpi.generate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Status;

/**
 * SPEC section 3 written out plainly, only to check what the generator plants: classifies every row of a
 * batch with the first failing rule in SPEC order and counts the warnings. Not the product's validator.
 * Batches are taken in order; the catalogue and the orders accepted by earlier batches carry over (an item's
 * order may be current from an earlier batch, SPEC section 5 "Orders change").
 */
final class ReferenceRules {
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d{1,9})?(Z| UTC|[+-]\\d{2}:\\d{2})?");
    /** A plain decimal of at most 12 digits before the point (leading zeros aside) and 6 after it. */
    private static final Pattern DECIMAL = Pattern.compile("(?=\\D*\\d)[+-]?0*\\d{0,12}(\\.\\d{0,6})?");
    /** A whole number of at most 9 digits, leading zeros aside. */
    private static final Pattern WHOLE = Pattern.compile("[+-]?0*\\d{1,9}");

    private final Instant now;
    /** The catalogue kept between batches. */
    private final Set<String> catalogue = new HashSet<>();
    /** Orders accepted by earlier batches: current, so items of later batches may reference them. */
    private final Set<String> currentOrders = new HashSet<>();
    private final Map<Defect, Map<FileType, Long>> counts = new EnumMap<>(Defect.class);

    ReferenceRules(Instant now) {
        this.now = now;
    }

    /** The rows of one file a correct validator accepts, in file order. */
    record AcceptedRows(GeneratedFile file, List<Map<String, String>> rows) {
    }

    /**
     * Classifies one batch (files as {@link GeneratedFile#readAll} orders them); counts accumulate. Returns the
     * accepted rows of every file, in the order given.
     */
    List<AcceptedRows> batch(List<GeneratedFile> files) {
        Map<GeneratedFile, List<Map<String, String>>> accepted = new IdentityHashMap<>();
        files.forEach(f -> accepted.put(f, new ArrayList<>()));
        Set<String> batchProducts = new HashSet<>();
        Set<String> orders = new HashSet<>();
        Map<String, String> numOfItemByOrder = new HashMap<>();
        Map<String, Integer> itemsByOrder = new HashMap<>();
        Set<String> items = new HashSet<>();
        for (GeneratedFile file : files) {
            if (file.type() == FileType.PRODUCTS) {
                for (Map<String, String> row : file.rows()) {
                    Optional<Defect> rule = product(row, batchProducts);
                    count(rule, FileType.PRODUCTS);
                    if (rule.isEmpty()) {
                        accepted.get(file).add(row);
                        batchProducts.add(v(row, "id"));
                        if (new BigDecimal(v(row, "cost")).compareTo(new BigDecimal(v(row, "retail_price"))) > 0) {
                            count(Optional.of(Defect.COST_ABOVE_RETAIL), FileType.PRODUCTS);
                        }
                    }
                }
            }
        }
        catalogue.addAll(batchProducts);
        for (GeneratedFile file : files) {
            if (file.type() == FileType.ORDERS) {
                for (Map<String, String> row : file.rows()) {
                    Optional<Defect> rule = order(row, orders);
                    count(rule, FileType.ORDERS);
                    if (rule.isEmpty()) {
                        accepted.get(file).add(row);
                        orders.add(v(row, "order_id"));
                        numOfItemByOrder.put(v(row, "order_id"), v(row, "num_of_item"));
                    }
                }
            }
        }
        for (GeneratedFile file : files) {
            if (file.type() == FileType.ORDER_ITEMS) {
                for (Map<String, String> row : file.rows()) {
                    Optional<Defect> rule = item(row, items, orders);
                    count(rule, FileType.ORDER_ITEMS);
                    if (rule.isEmpty()) {
                        accepted.get(file).add(row);
                        items.add(v(row, "id"));
                        itemsByOrder.merge(v(row, "order_id"), 1, Integer::sum);
                    }
                }
            }
        }
        numOfItemByOrder.forEach((order, numOfItem) -> {
            if (!numOfItem.isEmpty() && Integer.parseInt(numOfItem) != itemsByOrder.getOrDefault(order, 0)) {
                count(Optional.of(Defect.NUM_OF_ITEM_MISMATCH), FileType.ORDERS);
            }
        });
        currentOrders.addAll(orders);
        return files.stream().map(f -> new AcceptedRows(f, accepted.get(f))).toList();
    }

    long count(Defect defect, FileType type) {
        return counts.getOrDefault(defect, Map.of()).getOrDefault(type, 0L);
    }

    long total() {
        return counts.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }

    private Optional<Defect> product(Map<String, String> row, Set<String> accepted) {
        if (missing(row, "id", "sku", "cost", "category", "retail_price")) {
            return Optional.of(Defect.MISSING_FIELD);
        }
        if (badId(row, "id") || v(row, "category").length() > 200) {
            return Optional.of(Defect.BAD_ID);
        }
        if (!DECIMAL.matcher(v(row, "cost")).matches() || !DECIMAL.matcher(v(row, "retail_price")).matches()) {
            return Optional.of(Defect.BAD_NUMBER);
        }
        if (new BigDecimal(v(row, "cost")).signum() < 0 || new BigDecimal(v(row, "retail_price")).signum() < 0) {
            return Optional.of(Defect.NEGATIVE_AMOUNT);
        }
        return accepted.contains(v(row, "id")) ? Optional.of(Defect.DUPLICATE_KEY) : Optional.empty();
    }

    private Optional<Defect> order(Map<String, String> row, Set<String> accepted) {
        if (missing(row, "order_id", "user_id", "created_at", "status")) {
            return Optional.of(Defect.MISSING_FIELD);
        }
        if (badId(row, "order_id", "user_id")) {
            return Optional.of(Defect.BAD_ID);
        }
        Optional<Defect> time = timestamps(row);
        if (time.isPresent()) {
            return time;
        }
        String numOfItem = v(row, "num_of_item");
        if (!numOfItem.isEmpty() && !WHOLE.matcher(numOfItem).matches()) {
            return Optional.of(Defect.BAD_NUMBER);
        }
        if (!numOfItem.isEmpty() && Long.parseLong(numOfItem) < 0) {
            return Optional.of(Defect.NEGATIVE_AMOUNT);
        }
        if (Status.parse(v(row, "status")).isEmpty()) {
            return Optional.of(Defect.BAD_STATUS);
        }
        return accepted.contains(v(row, "order_id")) ? Optional.of(Defect.DUPLICATE_KEY) : Optional.empty();
    }

    private Optional<Defect> item(Map<String, String> row, Set<String> accepted, Set<String> orders) {
        if (missing(row, "id", "order_id", "product_id", "sale_price")) {
            return Optional.of(Defect.MISSING_FIELD);
        }
        if (badId(row, "id", "order_id", "product_id", "user_id")) {
            return Optional.of(Defect.BAD_ID);
        }
        Optional<Defect> time = timestamps(row);
        if (time.isPresent()) {
            return time;
        }
        if (!DECIMAL.matcher(v(row, "sale_price")).matches()) {
            return Optional.of(Defect.BAD_NUMBER);
        }
        if (new BigDecimal(v(row, "sale_price")).signum() < 0) {
            return Optional.of(Defect.NEGATIVE_AMOUNT);
        }
        if (!v(row, "status").isEmpty() && Status.parse(v(row, "status")).isEmpty()) {
            return Optional.of(Defect.BAD_STATUS);
        }
        if (accepted.contains(v(row, "id"))) {
            return Optional.of(Defect.DUPLICATE_KEY);
        }
        if (!orders.contains(v(row, "order_id")) && !currentOrders.contains(v(row, "order_id"))) {
            return Optional.of(Defect.UNKNOWN_ORDER);
        }
        return catalogue.contains(v(row, "product_id")) ? Optional.empty() : Optional.of(Defect.UNKNOWN_PRODUCT);
    }

    /** BAD_TIMESTAMP, FUTURE_TIMESTAMP and TIME_ORDER, in that order. */
    private Optional<Defect> timestamps(Map<String, String> row) {
        Instant[] at = new Instant[4];
        String[] columns = {"created_at", "shipped_at", "delivered_at", "returned_at"};
        for (int i = 0; i < columns.length; i++) {
            String text = v(row, columns[i]);
            if (!text.isEmpty()) {
                Optional<Instant> parsed = instant(text);
                if (parsed.isEmpty()) {
                    return Optional.of(Defect.BAD_TIMESTAMP);
                }
                at[i] = parsed.get();
            }
        }
        if (at[0] != null && at[0].isAfter(now.plus(Duration.ofDays(1)))) {
            return Optional.of(Defect.FUTURE_TIMESTAMP);
        }
        for (int i = 1; i < at.length; i++) {
            if (at[i] != null && at[i - 1] != null && at[i].isBefore(at[i - 1])) {
                return Optional.of(Defect.TIME_ORDER);
            }
        }
        return Optional.empty();
    }

    static Optional<Instant> instant(String text) {
        Matcher m = TIMESTAMP.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            String fraction = m.group(7) == null ? "" : m.group(7).substring(1);
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)), nanos);
            String zone = m.group(8);
            ZoneOffset offset = zone == null || zone.equals("Z") || zone.equals(" UTC") ? ZoneOffset.UTC
                    : ZoneOffset.of(zone);
            Instant instant = local.toInstant(offset);
            return instant.isBefore(Instant.EPOCH) ? Optional.empty() : Optional.of(instant);
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private static boolean missing(Map<String, String> row, String... columns) {
        for (String column : columns) {
            if (v(row, column).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static boolean badId(Map<String, String> row, String... columns) {
        for (String column : columns) {
            String id = v(row, column);
            if (id.length() > 64 || id.chars().anyMatch(Character::isISOControl)) {
                return true;
            }
        }
        return false;
    }

    private static String v(Map<String, String> row, String column) {
        return GeneratedFile.value(row, column).strip();
    }

    private void count(Optional<Defect> rule, FileType type) {
        rule.ifPresent(d -> counts.computeIfAbsent(d, x -> new EnumMap<>(FileType.class)).merge(type, 1L, Long::sum));
    }
}
