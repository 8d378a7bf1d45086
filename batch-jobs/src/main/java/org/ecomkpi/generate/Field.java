package org.ecomkpi.generate;

/** Every column the generator writes, known ones and the extras real producers add. */
enum Field {
    ORDER_ID("order_id"),
    USER_ID("user_id"),
    STATUS("status"),
    CREATED_AT("created_at"),
    SHIPPED_AT("shipped_at"),
    DELIVERED_AT("delivered_at"),
    RETURNED_AT("returned_at"),
    NUM_OF_ITEM("num_of_item"),
    GENDER("gender"),
    TRAFFIC_SOURCE("traffic_source"),
    ID("id"),
    PRODUCT_ID("product_id"),
    INVENTORY_ITEM_ID("inventory_item_id"),
    SALE_PRICE("sale_price"),
    SKU("sku"),
    COST("cost"),
    CATEGORY("category"),
    RETAIL_PRICE("retail_price"),
    NAME("name"),
    BRAND("brand"),
    DEPARTMENT("department"),
    DISTRIBUTION_CENTER_ID("distribution_center_id");

    static final int COUNT = values().length;

    private final String header;

    Field(String header) {
        this.header = header;
    }

    String header() {
        return header;
    }
}
