package org.ecomkpi.kpi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One order as the KPIs count it now: its current version and the current versions of its items. This is the
 * state a store keeps per order id. An order's whole contribution to both KPI tables is a function of this
 * value alone ({@link #contributeTo}), so a new version changes the KPIs by "retract the old contribution, add
 * the new one".
 *
 * @param order the order's current version
 * @param items its current items by item id; each names this order
 */
public record OrderEntity(OrderFact order, SortedMap<String, ItemVersion> items) {
    public OrderEntity {
        Objects.requireNonNull(order, "order");
        items = Collections.unmodifiableSortedMap(new TreeMap<>(items));
        for (ItemVersion item : items.values()) {
            if (!item.orderId().equals(order.orderId())) {
                throw new IllegalArgumentException("item " + item.itemId() + " names order " + item.orderId()
                        + " but is kept with order " + order.orderId());
            }
        }
    }

    /** An order without items (yet). */
    public static OrderEntity of(OrderFact order) {
        return new OrderEntity(order, new TreeMap<>());
    }

    public String orderId() {
        return order.orderId();
    }

    /** This order with another current version; its items stay. */
    public OrderEntity withVersion(OrderFact version) {
        if (!version.orderId().equals(order.orderId())) {
            throw new IllegalArgumentException("version of order " + version.orderId() + " given to order "
                    + order.orderId());
        }
        return new OrderEntity(version, items);
    }

    /**
     * Adds the contribution of this order to {@code changes}, {@code sign} times (+1 to add a current version,
     * -1 to retract one): its date's counts and revenue, its customer on that date, and per category its items,
     * their revenue and returns, and one distinct order.
     */
    public void contributeTo(KpiChanges changes, int sign) {
        if (sign != 1 && sign != -1) {
            throw new IllegalArgumentException("sign must be +1 or -1, was " + sign);
        }
        LocalDate date = order.orderDate();
        BigDecimal revenue = BigDecimal.ZERO;
        Map<String, CategoryDayState> perCategory = new HashMap<>(4);
        for (ItemVersion item : items.values()) {
            revenue = revenue.add(item.salePrice());
            CategoryDayState one = new CategoryDayState(item.salePrice(), 1, item.returned(order.returned()) ? 1 : 0, 0);
            perCategory.merge(item.category(), one, CategoryDayState::plus);
        }
        changes.addOrderDay(date, signed(new OrderDayState(1, order.returned() ? 1 : 0, items.size(), revenue, 0), sign));
        changes.addCustomer(new DayCustomer(date, order.userId()), sign);
        for (Map.Entry<String, CategoryDayState> e : perCategory.entrySet()) {
            CategoryDayState state = e.getValue();
            changes.addCategoryDay(new CategoryDay(e.getKey(), date), signed(
                    new CategoryDayState(state.revenue(), state.items(), state.returnedItems(), 1), sign));
        }
    }

    private static OrderDayState signed(OrderDayState state, int sign) {
        return sign > 0 ? state : new OrderDayState(-state.orders(), -state.returnedOrders(), -state.items(),
                state.revenue().negate(), -state.customers());
    }

    private static CategoryDayState signed(CategoryDayState state, int sign) {
        return sign > 0 ? state : new CategoryDayState(state.revenue().negate(), -state.items(),
                -state.returnedItems(), -state.orders());
    }

    /** The entity's bytes (kind and format version tagged); {@link #fromBytes(byte[])} restores it exactly. */
    public byte[] toBytes() {
        return StateFormat.encode(StateFormat.ORDER_ENTITY, out -> {
            StateFormat.writeOrder(out, order);
            out.writeInt(items.size());
            for (ItemVersion item : items.values()) {
                StateFormat.writeItem(out, item);
            }
        });
    }

    /** Restores an entity written by {@link #toBytes()}. */
    public static OrderEntity fromBytes(byte[] bytes) {
        return StateFormat.decode(StateFormat.ORDER_ENTITY, bytes, in -> {
            OrderFact order = StateFormat.readOrder(in);
            int count = StateFormat.readCount(in);
            SortedMap<String, ItemVersion> items = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                ItemVersion item = StateFormat.readItem(in, order.orderId());
                items.put(item.itemId(), item);
            }
            return new OrderEntity(order, items);
        });
    }
}
