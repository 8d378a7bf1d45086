package org.ecomkpi.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ecomkpi.kpi.CategoryDay;
import org.ecomkpi.kpi.CategoryDayState;
import org.ecomkpi.kpi.DayCustomer;
import org.ecomkpi.kpi.KpiUpdate;
import org.ecomkpi.kpi.OrderDayState;
import org.ecomkpi.kpi.OrderEntity;
import org.ecomkpi.store.DynamoDbConnection.Projection;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The DynamoDB side of {@link MergePlan}: consistent BatchGetItem reads (100 keys a request) of the keys a run
 * touches, and the plan turned into the puts and deletes an apply sends through the merge lock's fences
 * ({@link MergeFence}).
 *
 * <p>The state table ({@code kpi_state_table} by default) has one string partition key {@value #KEY}:
 * <ul>
 *   <li>{@code o#<order id>}: {@value #ENTITY} (B, kpi-lib's {@code OrderEntity} bytes: the order's current
 *       version with its current items) and {@value KpiItems#UPDATED_BY_RUN};</li>
 *   <li>{@code i#<item id>}: {@value #ORDER_ID} (S), the order the item currently belongs to;</li>
 *   <li>{@code c#<yyyy-mm-dd>#<user id>}: {@value #ORDERS} (N), that customer's count of current orders on the
 *       date (deleted at zero), what keeps unique_customers exact.</li>
 * </ul>
 * The KPI tables keep their KPI Numbers beside {@value KpiItems#STATE} (B, {@code OrderDayState} /
 * {@code CategoryDayState}); an empty state deletes the row.
 */
final class DynamoDbState implements StateReader {
    static final String KEY = "k";
    static final String ENTITY = "entity";
    static final String ORDER_ID = "order_id";
    static final String ORDERS = "orders";

    private static final String ORDER = "o#";
    private static final String ITEM = "i#";
    private static final String CUSTOMER = "c#";

    private final String table;
    private final OrderKpiItems orderTable;
    private final CategoryKpiItems categoryTable;
    private final DynamoDbConnection dynamo;

    DynamoDbState(String table, OrderKpiItems orderTable, CategoryKpiItems categoryTable, DynamoDbConnection dynamo) {
        this.table = table;
        this.orderTable = orderTable;
        this.categoryTable = categoryTable;
        this.dynamo = dynamo;
    }

    String name() {
        return table;
    }

    static List<KeySchemaElement> keySchema() {
        return List.of(KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build());
    }

    static List<AttributeDefinition> keyAttributes() {
        return List.of(AttributeDefinition.builder().attributeName(KEY).attributeType(ScalarAttributeType.S).build());
    }

    private static Map<String, AttributeValue> key(String key) {
        return Map.of(KEY, AttributeValue.fromS(key));
    }

    private static String customerKey(DayCustomer customer) {
        return CUSTOMER + customer.orderDate() + "#" + customer.userId();
    }

    // --- reads ----------------------------------------------------------------------------------------------

    @Override
    public Map<String, String> itemOrders(Collection<String> itemIds) {
        Map<String, String> found = new HashMap<>();
        for (Map<String, AttributeValue> item : read(ITEM, itemIds, List.of(KEY, ORDER_ID), "item orders")) {
            found.put(item.get(KEY).s().substring(ITEM.length()), KpiItems.requireString(item, ORDER_ID));
        }
        return found;
    }

    @Override
    public Map<String, OrderEntity> orders(Collection<String> orderIds) {
        Map<String, OrderEntity> found = new HashMap<>();
        for (Map<String, AttributeValue> item : read(ORDER, orderIds, List.of(KEY, ENTITY), "orders")) {
            String orderId = item.get(KEY).s().substring(ORDER.length());
            found.put(orderId, CorruptStateException.decode(table, item.get(KEY).s(), bytes(item, ENTITY),
                    OrderEntity::fromBytes));
        }
        return found;
    }

    /** Which of the orders have a current version: a read of their keys only. */
    List<String> existingOrders(Collection<String> orderIds) {
        List<String> found = new ArrayList<>();
        for (Map<String, AttributeValue> item : read(ORDER, orderIds, List.of(KEY), "orders")) {
            found.add(item.get(KEY).s().substring(ORDER.length()));
        }
        return found;
    }

    @Override
    public Map<DayCustomer, Long> customers(Collection<DayCustomer> keys) {
        Map<String, DayCustomer> byKey = new LinkedHashMap<>();
        keys.forEach(customer -> byKey.put(customerKey(customer), customer));
        List<Map<String, AttributeValue>> keyItems = byKey.keySet().stream().map(DynamoDbState::key).toList();
        Map<DayCustomer, Long> found = new HashMap<>();
        for (Map<String, AttributeValue> item : dynamo.batchGet(table, keyItems, Projection.of(List.of(KEY, ORDERS)),
                "read " + keyItems.size() + " customer counts")) {
            found.put(byKey.get(item.get(KEY).s()), KpiItems.whole(item, ORDERS));
        }
        return found;
    }

    @Override
    public Map<LocalDate, OrderDayState> orderDays(Collection<LocalDate> dates) {
        return states(orderTable, dates);
    }

    @Override
    public Map<CategoryDay, CategoryDayState> categoryDays(Collection<CategoryDay> keys) {
        return states(categoryTable, keys);
    }

    /** The stored row states of a KPI table's keys; a state that fails its checksum names the table and key. */
    private <K, S> Map<K, S> states(KpiItems<K, S> table, Collection<K> keys) {
        Map<K, S> found = new HashMap<>();
        for (Map<String, AttributeValue> item : readKpis(table, keys)) {
            K key = table.keyOf(item);
            found.put(key, CorruptStateException.decode(table.name(), key, bytes(item, KpiItems.STATE), table::decode));
        }
        return found;
    }

    private List<Map<String, AttributeValue>> read(String prefix, Collection<String> ids, List<String> attributes,
                                                   String what) {
        List<Map<String, AttributeValue>> keys = ids.stream().distinct().map(id -> key(prefix + id)).toList();
        return dynamo.batchGet(table, keys, Projection.of(attributes), "read " + keys.size() + " " + what);
    }

    private <K> List<Map<String, AttributeValue>> readKpis(KpiItems<K, ?> kpis, Collection<K> keys) {
        List<Map<String, AttributeValue>> keyItems = keys.stream().distinct().map(kpis::key).toList();
        List<String> attributes = new ArrayList<>(kpis.keySchema().stream().map(KeySchemaElement::attributeName)
                .toList());
        attributes.add(KpiItems.STATE);
        return dynamo.batchGet(kpis.name(), keyItems, Projection.of(attributes),
                "read " + keyItems.size() + " keys of table '" + kpis.name() + "'");
    }

    private static byte[] bytes(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        if (value == null || value.b() == null) {
            throw new StoreException("item " + item.get(KEY) + " has no binary attribute '" + attribute + "'");
        }
        return value.b().asByteArray();
    }

    // --- writes ---------------------------------------------------------------------------------------------

    /**
     * The plan's writes, one per key, into the state table then the two KPI tables: puts of new values, deletes of
     * emptied keys.
     */
    List<TransactWriteItem> writes(MergePlan plan, String runId) {
        AttributeValue run = AttributeValue.fromS(runId);
        KpiUpdate kpis = plan.kpis();
        List<TransactWriteItem> writes = new ArrayList<>(plan.size());
        plan.entities().forEach((orderId, entity) -> writes.add(MergeFence.put(table, Map.of(
                KEY, AttributeValue.fromS(ORDER + orderId),
                ENTITY, AttributeValue.fromB(SdkBytes.fromByteArray(entity.toBytes())),
                KpiItems.UPDATED_BY_RUN, run))));
        plan.itemOrders().forEach((itemId, orderId) -> writes.add(MergeFence.put(table, Map.of(
                KEY, AttributeValue.fromS(ITEM + itemId), ORDER_ID, AttributeValue.fromS(orderId)))));
        kpis.customers().forEach((customer, count) -> writes.add(count == 0
                ? MergeFence.delete(table, key(customerKey(customer)))
                : MergeFence.put(table, Map.of(KEY, AttributeValue.fromS(customerKey(customer)),
                        ORDERS, KpiItems.number(count)))));
        addKpiWrites(writes, orderTable, kpis.orderDays(), OrderDayState::isEmpty, run);
        addKpiWrites(writes, categoryTable, kpis.categoryDays(), CategoryDayState::isEmpty, run);
        return writes;
    }

    private static <K, S> void addKpiWrites(List<TransactWriteItem> writes, KpiItems<K, S> kpis, Map<K, S> states,
                                            java.util.function.Predicate<S> empty, AttributeValue run) {
        states.forEach((key, state) -> {
            if (empty.test(state)) {
                writes.add(MergeFence.delete(kpis.name(), kpis.key(key)));
            } else {
                Map<String, AttributeValue> item = new HashMap<>(kpis.key(key));
                item.putAll(kpis.kpiAttributes(key, state));
                item.put(KpiItems.STATE, AttributeValue.fromB(SdkBytes.fromByteArray(kpis.encode(state))));
                item.put(KpiItems.UPDATED_BY_RUN, run);
                writes.add(MergeFence.put(kpis.name(), item));
            }
        });
    }
}
