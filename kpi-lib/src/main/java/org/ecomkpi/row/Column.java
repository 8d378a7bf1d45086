package org.ecomkpi.row;

/**
 * Every column the pipeline knows, by its header name. Headers are matched trimmed and case-insensitively;
 * columns not listed here are carried along untouched (reject archives keep them) but never interpreted.
 */
public enum Column {
    ORDER_ID("order_id"),
    USER_ID("user_id"),
    CREATED_AT("created_at"),
    STATUS("status"),
    SHIPPED_AT("shipped_at"),
    DELIVERED_AT("delivered_at"),
    RETURNED_AT("returned_at"),
    NUM_OF_ITEM("num_of_item"),
    ID("id"),
    PRODUCT_ID("product_id"),
    SALE_PRICE("sale_price"),
    SKU("sku"),
    COST("cost"),
    CATEGORY("category"),
    RETAIL_PRICE("retail_price"),
    NAME("name"),
    BRAND("brand"),
    DEPARTMENT("department");

    private final String header;

    Column(String header) {
        this.header = header;
    }

    /** The header name as producers write it, lower case. */
    public String header() {
        return header;
    }

    @Override
    public String toString() {
        return header;
    }
}
