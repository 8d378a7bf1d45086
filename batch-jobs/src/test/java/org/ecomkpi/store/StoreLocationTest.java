package org.ecomkpi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLocationTest {
    @TempDir
    Path dir;

    @Test
    void dynamodbNamesTheDynamoDbStore() {
        StoreLocation store = StoreLocation.parse("dynamodb");

        assertTrue(store.isDynamoDb());
        assertEquals("dynamodb", store.spec());
        assertTrue(store.exists(), "its tables are checked when the store opens");
        IllegalStateException noFile = assertThrows(IllegalStateException.class, store::database);
        assertTrue(noFile.getMessage().contains("'dynamodb'"), noFile.getMessage());
    }

    @Test
    void anH2SpecNamesTheDatabaseFileWithOrWithoutItsSuffix() {
        StoreLocation store = StoreLocation.parse("h2:" + dir.resolve("kpis.mv.db"));

        assertFalse(store.isDynamoDb());
        assertEquals("h2:" + dir.resolve("kpis"), store.spec());
        assertEquals(dir.resolve("kpis.mv.db"), store.file());
        assertFalse(store.exists());
    }

    @Test
    void otherSpecsAreRefusedSayingWhatWouldBeRight() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> StoreLocation.parse("DynamoDB"));

        assertEquals("'DynamoDB' is not a store: use h2:<path> (e.g. h2:./.pipeline/store) or dynamodb",
                refused.getMessage());
    }
}
