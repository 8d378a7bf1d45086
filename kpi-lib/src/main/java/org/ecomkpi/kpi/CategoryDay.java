package org.ecomkpi.kpi;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;

/** The key of {@code category_kpi_table}: a category on an order date. Sorted by category, then date. */
public record CategoryDay(String category, LocalDate orderDate) implements Comparable<CategoryDay> {
    private static final Comparator<CategoryDay> ORDER =
            Comparator.comparing(CategoryDay::category).thenComparing(CategoryDay::orderDate);

    public CategoryDay {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(orderDate, "orderDate");
    }

    @Override
    public int compareTo(CategoryDay other) {
        return ORDER.compare(this, other);
    }
}
