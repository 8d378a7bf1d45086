package org.ecomkpi.kpi;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The state of one {@code category_kpi_table} row over the current versions of the items of that category
 * whose order has that date. The same shape is a signed change of such a row ({@link KpiChanges}).
 *
 * @param revenue       exact sum of the items' sale_price
 * @param items         the items
 * @param returnedItems those of them returned
 * @param orders        distinct orders among the items
 */
public record CategoryDayState(BigDecimal revenue, long items, long returnedItems, long orders) {
    /** No items at all: the state of a key without a row. */
    public static final CategoryDayState EMPTY = new CategoryDayState(BigDecimal.ZERO, 0, 0, 0);

    public CategoryDayState {
        Objects.requireNonNull(revenue, "revenue");
    }

    /** The field-wise sum: a state plus a change, or two changes. */
    public CategoryDayState plus(CategoryDayState other) {
        return new CategoryDayState(revenue.add(other.revenue), items + other.items,
                returnedItems + other.returnedItems, orders + other.orders);
    }

    /** True when nothing is counted: such a row is deleted, not kept at zero. */
    public boolean isEmpty() {
        return items == 0 && returnedItems == 0 && orders == 0 && revenue.signum() == 0;
    }

    /**
     * The KPI row this state gives for its key.
     *
     * @throws IllegalStateException when the state cannot be one of current versions
     */
    public CategoryDayKpi kpi(CategoryDay key) {
        if (items <= 0 || orders <= 0 || orders > items || returnedItems < 0 || returnedItems > items) {
            throw new IllegalStateException("category_kpi_table " + key + " has an impossible state " + this);
        }
        return new CategoryDayKpi(key.category(), key.orderDate(), Rounding.money(revenue),
                Rounding.moneyPer(revenue, orders), Rounding.rate(returnedItems, items));
    }

    /** The state's bytes (kind and format version tagged); {@link #fromBytes(byte[])} restores it exactly. */
    public byte[] toBytes() {
        return StateFormat.encode(StateFormat.CATEGORY_DAY_STATE, out -> {
            StateFormat.writeDecimal(out, revenue);
            out.writeLong(items);
            out.writeLong(returnedItems);
            out.writeLong(orders);
        });
    }

    /** Restores a state written by {@link #toBytes()}. */
    public static CategoryDayState fromBytes(byte[] bytes) {
        return StateFormat.decode(StateFormat.CATEGORY_DAY_STATE, bytes, in -> new CategoryDayState(
                StateFormat.readDecimal(in), in.readLong(), in.readLong(), in.readLong()));
    }
}
