package org.ecomkpi.generate;

/**
 * Hands out ids outside the valid ranges: ids of bad rows and the dangling references of
 * {@code UNKNOWN_ORDER}/{@code UNKNOWN_PRODUCT} rows, so they never collide with a valid row. Item ids are one
 * sequence for valid and bad items alike.
 */
final class SpareIds {
    private long nextOrder;
    private long nextProduct;
    private long nextItem = 1;

    SpareIds(DropSpec spec) {
        this.nextOrder = spec.orders() + 1L;
        this.nextProduct = spec.products() + 1L;
    }

    String orderId() {
        return Long.toString(nextOrder++);
    }

    String productId() {
        return Long.toString(nextProduct++);
    }

    String itemId() {
        return Long.toString(nextItem++);
    }

    /** An id over the 64-character limit. */
    static String tooLong(String prefix) {
        return prefix + "9".repeat(80 - prefix.length());
    }
}
