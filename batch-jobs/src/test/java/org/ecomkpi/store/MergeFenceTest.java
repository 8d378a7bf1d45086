package org.ecomkpi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** How writes are cut into transactions: DynamoDB takes 100 actions (one is the fence's check) and 4 MB of items. */
class MergeFenceTest {

    @Test
    void smallWritesArePacked99ATransactionInTheirOrder() {
        List<TransactWriteItem> writes = new ArrayList<>();
        for (int k = 0; k < 250; k++) {
            writes.add(MergeFence.put("state", Map.of("k", AttributeValue.fromS("o#" + k))));
        }

        List<List<TransactWriteItem>> packs = MergeFence.packs(writes);

        assertEquals(List.of(99, 99, 52), packs.stream().map(List::size).toList());
        assertEquals(writes, packs.stream().flatMap(List::stream).toList());
    }

    @Test
    void largeItemsArePackedUnder4MbATransaction() {
        List<TransactWriteItem> writes = new ArrayList<>();
        for (int c = 0; c < 30; c++) {
            writes.add(MergeFence.put("control", Map.of("pk", AttributeValue.fromS("plan#r1"),
                    "sk", AttributeValue.fromS(String.format("%05d", c)),
                    "data", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[WriteAheadPlan.CHUNK_BYTES])))));
        }

        List<List<TransactWriteItem>> packs = MergeFence.packs(writes);

        assertEquals(List.of(13, 13, 4), packs.stream().map(List::size).toList());
        for (List<TransactWriteItem> pack : packs) {
            long bytes = pack.stream().mapToLong(MergeFence::bytes).sum() + MergeFence.itemBytes(MergeFence.key(7));
            assertTrue(bytes <= MergeFence.MAX_BYTES, bytes + " bytes");
        }
    }

    @Test
    void noWritesMakeNoTransaction() {
        assertEquals(List.of(), MergeFence.packs(List.of()));
    }

    @Test
    void anItemsSizeCountsNamesAndValuesAsDynamoDbDoesAtMost() {
        Map<String, AttributeValue> item = Map.of("k", AttributeValue.fromS("é#1"), // 1 + 4
                "n", AttributeValue.fromN("12.50"),                                // 1 + at most 6
                "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[10])));   // 1 + 10

        assertEquals(5 + 7 + 11, MergeFence.itemBytes(item));
    }
}
