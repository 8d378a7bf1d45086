package org.ecomkpi.rules;

import java.util.HashMap;
import java.util.Map;

/**
 * Gives each distinct id an ordinal 0, 1, 2, ... in order of first sight. Ids are opaque strings, but the
 * common numeric ones (canonical decimal digits that fit a long, like {@code 4711}) are kept as primitive longs
 * in an open-addressing table; any other id ({@code 007}, {@code A-17}) goes to an ordinary hash map. Both
 * spellings stay distinct: {@code 007} and {@code 7} are different ids.
 */
final class IdIndex {
    static final int ABSENT = LongIntMap.ABSENT;

    private final LongIntMap numeric;
    private final Map<String, Integer> other = new HashMap<>();
    private int size;

    IdIndex(int expected) {
        numeric = new LongIntMap(expected);
    }

    private IdIndex(LongIntMap numeric) {
        this.numeric = numeric;
    }

    /**
     * An index used only as a set (membership and size): its numeric ids take 8 bytes a slot instead of 12, and
     * the ordinals it returns for them are all 0.
     */
    static IdIndex set(int expected) {
        return new IdIndex(LongIntMap.set(expected));
    }

    int size() {
        return size;
    }

    /** The id's ordinal, or {@link #ABSENT}. */
    int ordinalOf(String id) {
        long n = canonicalNumber(id);
        if (n >= 0) {
            return numeric.get(n);
        }
        Integer ordinal = other.get(id);
        return ordinal == null ? ABSENT : ordinal;
    }

    /**
     * Adds the id unless present. Returns its new ordinal, or {@code -(existing ordinal) - 2} when it was
     * already there (so any negative result means "duplicate").
     */
    int add(String id) {
        long n = canonicalNumber(id);
        int existing;
        if (n >= 0) {
            existing = numeric.putIfAbsent(n, size);
        } else {
            Integer previous = other.putIfAbsent(id, size);
            existing = previous == null ? ABSENT : previous;
        }
        if (existing != ABSENT) {
            return -existing - 2;
        }
        return size++;
    }

    /** The id as a non-negative long when it is canonical decimal digits of at most 18 digits, else -1. */
    static long canonicalNumber(String id) {
        int length = id.length();
        if (length == 0 || length > 18 || (length > 1 && id.charAt(0) == '0')) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < length; i++) {
            int d = id.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }
}
