package org.ecomkpi.rules;

import java.util.Arrays;

/**
 * An open-addressing map from long to non-negative int, linear probing, no boxing: the key sets of a batch
 * (10 million orders and more) stay a few arrays instead of millions of objects. Built without values it is a
 * plain set (every present key maps to 0), at 8 bytes a slot instead of 12.
 *
 * <p>A table has any number of slots, not a power of two (a hash is mapped onto them by a multiply and a shift), and
 * grows by half when three quarters are taken: 25 million item ids take 33 million slots (267 MB), where doubling
 * power-of-two tables would take 64 million (512 MB), and a growth holds the old table and one 1.5 times its size,
 * not twice. So a 10-million-order batch is validated in a 1 GiB heap.
 */
final class LongIntMap {
    static final int ABSENT = -1;
    private static final long FREE = Long.MIN_VALUE;
    private static final double LOAD = 0.75;
    /** The most slots a table may have: arrays are indexed by int. */
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private long[] keys;
    private int[] values;
    private int size;
    private int threshold;
    private boolean hasFreeKey; // the sentinel value itself, stored aside
    private int freeKeyValue;

    private final boolean withValues;

    LongIntMap(int expected) {
        this(expected, true);
    }

    /** A set of longs: {@link #get} answers 0 for a present key. */
    static LongIntMap set(int expected) {
        return new LongIntMap(expected, false);
    }

    private LongIntMap(int expected, boolean withValues) {
        this.withValues = withValues;
        allocate(capacityFor(expected));
    }

    /** Slots for {@code expected} keys at the load factor: at least 16. */
    static int capacityFor(long expected) {
        return (int) Math.min(MAX_CAPACITY, Math.max(16, Math.ceil(Math.max(0, expected) / LOAD) + 1));
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, FREE);
        values = withValues ? new int[capacity] : null;
        threshold = (int) Math.min(capacity - 1L, (long) (capacity * LOAD));
    }

    /** The number of slots: what the table holds in memory, 8 (a set) or 12 bytes each. */
    int capacity() {
        return keys.length;
    }

    int size() {
        return size;
    }

    /** The value for the key, or {@link #ABSENT}. */
    int get(long key) {
        if (key == FREE) {
            return hasFreeKey ? freeKeyValue : ABSENT;
        }
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return withValues ? values[i] : 0;
            }
            if (k == FREE) {
                return ABSENT;
            }
            i = next(i);
        }
    }

    /** Stores the value unless the key is present; returns the value already there, or {@link #ABSENT}. */
    int putIfAbsent(long key, int value) {
        if (key == FREE) {
            if (hasFreeKey) {
                return freeKeyValue;
            }
            hasFreeKey = true;
            freeKeyValue = withValues ? value : 0;
            size++;
            return ABSENT;
        }
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return withValues ? values[i] : 0;
            }
            if (k == FREE) {
                keys[i] = key;
                if (withValues) {
                    values[i] = value;
                }
                if (++size > threshold) {
                    grow();
                }
                return ABSENT;
            }
            i = next(i);
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        if (oldKeys.length == MAX_CAPACITY) {
            throw new IllegalStateException("more than " + threshold + " distinct ids in one batch");
        }
        allocate((int) Math.min(MAX_CAPACITY, oldKeys.length + (oldKeys.length >> 1)));
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k != FREE) {
                int i = slot(k);
                while (keys[i] != FREE) {
                    i = next(i);
                }
                keys[i] = k;
                if (withValues) {
                    values[i] = oldValues[j];
                }
            }
        }
    }

    private int slot(long key) {
        // MurmurHash3's finaliser: sequential ids spread over the whole table
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        // the hash's top 32 bits scaled onto [0, slots): no power-of-two table size needed
        return (int) (((h >>> 32) * keys.length) >>> 32);
    }

    private int next(int slot) {
        return slot + 1 == keys.length ? 0 : slot + 1;
    }
}
