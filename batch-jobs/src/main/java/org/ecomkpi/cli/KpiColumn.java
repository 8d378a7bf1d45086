package org.ecomkpi.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One attribute of a KPI table as the command line shows it, named exactly as in SPEC section 5.
 *
 * @param name the attribute name ({@code order_date}, {@code total_revenue}, ...)
 * @param kind how its values are written
 */
record KpiColumn(String name, Kind kind) {

    /** What a column holds, which decides how it is written. */
    enum Kind {
        /** A key: a category or a {@code YYYY-MM-DD} date, written as text. */
        KEY,
        /** A whole number. */
        COUNT,
        /** An exact decimal amount, 2 places. */
        MONEY,
        /** A fraction, 4 places. */
        RATE
    }

    static KpiColumn key(String name) {
        return new KpiColumn(name, Kind.KEY);
    }

    static KpiColumn count(String name) {
        return new KpiColumn(name, Kind.COUNT);
    }

    static KpiColumn money(String name) {
        return new KpiColumn(name, Kind.MONEY);
    }

    static KpiColumn rate(String name) {
        return new KpiColumn(name, Kind.RATE);
    }

    boolean isNumber() {
        return kind != Kind.KEY;
    }

    /** The value as a CSV or table cell: money with 2 decimals, rates with 4, counts as integers. */
    String text(Object value) {
        return switch (kind) {
            case KEY -> value.toString();
            case COUNT -> Long.toString((Long) value);
            case MONEY -> ((BigDecimal) value).setScale(2, RoundingMode.HALF_UP).toPlainString();
            case RATE -> ((BigDecimal) value).setScale(4, RoundingMode.HALF_UP).toPlainString();
        };
    }

    /** The value for JSON: keys as strings, the rest as numbers with the same decimals as {@link #text}. */
    Object json(Object value) {
        return switch (kind) {
            case KEY -> value.toString();
            case COUNT -> value;
            case MONEY, RATE -> new BigDecimal(text(value));
        };
    }
}
