package org.ecomkpi.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Status;

/**
 * Streams one part of a drop: an orders file and the order_items file of exactly those orders. Only the
 * current order is held in memory, plus the orders an {@link OrderCapture} keeps.
 */
final class PartWriter {
    private static final List<String> BAD_TIMESTAMPS = List.of(
            "2024-02-30 10:00:00", "14/03/2024 09:21:00", "2024-03-14 09:21:00 PST", "yesterday", "2024-03-14T25:61:00");
    private static final List<String> BAD_PRICES = List.of(
            "$12.50", "1,299.00", "1e3", "NaN", "Infinity", "12.5.0", "€9.99");
    static final List<String> TRAFFIC = List.of("Search", "Organic", "Email", "Display", "Facebook");
    private static final Duration FAR_FUTURE = Duration.ofDays(36_500);

    private final DropSpec spec;
    private final Catalogue catalogue;
    private final DefectPlan plan;
    private final SpareIds spare;
    private final Dice dice;
    private final int part;
    private final long firstOrderIndex;
    private final int orders;
    private final OrderCapture capture;

    /** The order being written; its fields stay null when the row leaves them blank. */
    private static final class Draft {
        String id;
        String user;
        Instant created;
        Status status;
        String spelling;
        TimestampStyle style;
        ZoneOffset offset;
        Instant shipped;
        Instant delivered;
        Instant returned;
        int items;
        String lastItemId;
    }

    PartWriter(DropSpec spec, Catalogue catalogue, DefectPlan plan, SpareIds spare, Dice dice, int part,
            long firstOrderIndex, int orders, OrderCapture capture) {
        this.spec = spec;
        this.catalogue = catalogue;
        this.plan = plan;
        this.spare = spare;
        this.dice = dice;
        this.part = part;
        this.firstOrderIndex = firstOrderIndex;
        this.orders = orders;
        this.capture = capture;
    }

    void write(Path ordersFile, Path itemsFile, Tally tally, Runnable orderDone) throws IOException {
        try (CsvSink orderSink = new CsvSink(ordersFile, FileLayout.forPart(FileType.ORDERS, part));
                CsvSink itemSink = new CsvSink(itemsFile, FileLayout.forPart(FileType.ORDER_ITEMS, part))) {
            for (int j = 0; j < orders; j++) {
                Draft order = draw(j);
                writeOrder(orderSink, order, j, tally);
                TrackedOrder tracked = capture.keeps(part, j) ? new TrackedOrder(order.id, order.user, order.created,
                        order.status, order.spelling, order.style, order.offset, order.shipped, order.delivered,
                        order.returned) : null;
                for (int k = 0; k < order.items; k++) {
                    order.lastItemId = writeItem(itemSink, order, j, k, tracked);
                }
                if (tracked != null) {
                    capture.kept(tracked);
                }
                for (DefectPlan.Planted planted : plan.afterOrder(part, j)) {
                    if (planted.type() == FileType.ORDERS) {
                        badOrder(orderSink, planted, order);
                    } else {
                        badItem(itemSink, planted, order);
                    }
                    tally.injected(planted.defect(), planted.type());
                }
                orderDone.run();
            }
            tally.file(ordersFile, FileType.ORDERS, orderSink.rows());
            tally.file(itemsFile, FileType.ORDER_ITEMS, itemSink.rows());
        }
    }

    /**
     * Draws the {@code j}-th order of the part. The first few orders of every part are pinned so that each file
     * shows the rarer quirks even when small: offsets moving the UTC date across midnight, each status
     * spelling, fractions, and items without status/returned_at that fall back to their order.
     */
    private Draft draw(int j) {
        Draft o = new Draft();
        long index = firstOrderIndex + j;
        o.id = index % 50 == 17 ? "WEB-" + (index + 1) : Long.toString(index + 1);
        o.user = Integer.toString(1 + dice.below(spec.customers()));
        LocalDate day = spec.firstDay().plusDays(dice.below(spec.days()));
        int second = dice.below(86_400);
        int nanos = dice.fraction();
        o.style = dice.style();
        o.offset = dice.offset();
        o.status = dice.status();
        o.spelling = dice.spelling(o.status);
        boolean returnedAtSet = o.status == Status.RETURNED ? dice.percent(90)
                : o.status == Status.COMPLETE && dice.percent(3);
        switch (j) {
            case 0 -> { // late UTC evening written at +05:30: the local date is the next day
                second = 19 * 3600 + dice.below(5 * 3600);
                nanos = 0;
                pin(o, TimestampStyle.SPACE_OFFSET, ZoneOffset.of("+05:30"), Status.COMPLETE, "Complete");
                returnedAtSet = false;
            }
            case 1 -> { // early UTC morning written at -07:00: the local date is the previous day
                second = dice.below(7 * 3600);
                nanos = 0;
                pin(o, TimestampStyle.SPACE_OFFSET, ZoneOffset.of("-07:00"), Status.RETURNED, "returned");
                returnedAtSet = true;
            }
            case 2 -> {
                nanos = (1 + dice.below(999)) * 1_000_000;
                pin(o, TimestampStyle.SPACE_UTC, ZoneOffset.UTC, Status.SHIPPED, "SHIPPED");
                returnedAtSet = false;
            }
            case 3 -> {
                nanos = (1 + dice.below(999_999)) * 1_000;
                pin(o, TimestampStyle.ISO_NO_ZONE, ZoneOffset.UTC, Status.DELIVERED, "Delivered");
                returnedAtSet = false;
            }
            case 4 -> { // returned by status alone, and all its items fall back to that
                pin(o, TimestampStyle.ISO_Z, ZoneOffset.UTC, Status.RETURNED, "RETURNED");
                returnedAtSet = false;
            }
            default -> { }
        }
        o.created = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(second).plusNanos(nanos);
        chain(o, o.created, o.status, returnedAtSet);
        o.items = 1 + dice.below(4);
        return o;
    }

    private static void pin(Draft o, TimestampStyle style, ZoneOffset offset, Status status, String spelling) {
        o.style = style;
        o.offset = offset;
        o.status = status;
        o.spelling = spelling;
    }

    /** Fills shipped/delivered/returned as the status implies, each after the previous one. */
    private void chain(Draft o, Instant created, Status status, boolean returnedAtSet) {
        o.shipped = null;
        o.delivered = null;
        o.returned = null;
        boolean shipped = status == Status.SHIPPED || status == Status.DELIVERED || status == Status.COMPLETE
                || status == Status.RETURNED || returnedAtSet;
        boolean delivered = shipped && status != Status.SHIPPED || returnedAtSet;
        if (shipped) {
            o.shipped = created.plusSeconds(dice.between(3600, 72 * 3600));
        }
        if (delivered) {
            o.delivered = o.shipped.plusSeconds(dice.between(86_400, 6 * 86_400));
        }
        if (returnedAtSet) {
            o.returned = o.delivered.plusSeconds(dice.between(86_400, 11 * 86_400));
        }
    }

    private void writeOrder(CsvSink sink, Draft o, int j, Tally tally) throws IOException {
        String numOfItem;
        if (plan.countMismatch(part, j)) {
            numOfItem = Integer.toString(o.items + 1);
            tally.injected(Defect.NUM_OF_ITEM_MISMATCH, FileType.ORDERS);
        } else {
            numOfItem = dice.percent(3) ? "" : Integer.toString(o.items);
        }
        sink.set(Field.ORDER_ID, o.id)
                .set(Field.USER_ID, o.user)
                .set(Field.STATUS, o.spelling)
                .set(Field.CREATED_AT, o.style.render(o.created, o.offset))
                .set(Field.SHIPPED_AT, render(o.shipped, o))
                .set(Field.DELIVERED_AT, render(o.delivered, o))
                .set(Field.RETURNED_AT, render(o.returned, o))
                .set(Field.NUM_OF_ITEM, numOfItem)
                .set(Field.GENDER, dice.percent(50) ? "F" : "M")
                .set(Field.TRAFFIC_SOURCE, dice.pick(TRAFFIC));
        sink.endRow();
    }

    /**
     * Writes one valid item of order {@code o} (the {@code j}-th of the part) and returns its id; adds it, as
     * written, to the tracked order when there is one.
     */
    private String writeItem(CsvSink sink, Draft o, int j, int k, TrackedOrder tracked) throws IOException {
        String id = spare.itemId();
        int product = dice.below(catalogue.size());
        long retail = catalogue.retailCents(product);
        long cents = dice.percent(70) ? retail : Math.max(1, retail * dice.between(50, 96) / 100);
        boolean noOwnState = j == 4 || j == 2 && k == 0 || j > 4 && dice.percent(5);
        Instant created = o.created.plusSeconds(dice.between(60, 1801));
        Draft item = new Draft();
        item.style = dice.style();
        item.offset = dice.offset();
        String status = "";
        Status own = null;
        if (!noOwnState) {
            own = dice.percent(80) ? o.status : dice.status();
            status = dice.spelling(own);
            chain(item, created, own, own == Status.RETURNED && dice.percent(85));
        }
        if (tracked != null) {
            track(tracked, sink.layout(), id, product, cents, o.created, created, own, status, item);
        }
        sink.set(Field.ID, id)
                .set(Field.ORDER_ID, o.id)
                .set(Field.USER_ID, o.user)
                .set(Field.PRODUCT_ID, catalogue.id(product))
                .set(Field.INVENTORY_ITEM_ID, Integer.toString(dice.between(1, 10_000_000)))
                .set(Field.STATUS, status)
                .set(Field.CREATED_AT, item.style.render(created, item.offset))
                .set(Field.SHIPPED_AT, render(item.shipped, item))
                .set(Field.DELIVERED_AT, render(item.delivered, item))
                .set(Field.RETURNED_AT, render(item.returned, item))
                .set(Field.SALE_PRICE, dice.price(cents));
        sink.endRow();
        return id;
    }

    /** The item as the file holds it: a layout without status (and returned_at) leaves it no state of its own. */
    private static void track(TrackedOrder order, FileLayout layout, String id, int product, long cents,
            Instant orderCreated, Instant created, Status own, String spelling, Draft item) {
        TrackedOrder.TrackedItem tracked = new TrackedOrder.TrackedItem(id, product, cents,
                Duration.between(orderCreated, created));
        if (own != null && layout.has(Field.STATUS)) {
            tracked.ownStatus = own;
            tracked.ownSpelling = spelling;
            tracked.shippedAfter = layout.has(Field.SHIPPED_AT) ? after(created, item.shipped) : null;
            tracked.deliveredAfter = layout.has(Field.DELIVERED_AT) ? after(created, item.delivered) : null;
            tracked.returnedAfter = layout.has(Field.RETURNED_AT) ? after(created, item.returned) : null;
        }
        order.items.add(tracked);
    }

    private static Duration after(Instant from, Instant instant) {
        return instant == null ? null : Duration.between(from, instant);
    }

    private static String render(Instant instant, Draft row) {
        return instant == null ? "" : row.style.render(instant, row.offset);
    }

    /** A valid-looking order with a fresh id, then broken in exactly the way its defect says. */
    private void badOrder(CsvSink sink, DefectPlan.Planted planted, Draft anchor) throws IOException {
        Draft o = new Draft();
        o.id = spare.orderId();
        o.user = Integer.toString(1 + dice.below(spec.customers()));
        o.created = spec.firstDay().plusDays(dice.below(spec.days())).atStartOfDay(ZoneOffset.UTC).toInstant()
                .plusSeconds(dice.below(86_400));
        o.style = dice.style();
        o.offset = dice.offset();
        o.status = Status.COMPLETE;
        o.spelling = dice.spelling(Status.COMPLETE);
        chain(o, o.created, Status.COMPLETE, false);
        sink.set(Field.ORDER_ID, o.id)
                .set(Field.USER_ID, o.user)
                .set(Field.STATUS, o.spelling)
                .set(Field.CREATED_AT, render(o.created, o))
                .set(Field.SHIPPED_AT, render(o.shipped, o))
                .set(Field.DELIVERED_AT, render(o.delivered, o))
                .set(Field.GENDER, "F")
                .set(Field.TRAFFIC_SOURCE, "Search");
        FileLayout layout = sink.layout();
        int v = planted.variant();
        switch (planted.defect()) {
            case MISSING_FIELD -> {
                switch (v % 3) {
                    case 0 -> sink.set(Field.USER_ID, "");
                    case 1 -> sink.set(Field.STATUS, "   ");
                    default -> clearTimes(sink).set(Field.CREATED_AT, "");
                }
            }
            case BAD_ID -> sink.set(Field.ORDER_ID, switch (v % 3) {
                case 0 -> SpareIds.tooLong("ORD-" + o.id + "-");
                case 1 -> o.id + "\t7";
                default -> o.id + "\u0001x";
            });
            case BAD_TIMESTAMP -> clearTimes(sink).set(Field.CREATED_AT, BAD_TIMESTAMPS.get(v % BAD_TIMESTAMPS.size()));
            case FUTURE_TIMESTAMP -> clearTimes(sink)
                    .set(Field.STATUS, "processing")
                    .set(Field.CREATED_AT, render(spec.now().plus(FAR_FUTURE).plusSeconds(dice.below(86_400)), o));
            case TIME_ORDER -> {
                boolean hasDelivered = layout.has(Field.DELIVERED_AT);
                if (v % 3 == 1 && hasDelivered) {
                    sink.set(Field.DELIVERED_AT, render(o.shipped.minusSeconds(3600), o));
                } else if (v % 3 == 2 && hasDelivered && layout.has(Field.RETURNED_AT)) {
                    sink.set(Field.STATUS, "returned").set(Field.RETURNED_AT, render(o.delivered.minusSeconds(3600), o));
                } else {
                    clearTimes(sink).set(Field.SHIPPED_AT, render(o.created.minusSeconds(dice.between(3600, 5 * 3600)), o));
                }
            }
            case BAD_NUMBER -> sink.set(Field.NUM_OF_ITEM, List.of("2.5", "two", "1e1", "3,0").get(v % 4));
            case NEGATIVE_AMOUNT -> sink.set(Field.NUM_OF_ITEM, v % 2 == 0 ? "-1" : "-3");
            case BAD_STATUS -> sink.set(Field.STATUS, List.of("Refunded", "lost", "on hold", "PENDING").get(v % 4));
            case DUPLICATE_KEY -> sink.set(Field.ORDER_ID, anchor.id);
            default -> throw new IllegalStateException(planted + " cannot be planted in an orders file");
        }
        sink.endRow();
    }

    /** A valid-looking item of the anchor order with a fresh id, then broken as its defect says. */
    private void badItem(CsvSink sink, DefectPlan.Planted planted, Draft anchor) throws IOException {
        String id = spare.itemId();
        int product = dice.below(catalogue.size());
        Draft item = new Draft();
        item.style = dice.style();
        item.offset = dice.offset();
        Instant created = anchor.created.plusSeconds(300);
        Instant shipped = created.plusSeconds(86_400);
        Instant delivered = shipped.plusSeconds(2 * 86_400);
        sink.set(Field.ID, id)
                .set(Field.ORDER_ID, anchor.id)
                .set(Field.USER_ID, anchor.user)
                .set(Field.PRODUCT_ID, catalogue.id(product))
                .set(Field.INVENTORY_ITEM_ID, "1")
                .set(Field.STATUS, dice.spelling(Status.COMPLETE))
                .set(Field.CREATED_AT, render(created, item))
                .set(Field.SHIPPED_AT, render(shipped, item))
                .set(Field.DELIVERED_AT, render(delivered, item))
                .set(Field.SALE_PRICE, dice.price(catalogue.retailCents(product)));
        FileLayout layout = sink.layout();
        int v = planted.variant();
        switch (planted.defect()) {
            case MISSING_FIELD -> {
                switch (v % 3) {
                    case 0 -> sink.set(Field.SALE_PRICE, "");
                    case 1 -> sink.set(Field.PRODUCT_ID, "  ");
                    default -> sink.set(Field.ORDER_ID, "");
                }
            }
            case BAD_ID -> sink.set(Field.ID, v % 2 == 0 ? SpareIds.tooLong("ITEM-" + id + "-") : id + "\t9");
            case BAD_TIMESTAMP -> {
                String bad = BAD_TIMESTAMPS.get(v % BAD_TIMESTAMPS.size());
                sink.set(v % 2 == 1 && layout.has(Field.SHIPPED_AT) ? Field.SHIPPED_AT : Field.CREATED_AT, bad);
            }
            case FUTURE_TIMESTAMP -> clearTimes(sink)
                    .set(Field.CREATED_AT, render(spec.now().plus(FAR_FUTURE).plusSeconds(dice.below(86_400)), item));
            case TIME_ORDER -> {
                if (v % 2 == 0) {
                    sink.set(Field.DELIVERED_AT, render(shipped.minusSeconds(7200), item));
                } else {
                    sink.set(Field.SHIPPED_AT, render(created.minusSeconds(3600), item)).set(Field.DELIVERED_AT, "");
                }
            }
            case BAD_NUMBER -> sink.set(Field.SALE_PRICE, BAD_PRICES.get(v % BAD_PRICES.size()));
            case NEGATIVE_AMOUNT -> sink.set(Field.SALE_PRICE, v % 2 == 0 ? "-12.50" : "-0.01");
            case BAD_STATUS -> sink.set(Field.STATUS, List.of("pending", "Lost", "exchanged").get(v % 3));
            case DUPLICATE_KEY -> sink.set(Field.ID, anchor.lastItemId);
            case UNKNOWN_ORDER -> sink.set(Field.ORDER_ID, spare.orderId());
            case UNKNOWN_PRODUCT -> sink.set(Field.PRODUCT_ID, spare.productId());
            default -> throw new IllegalStateException(planted + " cannot be planted in an order_items file");
        }
        sink.endRow();
    }

    private static CsvSink clearTimes(CsvSink sink) {
        return sink.set(Field.SHIPPED_AT, "").set(Field.DELIVERED_AT, "").set(Field.RETURNED_AT, "");
    }
}
