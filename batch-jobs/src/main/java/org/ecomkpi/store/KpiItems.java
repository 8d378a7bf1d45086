package org.ecomkpi.store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;

import org.ecomkpi.kpi.KpiSchema;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * One of the two DynamoDB KPI tables as {@link DynamoDbKpiStore} sees it: how a key of type {@code K} and a
 * row state of type {@code S} (kpi-lib's {@code OrderDayState} or {@code CategoryDayState}) become an item, and
 * back.
 *
 * <p>Every item holds the KPI attributes of SPEC section 5 as Numbers, plus the internal attributes
 * {@value #STATE} (B: the state's bytes, what the next run's merge reads) and {@value #UPDATED_BY_RUN} (S).
 */
sealed interface KpiItems<K, S> permits OrderKpiItems, CategoryKpiItems {
    String STATE = "kpi_state";
    String UPDATED_BY_RUN = "updated_by_run";

    /** The table's name. */
    String name();

    /** The key attributes of {@code key}. */
    Map<String, AttributeValue> key(K key);

    /** The key of an item read from the table. */
    K keyOf(Map<String, AttributeValue> item);

    /** The table's key schema, as created. */
    List<KeySchemaElement> keySchema();

    /** Definitions of the key attributes, as created. */
    List<AttributeDefinition> keyAttributes();

    /** Restores a state from its bytes. */
    S decode(byte[] bytes);

    /** The bytes of a state. */
    byte[] encode(S state);

    /** The KPI attributes (SPEC section 5) a state gives for its key, as DynamoDB Numbers. */
    Map<String, AttributeValue> kpiAttributes(K key, S state);

    /** The KPI attributes of {@code table} as DynamoDB Numbers, with the values {@code value} gives. */
    static Map<String, AttributeValue> numbers(KpiSchema table, Function<KpiSchema.Attribute, Object> value) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        for (KpiSchema.Attribute a : table.kpis()) {
            Object v = value.apply(a);
            attributes.put(a.attributeName(), v instanceof BigDecimal d ? number(d) : number((Long) v));
        }
        return attributes;
    }

    /** An attribute of an item read back, typed as {@link KpiSchema.Kind} says. */
    static Object read(Map<String, AttributeValue> item, KpiSchema.Attribute attribute) {
        String name = attribute.attributeName();
        return switch (attribute.kind()) {
            case DATE -> LocalDate.parse(requireString(item, name));
            case TEXT -> requireString(item, name);
            case COUNT -> whole(item, name);
            case MONEY, RATE -> decimal(item, name, attribute.kind().scale());
        };
    }

    static AttributeValue string(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** A decimal as a Number, in plain notation with the scale given (2 for money, 4 for rates). */
    static AttributeValue number(BigDecimal value) {
        return AttributeValue.fromN(value.toPlainString());
    }

    static String requireString(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        if (value == null || value.s() == null) {
            throw new StoreException("item " + item.keySet() + " has no string attribute '" + attribute + "'");
        }
        return value.s();
    }

    static String requireNumber(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        if (value == null || value.n() == null) {
            throw new StoreException("item " + item.keySet() + " has no number attribute '" + attribute + "'");
        }
        return value.n();
    }

    /** A stored decimal at the scale the spec shows it with: DynamoDB keeps 0.5000 as 0.5. */
    static BigDecimal decimal(Map<String, AttributeValue> item, String attribute, int scale) {
        return new BigDecimal(requireNumber(item, attribute)).setScale(scale, RoundingMode.UNNECESSARY);
    }

    static long whole(Map<String, AttributeValue> item, String attribute) {
        return Long.parseLong(requireNumber(item, attribute));
    }
}
