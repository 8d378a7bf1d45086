package org.ecomkpi.generate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What a synthetic drop holds. Equal specs produce byte-identical files.
 *
 * <pre>{@code
 * DropSpec spec = DropSpec.builder(80_000, 30, 42L).badRowsPerRule(5).build();
 * DropSummary summary = new DropGenerator(spec).write(bucketRoot);
 * }</pre>
 *
 * @param orders          valid orders to write (bad rows come on top)
 * @param days            consecutive UTC days the orders' created_at are spread over
 * @param seed            seed of every random choice
 * @param badRowsPerRule  reject rows planted for every rule code, plus as many rows of each warning case
 * @param firstDay        the first UTC order date
 * @param now             the moment a validator should take as "now": valid created_at values are never more
 *                        than a day after it, {@link Defect#FUTURE_TIMESTAMP} rows are a century after it
 * @param customers       distinct user ids orders are drawn from
 * @param products        valid products in the catalogue
 * @param filesPerDrop    orders files (each with its own order_items file) of a drop written by
 *                        {@link DropGenerator#write}; each file gets its own layout quirks
 */
public record DropSpec(
        int orders,
        int days,
        long seed,
        int badRowsPerRule,
        LocalDate firstDay,
        Instant now,
        int customers,
        int products,
        int filesPerDrop) {

    /** Default first order date; fixed so that a spec never depends on the clock. */
    public static final LocalDate DEFAULT_FIRST_DAY = LocalDate.of(2024, 1, 1);

    public DropSpec {
        Objects.requireNonNull(firstDay, "firstDay");
        Objects.requireNonNull(now, "now");
        positive("orders", orders);
        positive("days", days);
        positive("customers", customers);
        positive("products", products);
        positive("filesPerDrop", filesPerDrop);
        if (badRowsPerRule < 0) {
            throw new IllegalArgumentException("badRowsPerRule must be 0 or more, was " + badRowsPerRule);
        }
        if (filesPerDrop > orders) {
            throw new IllegalArgumentException(
                    "filesPerDrop (" + filesPerDrop + ") must not exceed orders (" + orders + "): every file needs an order");
        }
        if (now.isBefore(lastDayEnd(firstDay, days))) {
            throw new IllegalArgumentException("now (" + now + ") must not be before the end of the last order day "
                    + firstDay.plusDays(days - 1L) + ", or valid orders would lie in the future");
        }
    }

    /** A spec with defaults for everything but the three essentials. */
    public static DropSpec of(int orders, int days, long seed) {
        return builder(orders, days, seed).build();
    }

    /** A builder starting from the defaults; see {@link Builder}. */
    public static Builder builder(int orders, int days, long seed) {
        return new Builder(orders, days, seed);
    }

    /** The last order date. */
    public LocalDate lastDay() {
        return firstDay.plusDays(days - 1L);
    }

    private static Instant lastDayEnd(LocalDate firstDay, int days) {
        return firstDay.plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be 1 or more, was " + value);
        }
    }

    /**
     * Builds a {@link DropSpec}. Defaults: no bad rows, first day {@link #DEFAULT_FIRST_DAY}, now = start of the
     * day after the last order day, customers = orders / 3, products = orders / 20 clamped to 24..5000,
     * files per drop = 3 (fewer when there are fewer orders).
     */
    public static final class Builder {
        private final int orders;
        private final int days;
        private final long seed;
        private int badRowsPerRule;
        private LocalDate firstDay = DEFAULT_FIRST_DAY;
        private Instant now;
        private int customers;
        private int products;
        private int filesPerDrop;

        private Builder(int orders, int days, long seed) {
            this.orders = orders;
            this.days = days;
            this.seed = seed;
        }

        public Builder badRowsPerRule(int rows) {
            this.badRowsPerRule = rows;
            return this;
        }

        public Builder firstDay(LocalDate day) {
            this.firstDay = Objects.requireNonNull(day, "firstDay");
            return this;
        }

        public Builder now(Instant moment) {
            this.now = Objects.requireNonNull(moment, "now");
            return this;
        }

        public Builder customers(int count) {
            this.customers = count;
            return this;
        }

        public Builder products(int count) {
            this.products = count;
            return this;
        }

        public Builder filesPerDrop(int count) {
            this.filesPerDrop = count;
            return this;
        }

        public DropSpec build() {
            Instant effectiveNow = now != null ? now
                    : firstDay.plusDays(Math.max(days, 1) + 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
            int effectiveCustomers = customers > 0 ? customers : Math.max(1, orders / 3);
            int effectiveProducts = products > 0 ? products : Math.min(5000, Math.max(24, orders / 20));
            int effectiveFiles = filesPerDrop > 0 ? filesPerDrop : Math.max(1, Math.min(3, orders));
            return new DropSpec(orders, days, seed, badRowsPerRule, firstDay, effectiveNow,
                    effectiveCustomers, effectiveProducts, effectiveFiles);
        }
    }
}
