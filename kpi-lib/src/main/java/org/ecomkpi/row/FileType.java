package org.ecomkpi.row;

import static org.ecomkpi.row.Column.*;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The three kinds of file in a drop, with the columns each must and may have (SPEC section 2). */
public enum FileType {
    ORDERS("orders",
            List.of(ORDER_ID, USER_ID, CREATED_AT, STATUS),
            List.of(SHIPPED_AT, DELIVERED_AT, RETURNED_AT, NUM_OF_ITEM)),
    ORDER_ITEMS("order_items",
            List.of(ID, ORDER_ID, PRODUCT_ID, SALE_PRICE),
            List.of(STATUS, CREATED_AT, SHIPPED_AT, DELIVERED_AT, RETURNED_AT, USER_ID)),
    PRODUCTS("products",
            List.of(ID, SKU, COST, CATEGORY, RETAIL_PRICE),
            List.of(NAME, BRAND, DEPARTMENT));

    private final String folder;
    private final List<Column> required;
    private final List<Column> optional;

    FileType(String folder, List<Column> required, List<Column> optional) {
        this.folder = folder;
        this.required = required;
        this.optional = optional;
    }

    /** The folder name under {@code landing-data/} (and in archives), e.g. {@code order_items}. */
    public String folder() {
        return folder;
    }

    /** Columns whose absence from the header is a schema error. */
    public List<Column> requiredColumns() {
        return required;
    }

    /** Columns read when present. */
    public List<Column> optionalColumns() {
        return optional;
    }

    /** The column holding this file's primary key. */
    public Column keyColumn() {
        return this == ORDERS ? ORDER_ID : ID;
    }

    /** The file type for a folder name such as {@code orders}, case-insensitively. */
    public static Optional<FileType> ofFolder(String folder) {
        String wanted = folder.toLowerCase(Locale.ROOT);
        for (FileType type : values()) {
            if (type.folder.equals(wanted)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
