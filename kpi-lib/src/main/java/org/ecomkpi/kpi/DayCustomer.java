package org.ecomkpi.kpi;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;

/**
 * A customer on an order date: the key of the exact unique_customers count. Its state is how many current
 * orders of that date the customer has; unique_customers of a date is the number of its keys with a count
 * above zero. Sorted by date, then user id.
 */
public record DayCustomer(LocalDate orderDate, String userId) implements Comparable<DayCustomer> {
    private static final Comparator<DayCustomer> ORDER =
            Comparator.comparing(DayCustomer::orderDate).thenComparing(DayCustomer::userId);

    public DayCustomer {
        Objects.requireNonNull(orderDate, "orderDate");
        Objects.requireNonNull(userId, "userId");
    }

    @Override
    public int compareTo(DayCustomer other) {
        return ORDER.compare(this, other);
    }
}
