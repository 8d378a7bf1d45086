package org.ecomkpi.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.ecomkpi.generate.TrackedOrder.TrackedItem;
import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Status;

/**
 * Writes one change batch of a lifecycle drop: new versions of orders, items and products that earlier batches
 * made current, in one products file, one orders file and two order_items files (the first with item status
 * columns, the second without status and returned_at). Every {@link Change} occurs at least a few times; each
 * change is applied to the tracked orders, so the next change batch starts from the current versions.
 *
 * <p>An order is in at most one change of a batch, and the orders of late and corrected items are not in the
 * batch's orders file (those items rely on an order made current by an earlier batch). Change rows are valid:
 * timestamps keep created &le; shipped &le; delivered &le; returned and none lies after the spec's {@code now}
 * (later ones are clamped to it); num_of_item is left blank, so orders never warn (a re-sent product planted
 * with cost above retail warns again, and is counted). The only reject is the second occurrence of each
 * {@link Change#RESENT_TWICE} order.
 */
final class ChangeBatchWriter {
    private static final String LANDING = "landing-data";
    private static final long DAY = 86_400;

    private final DropSpec spec;
    private final Catalogue catalogue;
    private final SpareIds spare;
    private final List<TrackedOrder> pool;
    private final Dice dice;
    private final int change;
    private final Set<TrackedOrder> taken = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The pool in this batch's random order; every case takes the first fitting orders not yet taken. */
    private final int[] walk;

    /** {@code change} counts change batches from 1 (the batch after the base drop). */
    ChangeBatchWriter(DropSpec spec, Catalogue catalogue, SpareIds spare, List<TrackedOrder> pool, Dice dice,
            int change) {
        this.spec = spec;
        this.catalogue = catalogue;
        this.spare = spare;
        this.pool = pool;
        this.dice = dice;
        this.change = change;
        this.walk = new int[pool.size()];
        for (int i = 0; i < walk.length; i++) {
            walk[i] = i;
        }
        for (int i = walk.length - 1; i > 0; i--) {
            int j = dice.below(i + 1);
            int swap = walk[i];
            walk[i] = walk[j];
            walk[j] = swap;
        }
    }

    void write(Tally tally) throws IOException {
        int n = spec.orders();
        // scarce candidates first: returned orders, moved orders, returnable orders with items that follow them
        List<TrackedOrder> cancelled = take("returns to cancel", share(n, 400, 2), 2,
                o -> change > 1 && o.returnedByChange, TrackedOrder::isReturned);
        List<TrackedOrder> restored = change > 1
                ? take("moved orders to restore", share(n, 1000, 1), 1, TrackedOrder::isMoved) : List.of();
        List<TrackedOrder> lateReturns = take("orders to return late", 1, 0,
                o -> returnable(o) && o.hasItemFollowingIt());
        lateReturns.addAll(take("orders to return late", share(n, 50, 3) - lateReturns.size(), 3 - lateReturns.size(),
                this::returnable, o -> !o.isReturned() && o.status != Status.CANCELLED, o -> !o.isReturned()));
        List<TrackedOrder> pricedWithStatus = take("items to correct", share(n, 400, 2), 2,
                TrackedOrder::hasItemWithOwnStatus, o -> !o.items.isEmpty());
        List<TrackedOrder> pricedWithout = take("items to correct", share(n, 400, 2), 2, o -> !o.items.isEmpty());
        List<TrackedOrder> moved = take("orders to move", share(n, 200, 3), 3, o -> !o.isMoved(), this::movable);
        List<TrackedOrder> users = take("orders to correct", share(n, 400, 3), 3, o -> true);
        List<TrackedOrder> unchanged = take("orders to re-send", share(n, 200, 2), 2, this::settled, o -> true);
        List<TrackedOrder> twice = take("orders to send twice", share(n, 2000, 2), 2, o -> true);
        List<TrackedOrder> lateItemOrders = take("orders of late items", share(n, 100, 3), 3, o -> true);
        List<TrackedOrder> progressed = take("orders to progress", share(n, 25, 2), 0, this::progressable);

        // items first decided, so that the products file can re-categorise products they use
        List<String[]> itemsWithStatus = new ArrayList<>();
        List<String[]> itemsWithout = new ArrayList<>();
        Set<Integer> recategorised = new LinkedHashSet<>();
        for (int i = 0; i < lateItemOrders.size(); i++) {
            TrackedOrder order = lateItemOrders.get(i);
            TrackedItem item = lateItem(order, i % 2 == 0);
            (i % 2 == 0 ? itemsWithStatus : itemsWithout).add(itemRow(order, item));
            tally.changed(Change.LATE_ITEM);
            if (i == 0) {
                recategorised.add(item.product);
            }
        }
        for (TrackedOrder order : pricedWithStatus) {
            List<TrackedItem> fitting = order.items.stream().filter(i -> i.ownStatus != null).toList();
            TrackedItem item = pick(fitting.isEmpty() ? order.items : fitting);
            item.cents = corrected(item.cents);
            itemsWithStatus.add(itemRow(order, item));
            tally.changed(Change.ITEM_PRICE_CORRECTED);
            if (order == pricedWithStatus.get(0)) {
                recategorised.add(item.product);
            }
        }
        for (TrackedOrder order : pricedWithout) {
            TrackedItem item = pick(order.items);
            item.cents = corrected(item.cents);
            item.dropOwnState();
            itemsWithout.add(itemRow(order, item));
            tally.changed(Change.ITEM_PRICE_CORRECTED_WITHOUT_STATUS_COLUMNS);
            if (order == pricedWithout.get(0)) {
                recategorised.add(item.product);
            }
        }
        // a product of a late item and of each kind of corrected item, so the new category is used at once
        int wantedProducts = Math.min(catalogue.size(), Math.max(3, catalogue.size() / 100));
        while (recategorised.size() < wantedProducts) {
            recategorised.add(dice.below(catalogue.size()));
        }
        // the products file is applied before the batch's items: they take the new categories
        Path landing = tally.root().resolve(LANDING);
        writeProducts(landing.resolve("products.csv"), recategorised, tally);

        List<String[]> orderRows = new ArrayList<>();
        for (TrackedOrder o : cancelled) {
            cancelReturn(o);
            orderRows.add(orderRow(o));
            tally.changed(Change.RETURN_CANCELLED);
        }
        for (TrackedOrder o : restored) {
            shift(o, Duration.between(o.created, o.originalCreated));
            orderRows.add(orderRow(o));
            tally.changed(Change.CREATED_AT_RESTORED);
        }
        for (TrackedOrder o : lateReturns) {
            returnLate(o);
            orderRows.add(orderRow(o));
            tally.changed(Change.LATE_RETURN);
        }
        for (TrackedOrder o : moved) {
            move(o);
            orderRows.add(orderRow(o));
            tally.changed(Change.CREATED_AT_MOVED);
        }
        for (TrackedOrder o : users) {
            o.user = otherUser(o.user);
            orderRows.add(orderRow(o));
            tally.changed(Change.USER_CORRECTED);
        }
        for (TrackedOrder o : unchanged) {
            orderRows.add(orderRow(o));
            tally.changed(Change.RESENT_UNCHANGED);
        }
        for (TrackedOrder o : progressed) {
            progress(o);
            orderRows.add(orderRow(o));
            tally.changed(Change.STATUS_PROGRESSED);
        }
        List<String[][]> sentTwice = new ArrayList<>();
        for (TrackedOrder o : twice) {
            o.user = otherUser(o.user);
            String[] first = orderRow(o);
            String[] second = first.clone();
            // differs in customer and returned state, so that a "last one wins" bug shows in the KPIs
            second[Field.USER_ID.ordinal()] = otherUser(o.user);
            second[Field.STATUS.ordinal()] = dice.spelling(Status.CANCELLED);
            second[Field.RETURNED_AT.ordinal()] = "";
            orderRows.add(first);
            sentTwice.add(new String[][] {first, second});
            tally.changed(Change.RESENT_TWICE);
            tally.injected(Defect.DUPLICATE_KEY, FileType.ORDERS);
        }
        shuffle(orderRows);
        for (String[][] pair : sentTwice) {
            int first = indexOf(orderRows, pair[0]);
            orderRows.add(dice.between(first + 1, orderRows.size() + 1), pair[1]);
        }
        writeRows(landing.resolve(FileType.ORDERS.folder()).resolve("orders-001.csv"), FileType.ORDERS,
                FileLayout.forPart(FileType.ORDERS, change), orderRows, tally);

        shuffle(itemsWithStatus);
        shuffle(itemsWithout);
        Path items = landing.resolve(FileType.ORDER_ITEMS.folder());
        // layouts 0 and 1 have item status columns, layout 2 has neither status nor returned_at
        writeRows(items.resolve("order_items-001.csv"), FileType.ORDER_ITEMS,
                FileLayout.forPart(FileType.ORDER_ITEMS, (change + 1) % 2), itemsWithStatus, tally);
        writeRows(items.resolve("order_items-002.csv"), FileType.ORDER_ITEMS,
                FileLayout.forPart(FileType.ORDER_ITEMS, 2), itemsWithout, tally);
    }

    /** {@code 1/per} of the drop's orders, at least {@code least}. */
    private static int share(int orders, int per, int least) {
        return Math.max(least, orders / per);
    }

    /**
     * Up to {@code wanted} orders not yet taken in this batch, from the first preference that has them, then the
     * next; at least {@code least} or the drop is too small for its change batches.
     */
    @SafeVarargs
    private List<TrackedOrder> take(String what, int wanted, int least, Predicate<TrackedOrder>... preferences) {
        List<TrackedOrder> chosen = new ArrayList<>();
        for (Predicate<TrackedOrder> fits : preferences) {
            for (int i = 0; i < walk.length && chosen.size() < wanted; i++) {
                TrackedOrder order = pool.get(walk[i]);
                if (!taken.contains(order) && fits.test(order)) {
                    taken.add(order);
                    chosen.add(order);
                }
            }
        }
        if (chosen.size() < least) {
            throw new IllegalStateException("change batch " + change + " needs at least " + least + " " + what
                    + " but only " + chosen.size() + " of the " + pool.size() + " tracked orders fit:"
                    + " write more orders or fewer change batches");
        }
        return chosen;
    }

    /** Delivered or on its way, and not returned: a return is plausible. */
    private boolean returnable(TrackedOrder o) {
        return !o.isReturned()
                && (o.status == Status.SHIPPED || o.status == Status.DELIVERED || o.status == Status.COMPLETE);
    }

    private boolean progressable(TrackedOrder o) {
        return !o.isReturned()
                && (o.status == Status.PROCESSING || o.status == Status.SHIPPED || o.status == Status.DELIVERED);
    }

    /** No timestamp after now, so a re-sent row shows exactly the values the order had. */
    private boolean settled(TrackedOrder o) {
        return !after(o.shipped) && !after(o.delivered) && !after(o.returned);
    }

    private boolean after(Instant instant) {
        return instant != null && instant.isAfter(spec.now());
    }

    private void returnLate(TrackedOrder o) {
        fillShippedAndDelivered(o);
        int roll = dice.below(10);
        // mostly both; some returned by status alone, some by returned_at alone (status still complete)
        o.status = roll < 9 ? Status.RETURNED : Status.COMPLETE;
        o.spelling = dice.spelling(o.status);
        o.returned = roll < 7 || roll == 9 ? later(o.delivered, DAY, 20 * DAY) : null;
        o.returnedByChange = true;
    }

    private void cancelReturn(TrackedOrder o) {
        fillShippedAndDelivered(o);
        o.status = dice.percent(70) ? Status.COMPLETE : Status.DELIVERED;
        o.spelling = dice.spelling(o.status);
        o.returned = null;
        o.returnedByChange = false;
    }

    private void progress(TrackedOrder o) {
        switch (o.status) {
            case PROCESSING -> {
                o.status = Status.SHIPPED;
                o.shipped = later(o.created, 3600, 72 * 3600);
            }
            case SHIPPED -> {
                o.status = Status.DELIVERED;
                fillShippedAndDelivered(o);
            }
            default -> {
                o.status = Status.COMPLETE;
                fillShippedAndDelivered(o);
            }
        }
        o.spelling = dice.spelling(o.status);
    }

    private void fillShippedAndDelivered(TrackedOrder o) {
        if (o.shipped == null) {
            o.shipped = later(o.created, 3600, 72 * 3600);
        }
        if (o.delivered == null) {
            o.delivered = later(o.shipped, DAY, 6 * DAY);
        }
    }

    /**
     * Some seconds after {@code from}, as many as the business takes when now leaves room for them, else fewer:
     * a drop's {@code now} may be only a day after its last order, and change rows never lie after it.
     */
    private Instant later(Instant from, long least, long most) {
        long room = Duration.between(from, spec.now()).getSeconds();
        if (room >= most) {
            return from.plusSeconds(least + dice.below((int) (most - least)));
        }
        if (room >= least) {
            return from.plusSeconds(least + dice.below((int) (room - least + 1)));
        }
        return room > 0 ? from.plusSeconds(dice.below((int) room + 1)) : from;
    }

    /** Whether {@link #move} has a day to move the order to. */
    private boolean movable(TrackedOrder o) {
        return !moveTargets(o).isEmpty();
    }

    /**
     * To another UTC day of the drop (with a one-day drop, the day before it), same time of day; never to the
     * order's original day, which would be a restore ({@link Change#CREATED_AT_RESTORED}).
     */
    private void move(TrackedOrder o) {
        List<LocalDate> targets = moveTargets(o);
        LocalDate target = targets.get(dice.below(targets.size()));
        shift(o, Duration.ofDays(target.toEpochDay() - LocalDate.ofInstant(o.created, ZoneOffset.UTC).toEpochDay()));
    }

    private List<LocalDate> moveTargets(TrackedOrder o) {
        LocalDate current = LocalDate.ofInstant(o.created, ZoneOffset.UTC);
        LocalDate original = LocalDate.ofInstant(o.originalCreated, ZoneOffset.UTC);
        LocalDate first = spec.days() > 1 ? spec.firstDay() : spec.firstDay().minusDays(1);
        List<LocalDate> targets = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(spec.lastDay()); day = day.plusDays(1)) {
            if (!day.equals(current) && !day.equals(original)) {
                targets.add(day);
            }
        }
        return targets;
    }

    private static void shift(TrackedOrder o, Duration by) {
        o.created = o.created.plus(by);
        o.shipped = o.shipped == null ? null : o.shipped.plus(by);
        o.delivered = o.delivered == null ? null : o.delivered.plus(by);
        o.returned = o.returned == null ? null : o.returned.plus(by);
    }

    /** Another customer; ids run over 1..customers, and customers + 1 when there is only one. */
    private String otherUser(String user) {
        int drawn = 1 + dice.below(spec.customers());
        String other = Integer.toString(drawn);
        return other.equals(user) ? Integer.toString(drawn % (spec.customers() + 1) + 1) : other;
    }

    private long corrected(long cents) {
        long price = Math.max(1, cents * dice.between(80, 121) / 100);
        return price == cents ? cents + 1 : price;
    }

    /** A new item of the order, with state of its own (as base items mostly have) or without. */
    private TrackedItem lateItem(TrackedOrder order, boolean ownState) {
        int product = dice.below(catalogue.size());
        long retail = catalogue.retailCents(product);
        long cents = dice.percent(70) ? retail : Math.max(1, retail * dice.between(50, 96) / 100);
        TrackedItem item = new TrackedItem(spare.itemId(), product, cents, Duration.ofSeconds(dice.between(60, 1801)));
        if (ownState) {
            Status own = dice.percent(80) ? order.status : dice.status();
            item.ownStatus = own;
            item.ownSpelling = dice.spelling(own);
            boolean returnedAtSet = own == Status.RETURNED && dice.percent(85);
            boolean shipped = own == Status.SHIPPED || own == Status.DELIVERED || own == Status.COMPLETE
                    || own == Status.RETURNED || returnedAtSet;
            boolean delivered = shipped && own != Status.SHIPPED || returnedAtSet;
            if (shipped) {
                item.shippedAfter = Duration.ofSeconds(dice.between(3600, 72 * 3600));
            }
            if (delivered) {
                item.deliveredAfter = item.shippedAfter.plusSeconds(dice.between((int) DAY, (int) (6 * DAY)));
            }
            if (returnedAtSet) {
                item.returnedAfter = item.deliveredAfter.plusSeconds(dice.between((int) DAY, (int) (11 * DAY)));
            }
        }
        order.items.add(item);
        return item;
    }

    private TrackedItem pick(List<TrackedItem> items) {
        return items.get(dice.below(items.size()));
    }

    private String[] orderRow(TrackedOrder o) {
        String[] cells = new String[Field.COUNT];
        cells[Field.ORDER_ID.ordinal()] = o.id;
        cells[Field.USER_ID.ordinal()] = o.user;
        cells[Field.STATUS.ordinal()] = o.spelling;
        cells[Field.CREATED_AT.ordinal()] = render(o.created, o.style, o.offset);
        cells[Field.SHIPPED_AT.ordinal()] = render(o.shipped, o.style, o.offset);
        cells[Field.DELIVERED_AT.ordinal()] = render(o.delivered, o.style, o.offset);
        cells[Field.RETURNED_AT.ordinal()] = render(o.returned, o.style, o.offset);
        cells[Field.NUM_OF_ITEM.ordinal()] = "";
        cells[Field.GENDER.ordinal()] = dice.percent(50) ? "F" : "M";
        cells[Field.TRAFFIC_SOURCE.ordinal()] = dice.pick(PartWriter.TRAFFIC);
        return cells;
    }

    private String[] itemRow(TrackedOrder order, TrackedItem item) {
        TimestampStyle style = dice.style();
        ZoneOffset offset = dice.offset();
        Instant created = order.created.plus(item.createdAfterOrder);
        String[] cells = new String[Field.COUNT];
        cells[Field.ID.ordinal()] = item.id;
        cells[Field.ORDER_ID.ordinal()] = order.id;
        cells[Field.USER_ID.ordinal()] = order.user;
        cells[Field.PRODUCT_ID.ordinal()] = catalogue.id(item.product);
        cells[Field.INVENTORY_ITEM_ID.ordinal()] = Integer.toString(dice.between(1, 10_000_000));
        cells[Field.STATUS.ordinal()] = item.ownStatus == null ? "" : item.ownSpelling;
        cells[Field.CREATED_AT.ordinal()] = render(created, style, offset);
        cells[Field.SHIPPED_AT.ordinal()] = render(plus(created, item.shippedAfter), style, offset);
        cells[Field.DELIVERED_AT.ordinal()] = render(plus(created, item.deliveredAfter), style, offset);
        cells[Field.RETURNED_AT.ordinal()] = render(plus(created, item.returnedAfter), style, offset);
        cells[Field.SALE_PRICE.ordinal()] = dice.price(item.cents);
        return cells;
    }

    private static Instant plus(Instant from, Duration by) {
        return by == null ? null : from.plus(by);
    }

    /** Blank when absent; clamped to now, which keeps the order of a row's timestamps. */
    private String render(Instant instant, TimestampStyle style, ZoneOffset offset) {
        if (instant == null) {
            return "";
        }
        return style.render(instant.isAfter(spec.now()) ? spec.now() : instant, offset);
    }

    private void writeProducts(Path file, Set<Integer> products, Tally tally) throws IOException {
        List<String> categories = Catalogue.CATEGORIES;
        try (CsvSink sink = new CsvSink(file, FileLayout.forPart(FileType.PRODUCTS, 0))) {
            for (int product : products) {
                int current = categories.indexOf(catalogue.category(product));
                String category = categories.get((current + 1 + dice.below(categories.size() - 1)) % categories.size());
                catalogue.resend(sink, product, category);
                tally.changed(Change.PRODUCT_RECATEGORISED);
                if (catalogue.costAboveRetail(product)) {
                    tally.injected(Defect.COST_ABOVE_RETAIL, FileType.PRODUCTS); // re-sent, it warns again
                }
            }
            tally.file(file, FileType.PRODUCTS, sink.rows());
        }
    }

    private static void writeRows(Path file, FileType type, FileLayout layout, List<String[]> rows, Tally tally)
            throws IOException {
        try (CsvSink sink = new CsvSink(file, layout)) {
            for (String[] cells : rows) {
                for (Field field : Field.values()) {
                    if (cells[field.ordinal()] != null) {
                        sink.set(field, cells[field.ordinal()]);
                    }
                }
                sink.endRow();
            }
            tally.file(file, type, sink.rows());
        }
    }

    private void shuffle(List<String[]> rows) {
        for (int i = rows.size() - 1; i > 0; i--) {
            Collections.swap(rows, i, dice.below(i + 1));
        }
    }

    private static int indexOf(List<String[]> rows, String[] row) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) == row) {
                return i;
            }
        }
        throw new IllegalStateException("row not in the batch");
    }
}
