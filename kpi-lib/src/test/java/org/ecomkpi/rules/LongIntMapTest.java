package org.ecomkpi.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class LongIntMapTest {

    @Test
    void answersAsAHashMapWhileItGrowsFromTheSmallestTable() {
        LongIntMap map = new LongIntMap(1);
        Map<Long, Integer> model = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            // sequential ids, their neighbours, and the extremes, the free-slot sentinel among them
            long key = switch (i % 4) {
                case 0 -> i;
                case 1 -> random.nextLong(1_000);
                case 2 -> random.nextLong();
                default -> i % 1000 == 3 ? Long.MIN_VALUE : Long.MAX_VALUE - random.nextInt(50);
            };
            Integer before = model.putIfAbsent(key, i);
            assertEquals(before == null ? LongIntMap.ABSENT : before, map.putIfAbsent(key, i), "put " + key);
        }
        assertEquals(model.size(), map.size());
        model.forEach((key, value) -> assertEquals(value, map.get(key), "get " + key));
        for (int i = 0; i < 10_000; i++) {
            long key = random.nextLong();
            assertEquals(model.getOrDefault(key, LongIntMap.ABSENT), map.get(key), "get " + key);
        }
    }

    @Test
    void aSetAnswersZeroForItsKeys() {
        LongIntMap set = LongIntMap.set(10);
        for (long k = 0; k < 1_000; k += 3) {
            assertEquals(LongIntMap.ABSENT, set.putIfAbsent(k, 99));
        }
        for (long k = 0; k < 1_000; k++) {
            assertEquals(k % 3 == 0 ? 0 : LongIntMap.ABSENT, set.get(k), "key " + k);
        }
        assertEquals(0, set.putIfAbsent(3, 5));
        assertEquals(334, set.size());
    }

    @Test
    void tablesAreSizedToTheirKeysNotToAPowerOfTwo() {
        // 25 million item ids (a 10-million-order batch): a third more slots, not 64 million
        assertEquals(33_333_335, LongIntMap.capacityFor(25_000_000));
        assertEquals(16, LongIntMap.capacityFor(0));
        assertEquals(16, LongIntMap.capacityFor(-5));
        assertEquals(Integer.MAX_VALUE - 8, LongIntMap.capacityFor(Long.MAX_VALUE));
    }

    @Test
    void growsByHalfWhenThreeQuartersAreTaken() {
        LongIntMap map = new LongIntMap(0);
        assertEquals(16, map.capacity());
        for (long k = 0; k < 12; k++) {
            map.putIfAbsent(k, (int) k);
        }
        assertEquals(16, map.capacity(), "12 of 16 taken");
        map.putIfAbsent(12, 12);
        assertEquals(24, map.capacity(), "the 13th key grows the table by half");
        for (long k = 0; k < 1_000_000; k++) {
            map.putIfAbsent(k, (int) k);
        }
        assertTrue(map.capacity() <= 1_000_000 / 0.75 * 1.5 + 1, "capacity " + map.capacity());
        assertTrue(map.capacity() >= 1_000_000 / 0.75, "capacity " + map.capacity());
        for (long k = 0; k < 1_000_000; k += 997) {
            assertEquals((int) k, map.get(k));
        }
    }
}
