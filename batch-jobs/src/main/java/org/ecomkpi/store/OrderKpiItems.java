package org.ecomkpi.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.ecomkpi.kpi.OrderDayState;
import org.ecomkpi.kpi.KpiSchema;
import org.ecomkpi.kpi.OrderDayKpi;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** {@code order_kpi_table}: partition key {@code order_date} (S, {@code YYYY-MM-DD}). */
record OrderKpiItems(String name) implements KpiItems<LocalDate, OrderDayState> {
    static final String ORDER_DATE = KpiSchema.Attribute.ORDER_DATE.attributeName();

    @Override
    public Map<String, AttributeValue> key(LocalDate date) {
        return Map.of(ORDER_DATE, KpiItems.string(date.toString()));
    }

    @Override
    public LocalDate keyOf(Map<String, AttributeValue> item) {
        return LocalDate.parse(KpiItems.requireString(item, ORDER_DATE));
    }

    @Override
    public List<KeySchemaElement> keySchema() {
        return List.of(KeySchemaElement.builder().attributeName(ORDER_DATE).keyType(KeyType.HASH).build());
    }

    @Override
    public List<AttributeDefinition> keyAttributes() {
        return List.of(AttributeDefinition.builder().attributeName(ORDER_DATE)
                .attributeType(ScalarAttributeType.S).build());
    }

    @Override
    public OrderDayState decode(byte[] bytes) {
        return OrderDayState.fromBytes(bytes);
    }

    @Override
    public byte[] encode(OrderDayState state) {
        return state.toBytes();
    }

    @Override
    public Map<String, AttributeValue> kpiAttributes(LocalDate date, OrderDayState state) {
        OrderDayKpi kpi = state.kpi(date);
        return KpiItems.numbers(KpiSchema.ORDER_KPI_TABLE, a -> KpiSchema.value(a, kpi));
    }

    /** The KPI row of an item read with (at least) the attributes of {@link KpiSchema#ORDER_KPI_TABLE}. */
    OrderDayKpi kpi(Map<String, AttributeValue> item) {
        return KpiSchema.orderDay(a -> KpiItems.read(item, a));
    }
}
