package org.ecomkpi.store;

import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The four tables of {@link DynamoDbKpiStore}, checked or created: each must exist with its key schema, or is created
 * where missing (local emulators; on AWS the stack creates them).
 */
final class DynamoDbTableSetup {
    private static final String SPEC = DynamoDbKpiStore.SPEC;

    private final DynamoDbClient client;
    private final DynamoDbConnection dynamo;
    private final List<TableShape> shapes;

    DynamoDbTableSetup(DynamoDbClient client, DynamoDbConnection dynamo, OrderKpiItems orderTable,
                       CategoryKpiItems categoryTable, ControlTable control, DynamoDbState state) {
        this.client = client;
        this.dynamo = dynamo;
        this.shapes = List.of(
                new TableShape(orderTable.name(), DynamoDbTables.ORDER_TABLE_VARIABLE, orderTable.keySchema(),
                        orderTable.keyAttributes()),
                new TableShape(categoryTable.name(), DynamoDbTables.CATEGORY_TABLE_VARIABLE, categoryTable.keySchema(),
                        categoryTable.keyAttributes()),
                new TableShape(control.name(), DynamoDbTables.CONTROL_TABLE_VARIABLE, ControlTable.keySchema(),
                        ControlTable.keyAttributes()),
                new TableShape(state.name(), DynamoDbTables.STATE_TABLE_VARIABLE, DynamoDbState.keySchema(),
                        DynamoDbState.keyAttributes()));
    }

    /**
     * Creates the four tables (on-demand capacity) where missing and waits until they are active. An existing table
     * with another key schema is refused, naming it.
     */
    void createIfMissing() {
        for (TableShape shape : shapes) {
            Optional<TableDescription> existing = describe(shape.name());
            if (existing.isPresent()) {
                shape.requireMatches(existing.get());
                continue;
            }
            try {
                dynamo.call("create table '" + shape.name() + "'", () -> client.createTable(b -> b
                        .tableName(shape.name())
                        .keySchema(shape.keySchema())
                        .attributeDefinitions(shape.keyAttributes())
                        .billingMode(BillingMode.PAY_PER_REQUEST)));
            } catch (StoreException e) {
                if (!(e.getCause() instanceof ResourceInUseException)) {
                    throw e;
                } // another process is creating it right now
            }
        }
        for (TableShape shape : shapes) {
            dynamo.call("wait for table '" + shape.name() + "'", () -> client.waiter()
                    .waitUntilTableExists(b -> b.tableName(shape.name())));
        }
    }

    /** Refuses, saying how to get it, a table that is missing or has another key schema. */
    void requireAll() {
        for (TableShape shape : shapes) {
            TableDescription table = describe(shape.name()).orElseThrow(() -> new StoreException("store '" + SPEC
                    + "': table '" + shape.name() + "' (" + shape.variable() + ") does not exist at "
                    + DynamoDbEndpoint.describe(client), "on AWS the CloudFormation stack (cfn/template.yaml) creates "
                    + "it; against a local emulator set " + DynamoDbKpiStore.CREATE_TABLES_VARIABLE + "=true to create"
                    + " the tables; or set " + shape.variable() + " to the table's name", null));
            shape.requireMatches(table);
        }
    }

    /**
     * A table's description, empty when it does not exist: the store's first calls, bounded so that an endpoint
     * that cannot be reached is reported at once ({@link DynamoDbEndpoint}).
     */
    private Optional<TableDescription> describe(String table) {
        return DynamoDbEndpoint.describeTable(client, SPEC, table);
    }

    /** A table the store needs: its name, the variable that names it, and its key. */
    private record TableShape(String name, String variable, List<KeySchemaElement> keySchema,
                              List<AttributeDefinition> keyAttributes) {
        void requireMatches(TableDescription table) {
            if (!table.keySchema().equals(keySchema)) {
                throw new StoreException("store '" + SPEC + "': table '" + name + "' has the key schema "
                        + table.keySchema() + ", expected " + keySchema);
            }
        }
    }
}
