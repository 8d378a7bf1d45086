package org.ecomkpi.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.KpiSchema;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.store.KpiStore;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The two KPI tables of SPEC section 5, with their key and KPI attributes in the SPEC's order. */
enum KpiTable {
    ORDER_KPI_TABLE(KpiSchema.ORDER_KPI_TABLE),
    CATEGORY_KPI_TABLE(KpiSchema.CATEGORY_KPI_TABLE);

    private final KpiSchema schema;
    private final List<KpiColumn> columns;

    KpiTable(KpiSchema schema) {
        this.schema = schema;
        this.columns = schema.attributes().stream().map(KpiColumn::new).toList();
    }

    String tableName() {
        return schema.tableName();
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
                rows.add(schema.attributes().stream().map(a -> keyAsText(KpiSchema.value(a, k))).toList());
            }
        } else {
            for (CategoryDayKpi k : store.categoryKpis(category, date)) {
                rows.add(schema.attributes().stream().map(a -> keyAsText(KpiSchema.value(a, k))).toList());
            }
        }
        rows.sort(byKey());
        return rows;
    }

    /** Dates as their {@code YYYY-MM-DD} text, so keys sort as strings on every store. */
    private static Object keyAsText(Object value) {
        return value instanceof LocalDate date ? date.toString() : value;
    }

    private Comparator<List<Object>> byKey() {
        Comparator<List<Object>> order = Comparator.comparing(row -> (String) row.get(0));
        for (int c = 1; c < schema.keys().size(); c++) {
            int column = c;
            order = order.thenComparing(row -> (String) row.get(column));
        }
        return order;
    }

    @Override
    public String toString() {
        return schema.tableName();
    }

    /** Reads {@code --table} by the table's name. */
    static final class Converter implements ITypeConverter<KpiTable> {
        @Override
        public KpiTable convert(String value) {
            for (KpiTable table : values()) {
                if (table.tableName().equals(value.trim())) {
                    return table;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a KPI table; use order_kpi_table or category_kpi_table");
        }
    }
}
