package org.ecomkpi.store;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a store remembers of an applied run: the {@code order_kpi_table} dates and the number of
 * {@code category_kpi_table} keys it changed (written, or deleted because nothing was left), for the run's report.
 *
 * @param runId        the run
 * @param orderDates   dates whose row the run changed or deleted
 * @param categoryKeys category-and-date keys the run changed or deleted
 * @param keysWritten  every key the run wrote or deleted: order states, item index entries, customer counts and
 *                     KPI rows (what the run cost the store in writes: a key the H2 store writes in several
 *                     slices of a large run counts once per slice)
 */
public record AppliedRun(String runId, SortedSet<LocalDate> orderDates, int categoryKeys, long keysWritten) {
    public AppliedRun {
        Objects.requireNonNull(runId, "runId");
        orderDates = Collections.unmodifiableSortedSet(new TreeSet<>(orderDates));
    }

    /** What a store records of a run that applied {@code plan}. */
    static AppliedRun of(String runId, MergePlan plan) {
        return new AppliedRun(runId, new TreeSet<>(plan.kpis().orderDays().keySet()), plan.kpis().categoryDays().size(),
                plan.size());
    }

    /** The dates as stored: {@code YYYY-MM-DD} joined by commas (empty when none). */
    public String orderDatesText() {
        return String.join(",", orderDates.stream().map(LocalDate::toString).toList());
    }

    /** Reads dates stored by {@link #orderDatesText()}. */
    public static SortedSet<LocalDate> parseOrderDates(String text) {
        SortedSet<LocalDate> dates = new TreeSet<>();
        if (text != null && !text.isBlank()) {
            for (String date : text.split(",")) {
                dates.add(LocalDate.parse(date.trim()));
            }
        }
        return dates;
    }
}
