package org.ecomkpi.validation;

import java.util.Arrays;

/**
 * An open-addressing map from long to non-negative int, linear probing, no boxing: the key sets of a batch
 * (10 million orders and more) stay a few arrays instead of millions of objects. Built without values it is a
 * plain set (every present key maps to 0), at 8 bytes a slot instead of 12.
 */
final class LongIntMap {
    static final int ABSENT = -1;
    private static final long FREE = Long.MIN_VALUE;
    private static final float LOAD = 0.7f;

    private long[] keys;
    private int[] values;
    private int size;
    private int mask;
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
        int capacity = Integer.highestOneBit(Math.max(16, (int) (expected / LOAD) + 1) - 1) << 1;
        allocate(capacity);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, FREE);
        values = withValues ? new int[capacity] : null;
        mask = capacity - 1;
        threshold = (int) (capacity * LOAD);
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
            i = (i + 1) & mask;
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
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(oldKeys.length << 1);
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k != FREE) {
                int i = slot(k);
                while (keys[i] != FREE) {
                    i = (i + 1) & mask;
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
        return (int) h & mask;
    }
}
