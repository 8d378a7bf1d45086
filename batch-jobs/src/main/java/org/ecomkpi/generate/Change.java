package org.ecomkpi.generate;

/**
 * A kind of change a later batch of a lifecycle drop ({@link DropGenerator#writeLifecycle}) makes to orders, items
 * or products of earlier batches (SPEC section 5, "Orders change"). Every change batch holds each kind at least a
 * few times; {@link DropSummary#changes(Change)} says how many.
 */
public enum Change {
    /** An order current without a return is re-sent returned: status {@code returned}, returned_at set, or both. */
    LATE_RETURN,
    /**
     * An order current as returned is re-sent complete or delivered without returned_at: one returned by an earlier
     * change batch when there is one (in the first change batch, one returned in the base drop).
     */
    RETURN_CANCELLED,
    /** An order is re-sent with created_at on another UTC day; it and all its items move to that date. */
    CREATED_AT_MOVED,
    /** An order moved by an earlier change batch is re-sent with its original created_at (from the second change batch on). */
    CREATED_AT_RESTORED,
    /** An order is re-sent with another user_id. */
    USER_CORRECTED,
    /** An order is re-sent one status further (processing, shipped, delivered, complete); no KPI changes. */
    STATUS_PROGRESSED,
    /** An order is re-sent with the same values. */
    RESENT_UNCHANGED,
    /**
     * An order is sent twice in one orders file: the first occurrence corrects its user_id, the second, which
     * differs again, is a {@code DUPLICATE_KEY} reject (also counted as an injected {@link Defect#DUPLICATE_KEY}).
     */
    RESENT_TWICE,
    /** A new item of an order from an earlier batch; the order itself is not in the change batch. */
    LATE_ITEM,
    /** An existing item re-sent with another sale_price in an items file that has item status columns. */
    ITEM_PRICE_CORRECTED,
    /**
     * An existing item re-sent with another sale_price in an items file without status and returned_at columns:
     * its new version takes its order's returned state.
     */
    ITEM_PRICE_CORRECTED_WITHOUT_STATUS_COLUMNS,
    /**
     * A product re-sent in the change batch's products file with another category: items accepted before keep the
     * category they were accepted with, items accepted in this batch or later take the new one.
     */
    PRODUCT_RECATEGORISED
}
