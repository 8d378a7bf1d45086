package org.ecomkpi.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.ecomkpi.kpi.CategoryDay;
import org.ecomkpi.kpi.CategoryDayState;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.KpiSchema;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** {@code category_kpi_table}: partition key {@code category} (S), sort key {@code order_date} (S). */
record CategoryKpiItems(String name) implements KpiItems<CategoryDay, CategoryDayState> {
    static final String CATEGORY = KpiSchema.Attribute.CATEGORY.attributeName();
    static final String ORDER_DATE = KpiSchema.Attribute.ORDER_DATE.attributeName();

    @Override
    public Map<String, AttributeValue> key(CategoryDay key) {
        return Map.of(CATEGORY, KpiItems.string(key.category()),
                ORDER_DATE, KpiItems.string(key.orderDate().toString()));
    }

    @Override
    public CategoryDay keyOf(Map<String, AttributeValue> item) {
        return new CategoryDay(KpiItems.requireString(item, CATEGORY),
                LocalDate.parse(KpiItems.requireString(item, ORDER_DATE)));
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
        return KpiItems.numbers(KpiSchema.CATEGORY_KPI_TABLE, a -> KpiSchema.value(a, kpi));
    }

    /** The KPI row of an item read with (at least) the attributes of {@link KpiSchema#CATEGORY_KPI_TABLE}. */
    CategoryDayKpi kpi(Map<String, AttributeValue> item) {
        return KpiSchema.categoryDay(a -> KpiItems.read(item, a));
    }
}
