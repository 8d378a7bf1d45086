package org.ecomkpi.kpi;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Sketch;
import org.apache.datasketches.theta.Union;

/**
 * Running state of one {@code order_kpi_table} row: counts, the exact revenue, and a Theta sketch of the
 * customers. Mergeable: the state of two sets of orders that share no order merges into the state of their
 * union, so a date can be built up over many batches.
 *
 * <p>unique_customers uses an Apache DataSketches Theta sketch with 16,384 nominal entries: it keeps every
 * customer's 64-bit hash, and so counts exactly, until a date has more than 16,384 distinct customers; beyond
 * that it estimates with a relative standard error of about 1/sqrt(16384) = 0.78 %.
 */
public final class OrderDayAccumulator {
    /** Nominal entries of the customer sketch: exact up to this many distinct customers per date. */
    public static final int EXACT_CUSTOMERS = 16_384;

    private long orders;
    private long returnedOrders;
    private long items;
    private BigDecimal revenue = BigDecimal.ZERO;
    private final Union customers;

    public OrderDayAccumulator() {
        this.customers = newUnion();
    }

    private static Union newUnion() {
        return SetOperation.builder().setNominalEntries(EXACT_CUSTOMERS).buildUnion();
    }

    /** Counts an accepted order of this date. */
    public void addOrder(OrderFact order) {
        orders++;
        if (order.returned()) {
            returnedOrders++;
        }
        customers.update(order.userId());
    }

    /** Counts an accepted item of an order of this date. */
    public void addItem(ItemFact item) {
        items++;
        revenue = revenue.add(item.salePrice());
    }

    /** Adds another state of the same date (orders disjoint from this one's) into this one. */
    public void merge(OrderDayAccumulator other) {
        orders += other.orders;
        returnedOrders += other.returnedOrders;
        items += other.items;
        revenue = revenue.add(other.revenue);
        customers.union(other.customers.getResult());
    }

    public long orders() {
        return orders;
    }

    public long returnedOrders() {
        return returnedOrders;
    }

    public long items() {
        return items;
    }

    /** The exact, unrounded revenue. */
    public BigDecimal revenue() {
        return revenue;
    }

    /** Distinct customers: exact up to {@link #EXACT_CUSTOMERS}, a Theta estimate beyond. */
    public long uniqueCustomers() {
        return Math.round(customers.getResult().getEstimate());
    }

    /** True while {@link #uniqueCustomers()} is an exact count. */
    public boolean customersExact() {
        return !customers.getResult().isEstimationMode();
    }

    /** The KPI row this state gives for its date. */
    public OrderDayKpi kpi(LocalDate orderDate) {
        return new OrderDayKpi(orderDate, orders, Rounding.money(revenue), items,
                Rounding.rate(returnedOrders, orders), uniqueCustomers());
    }

    /** Serialises the state (version-tagged); {@link #fromBytes(byte[])} restores it exactly. */
    public byte[] toBytes() {
        return StateFormat.encode(StateFormat.ORDER_DAY, out -> {
            out.writeLong(orders);
            out.writeLong(returnedOrders);
            out.writeLong(items);
            StateFormat.writeDecimal(out, revenue);
            StateFormat.writeBytes(out, customers.getResult().toByteArray());
        });
    }

    /** Restores a state written by {@link #toBytes()}. */
    public static OrderDayAccumulator fromBytes(byte[] bytes) {
        return StateFormat.decode(StateFormat.ORDER_DAY, bytes, in -> {
            OrderDayAccumulator state = new OrderDayAccumulator();
            state.orders = in.readLong();
            state.returnedOrders = in.readLong();
            state.items = in.readLong();
            state.revenue = StateFormat.readDecimal(in);
            state.customers.union(Sketch.wrap(Memory.wrap(StateFormat.readBytes(in))));
            return state;
        });
    }
}
