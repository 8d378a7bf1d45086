package org.ecomkpi.kpi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The two KPI tables of SPEC section 5 as every store and the command line see them: the table's name, its key
 * attributes and its KPI attributes, named and ordered as the SPEC names them. Stores build their columns, items
 * and reads from this one description.
 *
 * <pre>{@code
 * for (KpiSchema.Attribute a : KpiSchema.ORDER_KPI_TABLE.attributes()) {
 *     Object value = KpiSchema.ORDER_KPI_TABLE.value(a, row);   // LocalDate, String, Long or BigDecimal
 * }
 * }</pre>
 */
public enum KpiSchema {
    ORDER_KPI_TABLE("order_kpi_table", List.of(Attribute.ORDER_DATE), List.of(Attribute.TOTAL_ORDERS,
            Attribute.TOTAL_REVENUE, Attribute.TOTAL_ITEMS_SOLD, Attribute.RETURN_RATE, Attribute.UNIQUE_CUSTOMERS)),
    CATEGORY_KPI_TABLE("category_kpi_table", List.of(Attribute.CATEGORY, Attribute.ORDER_DATE), List.of(
            Attribute.DAILY_REVENUE, Attribute.AVG_ORDER_VALUE, Attribute.AVG_RETURN_RATE));

    /** What an attribute holds, which decides its type in a store and how it is shown. */
    public enum Kind {
        /** A {@code YYYY-MM-DD} UTC date ({@link LocalDate}). */
        DATE(-1),
        /** Text ({@link String}). */
        TEXT(-1),
        /** A whole number ({@link Long}). */
        COUNT(0),
        /** An exact decimal amount with 2 places ({@link BigDecimal}). */
        MONEY(2),
        /** A fraction with 4 places ({@link BigDecimal}). */
        RATE(4);

        private final int scale;

        Kind(int scale) {
            this.scale = scale;
        }

        /** Decimal places of a number kind; -1 for dates and text. */
        public int scale() {
            return scale;
        }

        public boolean isKey() {
            return this == DATE || this == TEXT;
        }
    }

    /** One attribute of a KPI table, by its SPEC name. */
    public enum Attribute {
        ORDER_DATE("order_date", Kind.DATE),
        CATEGORY("category", Kind.TEXT),
        TOTAL_ORDERS("total_orders", Kind.COUNT),
        TOTAL_REVENUE("total_revenue", Kind.MONEY),
        TOTAL_ITEMS_SOLD("total_items_sold", Kind.COUNT),
        RETURN_RATE("return_rate", Kind.RATE),
        UNIQUE_CUSTOMERS("unique_customers", Kind.COUNT),
        DAILY_REVENUE("daily_revenue", Kind.MONEY),
        AVG_ORDER_VALUE("avg_order_value", Kind.MONEY),
        AVG_RETURN_RATE("avg_return_rate", Kind.RATE);

        private final String attributeName;
        private final Kind kind;

        Attribute(String attributeName, Kind kind) {
            this.attributeName = attributeName;
            this.kind = kind;
        }

        /** The name in the SPEC, the stores and the CLI ({@code order_date}, {@code total_revenue}, ...). */
        public String attributeName() {
            return attributeName;
        }

        public Kind kind() {
            return kind;
        }
    }

    private final String tableName;
    private final List<Attribute> keys;
    private final List<Attribute> kpis;

    KpiSchema(String tableName, List<Attribute> keys, List<Attribute> kpis) {
        this.tableName = tableName;
        this.keys = keys;
        this.kpis = kpis;
    }

    /** The table's name ({@code order_kpi_table}, {@code category_kpi_table}). */
    public String tableName() {
        return tableName;
    }

    /** The key attributes: partition key first, then the sort key, if any. */
    public List<Attribute> keys() {
        return keys;
    }

    /** The KPI attributes, in the SPEC's order. */
    public List<Attribute> kpis() {
        return kpis;
    }

    /** The keys, then the KPIs. */
    public List<Attribute> attributes() {
        List<Attribute> all = new ArrayList<>(keys);
        all.addAll(kpis);
        return List.copyOf(all);
    }

    /** The value of {@code attribute} in a row of {@code order_kpi_table}. */
    public static Object value(Attribute attribute, OrderDayKpi row) {
        return switch (attribute) {
            case ORDER_DATE -> row.orderDate();
            case TOTAL_ORDERS -> row.totalOrders();
            case TOTAL_REVENUE -> row.totalRevenue();
            case TOTAL_ITEMS_SOLD -> row.totalItemsSold();
            case RETURN_RATE -> row.returnRate();
            case UNIQUE_CUSTOMERS -> row.uniqueCustomers();
            default -> throw new IllegalArgumentException(attribute + " is not an attribute of order_kpi_table");
        };
    }

    /** The value of {@code attribute} in a row of {@code category_kpi_table}. */
    public static Object value(Attribute attribute, CategoryDayKpi row) {
        return switch (attribute) {
            case CATEGORY -> row.category();
            case ORDER_DATE -> row.orderDate();
            case DAILY_REVENUE -> row.dailyRevenue();
            case AVG_ORDER_VALUE -> row.avgOrderValue();
            case AVG_RETURN_RATE -> row.avgReturnRate();
            default -> throw new IllegalArgumentException(attribute + " is not an attribute of category_kpi_table");
        };
    }

    /** An {@code order_kpi_table} row from its attribute values (typed as {@link Kind} says). */
    public static OrderDayKpi orderDay(Function<Attribute, Object> values) {
        return new OrderDayKpi((LocalDate) values.apply(Attribute.ORDER_DATE), (Long) values.apply(Attribute.TOTAL_ORDERS),
                (BigDecimal) values.apply(Attribute.TOTAL_REVENUE), (Long) values.apply(Attribute.TOTAL_ITEMS_SOLD),
                (BigDecimal) values.apply(Attribute.RETURN_RATE), (Long) values.apply(Attribute.UNIQUE_CUSTOMERS));
    }

    /** A {@code category_kpi_table} row from its attribute values (typed as {@link Kind} says). */
    public static CategoryDayKpi categoryDay(Function<Attribute, Object> values) {
        return new CategoryDayKpi((String) values.apply(Attribute.CATEGORY), (LocalDate) values.apply(Attribute.ORDER_DATE),
                (BigDecimal) values.apply(Attribute.DAILY_REVENUE), (BigDecimal) values.apply(Attribute.AVG_ORDER_VALUE),
                (BigDecimal) values.apply(Attribute.AVG_RETURN_RATE));
    }
}
