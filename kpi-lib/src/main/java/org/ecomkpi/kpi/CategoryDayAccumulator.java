package org.ecomkpi.kpi;

import java.math.BigDecimal;

/**
 * Running state of one {@code category_kpi_table} row: exact revenue, items, returned items and distinct
 * orders. Distinct orders are counted through {@link ItemFact#firstOfOrderInCategory()}, so states of
 * batches that share no order merge by plain addition.
 */
public final class CategoryDayAccumulator {
    private BigDecimal revenue = BigDecimal.ZERO;
    private long items;
    private long returnedItems;
    private long orders;

    /** Counts an accepted item of this category whose order has this date. */
    public void addItem(ItemFact item) {
        revenue = revenue.add(item.salePrice());
        items++;
        if (item.returned()) {
            returnedItems++;
        }
        if (item.firstOfOrderInCategory()) {
            orders++;
        }
    }

    /** Adds another state of the same key (orders disjoint from this one's) into this one. */
    public void merge(CategoryDayAccumulator other) {
        revenue = revenue.add(other.revenue);
        items += other.items;
        returnedItems += other.returnedItems;
        orders += other.orders;
    }

    /** The exact, unrounded revenue. */
    public BigDecimal revenue() {
        return revenue;
    }

    public long items() {
        return items;
    }

    public long returnedItems() {
        return returnedItems;
    }

    /** Distinct orders among the items. */
    public long orders() {
        return orders;
    }

    /** The KPI row this state gives for its key. */
    public CategoryDayKpi kpi(CategoryDay key) {
        return new CategoryDayKpi(key.category(), key.orderDate(), Rounding.money(revenue),
                Rounding.moneyPer(revenue, orders), Rounding.rate(returnedItems, items));
    }

    /** Serialises the state (version-tagged); {@link #fromBytes(byte[])} restores it exactly. */
    public byte[] toBytes() {
        return StateFormat.encode(StateFormat.CATEGORY_DAY, out -> {
            StateFormat.writeDecimal(out, revenue);
            out.writeLong(items);
            out.writeLong(returnedItems);
            out.writeLong(orders);
        });
    }

    /** Restores a state written by {@link #toBytes()}. */
    public static CategoryDayAccumulator fromBytes(byte[] bytes) {
        return StateFormat.decode(StateFormat.CATEGORY_DAY, bytes, in -> {
            CategoryDayAccumulator state = new CategoryDayAccumulator();
            state.revenue = StateFormat.readDecimal(in);
            state.items = in.readLong();
            state.returnedItems = in.readLong();
            state.orders = in.readLong();
            return state;
        });
    }
}
