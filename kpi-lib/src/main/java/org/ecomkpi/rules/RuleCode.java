package org.ecomkpi.rules;

/**
 * Why a row was rejected (SPEC section 3). A row gets exactly one code: the rules are checked in the order
 * declared here, and the first that fails is the row's code. Within one rule, columns are checked in the
 * order the file type lists them ({@link org.ecomkpi.row.FileType}).
 */
public enum RuleCode {
    /** A required field is empty or whitespace. */
    MISSING_FIELD,
    /** An id longer than 64 characters or holding control characters; a category longer than 200 characters. */
    BAD_ID,
    /** A present timestamp that is not an accepted ISO-8601 date-time, or one before 1970-01-01T00:00:00Z. */
    BAD_TIMESTAMP,
    /** created_at more than one day after the moment the job runs. */
    FUTURE_TIMESTAMP,
    /** shipped_at before created_at, delivered_at before shipped_at, or returned_at before delivered_at. */
    TIME_ORDER,
    /**
     * A price or cost that is not a plain decimal or has more than 12 digits before the point (leading zeros
     * aside) or more than 6 after it; a num_of_item that is not a whole number of at most 9 digits.
     */
    BAD_NUMBER,
    /** A price, cost or num_of_item below zero. */
    NEGATIVE_AMOUNT,
    /** A present status outside processing, shipped, delivered, complete, cancelled, returned. */
    BAD_STATUS,
    /** A primary key already accepted earlier in the same batch (products: in the same file). */
    DUPLICATE_KEY,
    /** An item whose order is not an accepted order of the same batch. */
    UNKNOWN_ORDER,
    /** An item whose product is not in the catalogue. */
    UNKNOWN_PRODUCT
}
