package org.ecomkpi.generate;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.ecomkpi.row.Status;

/**
 * The current version of an order a lifecycle drop may change, and of its items: what a change batch needs to
 * re-send them. Only the orders kept in the change pool are tracked (see {@link DropGenerator#writeLifecycle}).
 * Optional timestamps are null when the version has none.
 */
final class TrackedOrder {
    final String id;
    /** created_at as the base drop wrote it, for {@link Change#CREATED_AT_RESTORED}. */
    final Instant originalCreated;
    final TimestampStyle style;
    final ZoneOffset offset;
    final List<TrackedItem> items = new ArrayList<>();
    String user;
    Instant created;
    Status status;
    String spelling;
    Instant shipped;
    Instant delivered;
    Instant returned;
    /** Returned by a change batch (a later batch may cancel that return). */
    boolean returnedByChange;

    TrackedOrder(String id, String user, Instant created, Status status, String spelling, TimestampStyle style,
            ZoneOffset offset, Instant shipped, Instant delivered, Instant returned) {
        this.id = id;
        this.user = user;
        this.created = created;
        this.originalCreated = created;
        this.status = status;
        this.spelling = spelling;
        this.style = style;
        this.offset = offset;
        this.shipped = shipped;
        this.delivered = delivered;
        this.returned = returned;
    }

    /** SPEC section 5: returned by status or by returned_at. */
    boolean isReturned() {
        return status == Status.RETURNED || returned != null;
    }

    boolean isMoved() {
        return !created.equals(originalCreated);
    }

    /** Whether some item's current version has no status or returned_at of its own (it follows this order). */
    boolean hasItemFollowingIt() {
        return items.stream().anyMatch(i -> i.ownStatus == null);
    }

    boolean hasItemWithOwnStatus() {
        return items.stream().anyMatch(i -> i.ownStatus != null);
    }

    /**
     * An item's current version. Its timestamps are kept relative to the order's created_at (and its own), so
     * a re-sent item follows a moved order.
     */
    static final class TrackedItem {
        final String id;
        final int product;
        final Duration createdAfterOrder;
        long cents;
        /** Null when the version has no status or returned_at of its own. */
        Status ownStatus;
        String ownSpelling;
        /** Relative to the item's created_at; null when absent. */
        Duration shippedAfter;
        Duration deliveredAfter;
        Duration returnedAfter;

        TrackedItem(String id, int product, long cents, Duration createdAfterOrder) {
            this.id = id;
            this.product = product;
            this.cents = cents;
            this.createdAfterOrder = createdAfterOrder;
        }

        /** From now on the item has no state of its own. */
        void dropOwnState() {
            ownStatus = null;
            ownSpelling = null;
            shippedAfter = null;
            deliveredAfter = null;
            returnedAfter = null;
        }
    }
}
