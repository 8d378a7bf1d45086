package org.ecomkpi.store;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How the {@code dynamodb} store is opened: the names of its four tables, and whether missing ones are created
 * ({@value DynamoDbKpiStore#CREATE_TABLES_VARIABLE}{@code =true}, for local emulators; on AWS the stack creates them).
 *
 * <pre>{@code
 * DynamoDbStoreSettings settings = DynamoDbStoreSettings.fromEnvironment(Map.of("PIPELINE_CREATE_TABLES", "true"));
 * try (KpiStore store = StoreLocation.DYNAMODB.open(clients, settings)) { ... }
 * }</pre>
 *
 * @param tables       the table names ({@link DynamoDbTables#fromEnvironment})
 * @param createTables whether opening the store creates the tables that are missing
 */
public record DynamoDbStoreSettings(DynamoDbTables tables, boolean createTables) {

    public DynamoDbStoreSettings {
        Objects.requireNonNull(tables, "tables");
    }

    /** The default tables, which must exist. */
    public static DynamoDbStoreSettings defaults() {
        return new DynamoDbStoreSettings(DynamoDbTables.defaults(), false);
    }

    /**
     * Table names from {@code PIPELINE_*_TABLE}, and {@value DynamoDbKpiStore#CREATE_TABLES_VARIABLE} ({@code true}
     * or {@code false}, any case; unset or blank is {@code false}).
     *
     * @throws IllegalArgumentException naming the variable, for a table name DynamoDB refuses or another value of
     *                                  {@value DynamoDbKpiStore#CREATE_TABLES_VARIABLE}
     */
    public static DynamoDbStoreSettings fromEnvironment(Map<String, String> environment) {
        String create = environment.getOrDefault(DynamoDbKpiStore.CREATE_TABLES_VARIABLE, "").trim()
                .toLowerCase(Locale.ROOT);
        if (!create.isEmpty() && !create.equals("true") && !create.equals("false")) {
            throw new IllegalArgumentException(DynamoDbKpiStore.CREATE_TABLES_VARIABLE + " is '"
                    + environment.get(DynamoDbKpiStore.CREATE_TABLES_VARIABLE) + "'; expected true or false");
        }
        return new DynamoDbStoreSettings(DynamoDbTables.fromEnvironment(environment), create.equals("true"));
    }
}
