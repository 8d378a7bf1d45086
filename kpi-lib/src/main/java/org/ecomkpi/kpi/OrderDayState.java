package org.ecomkpi.kpi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The state of one {@code order_kpi_table} row over the current versions of its orders: counts, the exact
 * revenue and the exact number of distinct customers. The same shape is a signed change of such a row
 * ({@link KpiChanges}), so a row moves from one state to the next by {@link #plus}.
 *
 * @param orders         current orders of the date
 * @param returnedOrders those of them returned
 * @param items          their current items
 * @param revenue        exact sum of those items' sale_price
 * @param customers      distinct user_id among the orders
 */
public record OrderDayState(long orders, long returnedOrders, long items, BigDecimal revenue, long customers) {
    /** No orders at all: the state of a date without a row. */
    public static final OrderDayState EMPTY = new OrderDayState(0, 0, 0, BigDecimal.ZERO, 0);

    public OrderDayState {
        Objects.requireNonNull(revenue, "revenue");
    }

    /** The field-wise sum: a state plus a change, or two changes. */
    public OrderDayState plus(OrderDayState other) {
        return new OrderDayState(orders + other.orders, returnedOrders + other.returnedOrders, items + other.items,
                revenue.add(other.revenue), customers + other.customers);
    }

    /** True when nothing is counted: such a row is deleted, not kept at zero. */
    public boolean isEmpty() {
        return orders == 0 && returnedOrders == 0 && items == 0 && customers == 0 && revenue.signum() == 0;
    }

    /**
     * The KPI row this state gives for its date.
     *
     * @throws IllegalStateException when the state cannot be one of current versions (a count below zero, or
     *                               items or customers without orders): a sign of a change applied twice
     */
    public OrderDayKpi kpi(LocalDate orderDate) {
        if (orders <= 0 || returnedOrders < 0 || returnedOrders > orders || items < 0 || customers <= 0
                || customers > orders) {
            throw new IllegalStateException("order_kpi_table " + orderDate + " has an impossible state " + this);
        }
        return new OrderDayKpi(orderDate, orders, Rounding.money(revenue), items,
                Rounding.rate(returnedOrders, orders), customers);
    }

    /** The state's bytes (kind and format version tagged); {@link #fromBytes(byte[])} restores it exactly. */
    public byte[] toBytes() {
        return StateFormat.encode(StateFormat.ORDER_DAY_STATE, out -> {
            out.writeLong(orders);
            out.writeLong(returnedOrders);
            out.writeLong(items);
            StateFormat.writeDecimal(out, revenue);
            out.writeLong(customers);
        });
    }

    /** Restores a state written by {@link #toBytes()}. */
    public static OrderDayState fromBytes(byte[] bytes) {
        return StateFormat.decode(StateFormat.ORDER_DAY_STATE, bytes, in -> new OrderDayState(
                in.readLong(), in.readLong(), in.readLong(), StateFormat.readDecimal(in), in.readLong()));
    }
}
