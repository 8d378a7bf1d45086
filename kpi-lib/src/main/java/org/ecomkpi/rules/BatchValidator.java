package org.ecomkpi.rules;

import static org.ecomkpi.row.Column.*;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.row.Column;
import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Order;
import org.ecomkpi.row.OrderItem;
import org.ecomkpi.row.Product;
import org.ecomkpi.row.Status;

/**
 * Validates the rows of one batch, in the batch's order: products files first (each upserting into the
 * catalogue), then orders, then order items. It remembers what the batch accepted, which the cross-row rules
 * need: DUPLICATE_KEY (first occurrence wins), UNKNOWN_ORDER (an item's order must be accepted in this batch
 * or current from an earlier one, which an {@link OrderLookup} tells; an order rejected for any reason takes
 * its items with it unless it is current from before) and UNKNOWN_PRODUCT (against the catalogue as it is
 * after the batch's own products).
 *
 * <p>Each row gets exactly one {@link RuleCode}: the first, in declaration order, that fails.
 *
 * <pre>{@code
 * BatchValidator batch = new BatchValidator(catalogue, Instant.now());
 * batch.startProductsFile();
 * for (SourceRow row : productRows) batch.product(row);
 * for (SourceRow row : orderRows)   batch.order(row);
 * for (SourceRow row : itemRows)    batch.item(row);
 * long mismatches = batch.itemCountMismatches();
 * }</pre>
 *
 * <p>A restarted job rebuilds the same state from the rows it had already accepted with the
 * {@code remember...} methods, so no input needs reading twice. Not thread-safe.
 */
public final class BatchValidator {
    /** Longest id accepted (SPEC: BAD_ID). */
    public static final int MAX_ID_LENGTH = 64;
    /** Longest category accepted (SPEC: BAD_ID); the store keys category rows by it. */
    public static final int MAX_CATEGORY_LENGTH = 200;
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    private static final int SHOWN_VALUE_LENGTH = 80;
    private static final Column[] TIMESTAMPS = {CREATED_AT, SHIPPED_AT, DELIVERED_AT, RETURNED_AT};

    private final ProductCatalogue catalogue;
    private final Instant futureLimit;
    private final OrderLookup earlierOrders;

    private IdIndex productsOfFile = new IdIndex(1024);
    private final IdIndex orderIds;
    private int[] numOfItem;
    private int[] itemCount;
    private final IdIndex itemIds;
    private final Instant[] times = new Instant[TIMESTAMPS.length];

    /**
     * @param catalogue the products known before this batch; the batch's accepted products are upserted into it
     * @param now       the moment the job runs (fixed per run, so a restarted job judges rows the same way)
     */
    public BatchValidator(ProductCatalogue catalogue, Instant now) {
        this(catalogue, now, OrderLookup.NONE, 1 << 16);
    }

    /**
     * As above, with the orders current from earlier batches, which late items may name, and pre-sized for
     * about {@code expectedOrders} orders and two and a half items an order.
     */
    public BatchValidator(ProductCatalogue catalogue, Instant now, OrderLookup earlierOrders, int expectedOrders) {
        this(catalogue, now, earlierOrders, expectedOrders, expectedOrders * 5L / 2);
    }

    /**
     * As above, pre-sized for about {@code expectedOrders} orders and {@code expectedItems} items. The key sets
     * grow past a low estimate (by half, holding the old table and the new one a moment), so a close estimate keeps
     * the memory low: 10,000,000 orders and 25,000,000 items take about 510 MB when expected.
     */
    public BatchValidator(ProductCatalogue catalogue, Instant now, OrderLookup earlierOrders, long expectedOrders,
                          long expectedItems) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.earlierOrders = Objects.requireNonNull(earlierOrders, "earlierOrders");
        this.futureLimit = now.plus(FUTURE_TOLERANCE);
        int orders = (int) Math.min(1 << 28, Math.max(16, expectedOrders));
        orderIds = new IdIndex(orders);
        numOfItem = new int[orders];
        itemCount = new int[orders];
        itemIds = IdIndex.set((int) Math.min(1 << 29, Math.max(16, expectedItems)));
    }

    /**
     * The catalogue items are checked against (with the batch's accepted products applied): the very catalogue
     * this validator was given, not a copy, so it carries the products over to the next batch's validator.
     */
    public ProductCatalogue catalogue() {
        return catalogue;
    }

    // ---------------------------------------------------------------- products

    /** Starts a new products file: DUPLICATE_KEY for products is judged within one file. */
    public void startProductsFile() {
        productsOfFile = new IdIndex(1024);
    }

    /** Validates a products row; an accepted product is upserted into the catalogue at once. */
    public Verdict<Product> product(SourceRow row) {
        Verdict.Rejected<Product> rejected = missing(row, FileType.PRODUCTS);
        if (rejected == null) {
            rejected = badId(row, ID);
        }
        if (rejected == null) {
            rejected = longCategory(row);
        }
        if (rejected != null) {
            return rejected;
        }
        BigDecimal cost = PlainNumber.decimalOrNull(row.value(COST));
        if (cost == null) {
            return badDecimal(row, COST);
        }
        BigDecimal retail = PlainNumber.decimalOrNull(row.value(RETAIL_PRICE));
        if (retail == null) {
            return badDecimal(row, RETAIL_PRICE);
        }
        if (cost.signum() < 0) {
            return reject(RuleCode.NEGATIVE_AMOUNT, COST, row, "is below zero");
        }
        if (retail.signum() < 0) {
            return reject(RuleCode.NEGATIVE_AMOUNT, RETAIL_PRICE, row, "is below zero");
        }
        String id = row.value(ID);
        if (productsOfFile.add(id) < 0) {
            return reject(RuleCode.DUPLICATE_KEY, ID, row, "was already accepted earlier in this file");
        }
        Product product = new Product(id, row.value(SKU), cost, row.value(CATEGORY), retail,
                optional(row, NAME), optional(row, BRAND), optional(row, DEPARTMENT));
        catalogue.upsert(product);
        return new Verdict.Accepted<>(product,
                product.costAboveRetail() ? List.of(WarningCode.COST_ABOVE_RETAIL) : List.of());
    }

    /** Rebuilds state after a restart: a product this products file had already accepted. */
    public void rememberProduct(Product product) {
        productsOfFile.add(product.id());
        catalogue.upsert(product);
    }

    // ---------------------------------------------------------------- orders

    /** Validates an orders row. */
    public Verdict<Order> order(SourceRow row) {
        Verdict.Rejected<Order> rejected = missing(row, FileType.ORDERS);
        if (rejected == null) {
            rejected = badId(row, ORDER_ID, USER_ID);
        }
        if (rejected == null) {
            rejected = timestamps(row);
        }
        if (rejected != null) {
            return rejected;
        }
        String itemsText = row.value(NUM_OF_ITEM);
        long items = -1;
        if (!itemsText.isEmpty()) {
            items = PlainNumber.wholeOrInvalid(itemsText);
            if (items == PlainNumber.INVALID) {
                return reject(RuleCode.BAD_NUMBER, NUM_OF_ITEM, row, PlainNumber.wholeProblem(itemsText));
            }
            if (items < 0) {
                return reject(RuleCode.NEGATIVE_AMOUNT, NUM_OF_ITEM, row, "is below zero");
            }
        }
        Status status = Status.parse(row.value(STATUS)).orElse(null);
        if (status == null) {
            return badStatus(row);
        }
        String orderId = row.value(ORDER_ID);
        int ordinal = orderIds.add(orderId);
        if (ordinal < 0) {
            return reject(RuleCode.DUPLICATE_KEY, ORDER_ID, row, "was already accepted earlier in this batch");
        }
        Order order = new Order(orderId, row.value(USER_ID), times[0], status,
                Optional.ofNullable(times[1]), Optional.ofNullable(times[2]), Optional.ofNullable(times[3]),
                items < 0 ? OptionalInt.empty() : OptionalInt.of((int) items));
        keepOrder(ordinal, order);
        return new Verdict.Accepted<>(order, List.of());
    }

    /** Rebuilds state after a restart: an order this batch had already accepted. */
    public void rememberOrder(Order order) {
        rememberOrder(order.orderId(), order.numOfItem());
    }

    /**
     * {@link #rememberOrder(Order)} from the only fields it keeps, for a caller that reads staged orders by key
     * without building them.
     */
    public void rememberOrder(String orderId, OptionalInt numOfItemDeclared) {
        int ordinal = orderIds.add(orderId);
        if (ordinal >= 0) {
            keepOrder(ordinal, numOfItemDeclared);
        }
    }

    private void keepOrder(int ordinal, Order order) {
        keepOrder(ordinal, order.numOfItem());
    }

    private void keepOrder(int ordinal, OptionalInt declared) {
        if (ordinal == numOfItem.length) {
            int grown = numOfItem.length + (numOfItem.length >> 1);
            numOfItem = Arrays.copyOf(numOfItem, grown);
            itemCount = Arrays.copyOf(itemCount, grown);
        }
        numOfItem[ordinal] = declared.orElse(-1);
    }

    /**
     * Whether this batch accepted the order so far. Safe to call from several threads while no row is validated
     * or remembered (a partitioned items step asks it from every partition).
     */
    public boolean isAcceptedOrder(String orderId) {
        return orderIds.ordinalOf(orderId) != IdIndex.ABSENT;
    }

    /** Accepted orders so far. */
    public int acceptedOrders() {
        return orderIds.size();
    }

    // ---------------------------------------------------------------- items

    /** Validates an order-items row against the batch's accepted orders and the catalogue. */
    public Verdict<AcceptedItem> item(SourceRow row) {
        Verdict.Rejected<AcceptedItem> rejected = missing(row, FileType.ORDER_ITEMS);
        if (rejected == null) {
            rejected = badId(row, ID, ORDER_ID, PRODUCT_ID, USER_ID);
        }
        if (rejected == null) {
            rejected = timestamps(row);
        }
        if (rejected != null) {
            return rejected;
        }
        BigDecimal price = PlainNumber.decimalOrNull(row.value(SALE_PRICE));
        if (price == null) {
            return badDecimal(row, SALE_PRICE);
        }
        if (price.signum() < 0) {
            return reject(RuleCode.NEGATIVE_AMOUNT, SALE_PRICE, row, "is below zero");
        }
        String statusText = row.value(STATUS);
        Status status = null;
        if (!statusText.isEmpty()) {
            status = Status.parse(statusText).orElse(null);
            if (status == null) {
                return badStatus(row);
            }
        }
        String itemId = row.value(ID);
        if (itemIds.ordinalOf(itemId) != IdIndex.ABSENT) {
            return reject(RuleCode.DUPLICATE_KEY, ID, row, "was already accepted earlier in this batch");
        }
        String orderId = row.value(ORDER_ID);
        int order = orderIds.ordinalOf(orderId);
        if (order == IdIndex.ABSENT && !earlierOrders.isCurrent(orderId)) {
            return reject(RuleCode.UNKNOWN_ORDER, ORDER_ID, row,
                    "is neither an accepted order of this batch nor a current order from an earlier one");
        }
        Product product = catalogue.findOrNull(row.value(PRODUCT_ID));
        if (product == null) {
            return reject(RuleCode.UNKNOWN_PRODUCT, PRODUCT_ID, row, "is not in the product catalogue");
        }
        String userId = row.value(USER_ID);
        OrderItem item = new OrderItem(itemId, orderId, product.id(), price, Optional.ofNullable(status),
                Optional.ofNullable(times[0]), Optional.ofNullable(times[1]), Optional.ofNullable(times[2]),
                Optional.ofNullable(times[3]), userId.isEmpty() ? Optional.empty() : Optional.of(userId));
        itemIds.add(itemId);
        if (order != IdIndex.ABSENT) {
            itemCount[order]++;
        }
        ItemVersion version = new ItemVersion(itemId, orderId, product.category(), price, item.ownReturnedState());
        return new Verdict.Accepted<>(new AcceptedItem(item, version), List.of());
    }

    /** Rebuilds state after a restart: an item this batch had already accepted. */
    public void rememberItem(ItemVersion item) {
        rememberItem(item.itemId(), item.orderId());
    }

    /** {@link #rememberItem(ItemVersion)} from the only fields it keeps. */
    public void rememberItem(String itemId, String orderId) {
        if (itemIds.add(itemId) >= 0) {
            int order = orderIds.ordinalOf(orderId);
            if (order != IdIndex.ABSENT) {
                itemCount[order]++;
            }
        }
    }

    /** Accepted items so far. */
    public int acceptedItems() {
        return itemIds.size();
    }

    /**
     * The ITEM_COUNT_MISMATCH warnings: accepted orders whose num_of_item differs from the number of their
     * accepted items. Meaningful once every items file of the batch has been validated.
     */
    public long itemCountMismatches() {
        long mismatches = 0;
        for (int i = 0, n = orderIds.size(); i < n; i++) {
            if (numOfItem[i] >= 0 && numOfItem[i] != itemCount[i]) {
                mismatches++;
            }
        }
        return mismatches;
    }

    // ---------------------------------------------------------------- rules shared by the file types

    private static <T> Verdict.Rejected<T> missing(SourceRow row, FileType type) {
        for (Column column : type.requiredColumns()) {
            if (row.value(column).isEmpty()) {
                return new Verdict.Rejected<>(RuleCode.MISSING_FIELD, Optional.of(column),
                        "required field " + column + " is empty");
            }
        }
        return null;
    }

    private static <T> Verdict.Rejected<T> badId(SourceRow row, Column... ids) {
        for (Column column : ids) {
            String id = row.value(column);
            if (id.length() > MAX_ID_LENGTH) {
                return new Verdict.Rejected<>(RuleCode.BAD_ID, Optional.of(column),
                        column + " is " + id.length() + " characters long; ids have at most " + MAX_ID_LENGTH);
            }
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                    return new Verdict.Rejected<>(RuleCode.BAD_ID, Optional.of(column), String.format(
                            "%s holds control character U+%04X at position %d", column, (int) c, i + 1));
                }
            }
        }
        return null;
    }

    /** BAD_ID for a category too long to key a {@code category_kpi_table} row. */
    private static <T> Verdict.Rejected<T> longCategory(SourceRow row) {
        String category = row.value(CATEGORY);
        if (category.length() > MAX_CATEGORY_LENGTH) {
            return new Verdict.Rejected<>(RuleCode.BAD_ID, Optional.of(CATEGORY), CATEGORY + " is "
                    + category.length() + " characters long; categories have at most " + MAX_CATEGORY_LENGTH);
        }
        return null;
    }

    private static <T> Verdict.Rejected<T> badDecimal(SourceRow row, Column column) {
        return reject(RuleCode.BAD_NUMBER, column, row, PlainNumber.decimalProblem(row.value(column)));
    }

    /** Parses the row's timestamps into {@link #times}; checks BAD_TIMESTAMP, FUTURE_TIMESTAMP, TIME_ORDER. */
    private <T> Verdict.Rejected<T> timestamps(SourceRow row) {
        for (int i = 0; i < TIMESTAMPS.length; i++) {
            String text = row.value(TIMESTAMPS[i]);
            if (text.isEmpty()) {
                times[i] = null;
            } else {
                times[i] = IsoTimestamp.readOrNull(text);
                if (times[i] == null) {
                    return reject(RuleCode.BAD_TIMESTAMP, TIMESTAMPS[i], row,
                            "is not an ISO-8601 date-time (yyyy-MM-dd HH:mm:ss, optional fraction, Z, ±hh:mm or UTC)");
                }
                if (times[i].isBefore(IsoTimestamp.EARLIEST)) {
                    return reject(RuleCode.BAD_TIMESTAMP, TIMESTAMPS[i], row,
                            "is before " + IsoTimestamp.EARLIEST + ", the earliest time accepted");
                }
            }
        }
        if (times[0] != null && times[0].isAfter(futureLimit)) {
            return reject(RuleCode.FUTURE_TIMESTAMP, CREATED_AT, row,
                    "is more than 1 day after the job's start (" + futureLimit.minus(FUTURE_TOLERANCE) + ")");
        }
        for (int i = 1; i < TIMESTAMPS.length; i++) {
            if (times[i] != null && times[i - 1] != null && times[i].isBefore(times[i - 1])) {
                return new Verdict.Rejected<>(RuleCode.TIME_ORDER, Optional.of(TIMESTAMPS[i]),
                        TIMESTAMPS[i] + " " + shown(row.value(TIMESTAMPS[i])) + " is before "
                                + TIMESTAMPS[i - 1] + " " + shown(row.value(TIMESTAMPS[i - 1])));
            }
        }
        return null;
    }

    private static <T> Verdict.Rejected<T> badStatus(SourceRow row) {
        return reject(RuleCode.BAD_STATUS, STATUS, row,
                "is not one of processing, shipped, delivered, complete, cancelled, returned");
    }

    private static <T> Verdict.Rejected<T> reject(RuleCode rule, Column column, SourceRow row, String problem) {
        return new Verdict.Rejected<>(rule, Optional.of(column),
                column + " " + shown(row.value(column)) + " " + problem);
    }

    private static String shown(String value) {
        String cut = value.length() > SHOWN_VALUE_LENGTH ? value.substring(0, SHOWN_VALUE_LENGTH) + "…" : value;
        return '"' + cut + '"';
    }

    private static Optional<String> optional(SourceRow row, Column column) {
        String value = row.value(column);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
