package org.ecomkpi.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.store.KpiStore;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The two KPI tables of SPEC section 5, with their key and KPI attributes in the SPEC's order. */
enum KpiTable {
    ORDER_KPI_TABLE("order_kpi_table", 1, List.of(
            KpiColumn.key("order_date"),
            KpiColumn.count("total_orders"),
            KpiColumn.money("total_revenue"),
            KpiColumn.count("total_items_sold"),
            KpiColumn.rate("return_rate"),
            KpiColumn.count("unique_customers"))),
    CATEGORY_KPI_TABLE("category_kpi_table", 2, List.of(
            KpiColumn.key("category"),
            KpiColumn.key("order_date"),
            KpiColumn.money("daily_revenue"),
            KpiColumn.money("avg_order_value"),
            KpiColumn.rate("avg_return_rate")));

    private final String tableName;
    private final int keyColumns;
    private final List<KpiColumn> columns;

    KpiTable(String tableName, int keyColumns, List<KpiColumn> columns) {
        this.tableName = tableName;
        this.keyColumns = keyColumns;
        this.columns = columns;
    }

    String tableName() {
        return tableName;
    }

    List<KpiColumn> columns() {
        return columns;
    }

    /**
     * The table's rows, optionally of one date and (category table only) one category, sorted by key: as
     * {@link String#compareTo} orders them, the same on every store.
     */
    List<List<Object>> rows(KpiStore store, Optional<LocalDate> date, Optional<String> category) {
        List<List<Object>> rows = new ArrayList<>();
        if (this == ORDER_KPI_TABLE) {
            for (OrderDayKpi k : store.orderKpis(date)) {
                rows.add(List.of(k.orderDate().toString(), k.totalOrders(), k.totalRevenue(), k.totalItemsSold(),
                        k.returnRate(), k.uniqueCustomers()));
            }
        } else {
            for (CategoryDayKpi k : store.categoryKpis(category, date)) {
                rows.add(List.of(k.category(), k.orderDate().toString(), k.dailyRevenue(), k.avgOrderValue(),
                        k.avgReturnRate()));
            }
        }
        rows.sort(byKey());
        return rows;
    }

    private Comparator<List<Object>> byKey() {
        Comparator<List<Object>> order = Comparator.comparing(row -> (String) row.get(0));
        for (int c = 1; c < keyColumns; c++) {
            int column = c;
            order = order.thenComparing(row -> (String) row.get(column));
        }
        return order;
    }

    @Override
    public String toString() {
        return tableName;
    }

    /** Reads {@code --table} by the table's name. */
    static final class Converter implements ITypeConverter<KpiTable> {
        @Override
        public KpiTable convert(String value) {
            for (KpiTable table : values()) {
                if (table.tableName.equals(value.trim())) {
                    return table;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a KPI table; use order_kpi_table or category_kpi_table");
        }
    }
}
