package org.ecomkpi.generate;

import java.util.List;

import org.ecomkpi.row.FileType;

/**
 * A defect the generator can plant in a drop: one per reject rule code of SPEC section 3, plus the two warning
 * conditions. {@link #code()} is the rule code a validator reports for it.
 *
 * <p>Each planted reject row fails its own rule and no rule earlier in the SPEC's precedence, so a validator
 * must report exactly {@link DropSummary#injected(Defect, FileType)} rows for each code. Bad orders are planted
 * without items, so no reject cascades into an {@code UNKNOWN_ORDER} beyond the planted ones.
 */
public enum Defect {
    MISSING_FIELD(List.of(FileType.ORDERS, FileType.ORDER_ITEMS, FileType.PRODUCTS)),
    BAD_ID(List.of(FileType.ORDERS, FileType.ORDER_ITEMS, FileType.PRODUCTS)),
    BAD_TIMESTAMP(List.of(FileType.ORDERS, FileType.ORDER_ITEMS)),
    FUTURE_TIMESTAMP(List.of(FileType.ORDERS, FileType.ORDER_ITEMS)),
    TIME_ORDER(List.of(FileType.ORDERS, FileType.ORDER_ITEMS)),
    BAD_NUMBER(List.of(FileType.ORDER_ITEMS, FileType.PRODUCTS, FileType.ORDERS)),
    NEGATIVE_AMOUNT(List.of(FileType.ORDER_ITEMS, FileType.PRODUCTS, FileType.ORDERS)),
    BAD_STATUS(List.of(FileType.ORDERS, FileType.ORDER_ITEMS)),
    DUPLICATE_KEY(List.of(FileType.ORDERS, FileType.ORDER_ITEMS, FileType.PRODUCTS)),
    UNKNOWN_ORDER(List.of(FileType.ORDER_ITEMS)),
    UNKNOWN_PRODUCT(List.of(FileType.ORDER_ITEMS)),
    /** Warning: an order's num_of_item differs from its number of item rows (the order is kept). */
    NUM_OF_ITEM_MISMATCH(List.of(FileType.ORDERS)),
    /** Warning: a product whose cost is above its retail price (the product is kept). */
    COST_ABOVE_RETAIL(List.of(FileType.PRODUCTS));

    private final List<FileType> targets;

    Defect(List<FileType> targets) {
        this.targets = targets;
    }

    /** The rule (or warning) code, e.g. {@code BAD_TIMESTAMP}. */
    public String code() {
        return name();
    }

    /** Whether the row is kept and only counted as a warning. */
    public boolean isWarning() {
        return this == NUM_OF_ITEM_MISMATCH || this == COST_ABOVE_RETAIL;
    }

    /** File types this defect is planted in, in the rotation the generator uses. */
    public List<FileType> targets() {
        return targets;
    }
}
