package org.ecomkpi.store;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ecomkpi.kpi.CategoryDay;
import org.ecomkpi.kpi.CategoryDayState;
import org.ecomkpi.kpi.CategoryDayKpi;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** {@code category_kpi_table}: partition key {@code category} (S), sort key {@code order_date} (S). */
record CategoryKpiTable(String name) implements KpiTable<CategoryDay, CategoryDayState> {
    static final String CATEGORY = "category";
    static final String ORDER_DATE = "order_date";
    static final List<String> KPI_ATTRIBUTES = List.of("daily_revenue", "avg_order_value", "avg_return_rate");

    @Override
    public Map<String, AttributeValue> key(CategoryDay key) {
        return Map.of(CATEGORY, KpiTable.string(key.category()),
                ORDER_DATE, KpiTable.string(key.orderDate().toString()));
    }

    @Override
    public CategoryDay keyOf(Map<String, AttributeValue> item) {
        return new CategoryDay(KpiTable.requireString(item, CATEGORY),
                LocalDate.parse(KpiTable.requireString(item, ORDER_DATE)));
    }

    @Override
    public List<KeySchemaElement> keySchema() {
        return List.of(
                KeySchemaElement.builder().attributeName(CATEGORY).keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName(ORDER_DATE).keyType(KeyType.RANGE).build());
    }

    @Override
    public List<AttributeDefinition> keyAttributes() {
        return List.of(
                AttributeDefinition.builder().attributeName(CATEGORY).attributeType(ScalarAttributeType.S).build(),
                AttributeDefinition.builder().attributeName(ORDER_DATE).attributeType(ScalarAttributeType.S).build());
    }

    @Override
    public CategoryDayState decode(byte[] bytes) {
        return CategoryDayState.fromBytes(bytes);
    }

    @Override
    public byte[] encode(CategoryDayState state) {
        return state.toBytes();
    }

    @Override
    public Map<String, AttributeValue> kpiAttributes(CategoryDay key, CategoryDayState state) {
        CategoryDayKpi kpi = state.kpi(key);
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("daily_revenue", KpiTable.number(kpi.dailyRevenue()));
        attributes.put("avg_order_value", KpiTable.number(kpi.avgOrderValue()));
        attributes.put("avg_return_rate", KpiTable.number(kpi.avgReturnRate()));
        return attributes;
    }

    /** The KPI row of an item read with (at least) the keys and {@link #KPI_ATTRIBUTES}. */
    CategoryDayKpi kpi(Map<String, AttributeValue> item) {
        CategoryDay key = keyOf(item);
        return new CategoryDayKpi(key.category(), key.orderDate(),
                KpiTable.decimal(item, "daily_revenue", 2),
                KpiTable.decimal(item, "avg_order_value", 2),
                KpiTable.decimal(item, "avg_return_rate", 4));
    }
}
