package org.ecomkpi.rules;

/** Findings that are counted in the data-quality report while the row is kept (SPEC section 3). */
public enum WarningCode {
    /** An order's num_of_item differs from the number of its items accepted in the batch. */
    ITEM_COUNT_MISMATCH,
    /** A product's cost is above its retail price. */
    COST_ABOVE_RETAIL
}
