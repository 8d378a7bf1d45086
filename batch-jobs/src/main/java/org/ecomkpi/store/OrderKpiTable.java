package org.ecomkpi.store;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ecomkpi.kpi.OrderDayState;
import org.ecomkpi.kpi.OrderDayKpi;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** {@code order_kpi_table}: partition key {@code order_date} (S, {@code YYYY-MM-DD}). */
record OrderKpiTable(String name) implements KpiTable<LocalDate, OrderDayState> {
    static final String ORDER_DATE = "order_date";
    static final List<String> KPI_ATTRIBUTES = List.of(
            "total_orders", "total_revenue", "total_items_sold", "return_rate", "unique_customers");

    @Override
    public Map<String, AttributeValue> key(LocalDate date) {
        return Map.of(ORDER_DATE, KpiTable.string(date.toString()));
    }

    @Override
    public LocalDate keyOf(Map<String, AttributeValue> item) {
        return LocalDate.parse(KpiTable.requireString(item, ORDER_DATE));
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
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("total_orders", KpiTable.number(kpi.totalOrders()));
        attributes.put("total_revenue", KpiTable.number(kpi.totalRevenue()));
        attributes.put("total_items_sold", KpiTable.number(kpi.totalItemsSold()));
        attributes.put("return_rate", KpiTable.number(kpi.returnRate()));
        attributes.put("unique_customers", KpiTable.number(kpi.uniqueCustomers()));
        return attributes;
    }

    /** The KPI row of an item read with (at least) the key and {@link #KPI_ATTRIBUTES}. */
    OrderDayKpi kpi(Map<String, AttributeValue> item) {
        return new OrderDayKpi(keyOf(item),
                KpiTable.whole(item, "total_orders"),
                KpiTable.decimal(item, "total_revenue", 2),
                KpiTable.whole(item, "total_items_sold"),
                KpiTable.decimal(item, "return_rate", 4),
                KpiTable.whole(item, "unique_customers"));
    }
}
