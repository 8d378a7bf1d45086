package org.ecomkpi.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.ecomkpi.csv.SpreadsheetSafe;
import org.ecomkpi.kpi.KpiSchema;

/**
 * One attribute of a KPI table as the command line shows it: kpi-lib's {@link KpiSchema.Attribute}, named and
 * typed as in SPEC section 5.
 *
 * @param attribute the attribute ({@code order_date}, {@code total_revenue}, ...)
 */
record KpiColumn(KpiSchema.Attribute attribute) {

    String name() {
        return attribute.attributeName();
    }

    boolean isNumber() {
        return !attribute.kind().isKey();
    }

    /** The value as a CSV or table cell: money with 2 decimals, rates with 4, counts as integers. */
    String text(Object value) {
        return switch (attribute.kind()) {
            case DATE, TEXT -> value.toString();
            case COUNT -> Long.toString((Long) value);
            case MONEY, RATE -> ((BigDecimal) value).setScale(attribute.kind().scale(), RoundingMode.HALF_UP)
                    .toPlainString();
        };
    }

    /**
     * The value as a CSV cell: {@link #text}, with key cells made spreadsheet-safe as the reject files are
     * ({@link SpreadsheetSafe}). Numbers are left alone: they are data, and a KPI is never negative anyway.
     */
    String csv(Object value) {
        String text = text(value);
        return isNumber() ? text : SpreadsheetSafe.cell(text);
    }

    /** The value for JSON: keys as strings, the rest as numbers with the same decimals as {@link #text}. */
    Object json(Object value) {
        return switch (attribute.kind()) {
            case DATE, TEXT -> value.toString();
            case COUNT -> value;
            case MONEY, RATE -> new BigDecimal(text(value));
        };
    }
}
