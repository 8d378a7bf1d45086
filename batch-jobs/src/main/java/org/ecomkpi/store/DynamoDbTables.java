package org.ecomkpi.store;

import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The names of the four DynamoDB tables a {@link DynamoDbKpiStore} uses. The KPI tables are the two of
 * SPEC section 5; the state table holds the current versions of orders and items; the control table holds what
 * makes runs exactly-once and the catalogue (see {@link DynamoDbKpiStore} for their layout).
 *
 * <pre>{@code
 * DynamoDbTables tables = DynamoDbTables.fromEnvironment(environment);        // PIPELINE_*_TABLE or defaults
 * DynamoDbTables isolated = DynamoDbTables.defaults().withPrefix("test-42-"); // e.g. test-42-order_kpi_table
 * }</pre>
 *
 * @param orderKpis    {@code order_kpi_table}: key {@code order_date} (S)
 * @param categoryKpis {@code category_kpi_table}: keys {@code category} (S) and {@code order_date} (S)
 * @param control      applied runs, processed-file hashes, products, the merge lock and write-ahead plans: keys
 *                     {@code pk} (S) and {@code sk} (S)
 * @param state        current order entities, item-to-order index and per-date customer counts: key {@code k} (S)
 */
public record DynamoDbTables(String orderKpis, String categoryKpis, String control, String state) {
    public static final String ORDER_TABLE_VARIABLE = "PIPELINE_ORDER_TABLE";
    public static final String CATEGORY_TABLE_VARIABLE = "PIPELINE_CATEGORY_TABLE";
    public static final String CONTROL_TABLE_VARIABLE = "PIPELINE_CONTROL_TABLE";
    public static final String STATE_TABLE_VARIABLE = "PIPELINE_STATE_TABLE";

    public static final String DEFAULT_ORDER_TABLE = "order_kpi_table";
    public static final String DEFAULT_CATEGORY_TABLE = "category_kpi_table";
    public static final String DEFAULT_CONTROL_TABLE = "pipeline_control";
    public static final String DEFAULT_STATE_TABLE = "kpi_state_table";

    public DynamoDbTables {
        requireTableName(orderKpis, ORDER_TABLE_VARIABLE);
        requireTableName(categoryKpis, CATEGORY_TABLE_VARIABLE);
        requireTableName(control, CONTROL_TABLE_VARIABLE);
        requireTableName(state, STATE_TABLE_VARIABLE);
        if (Stream.of(orderKpis, categoryKpis, control, state).distinct().count() < 4) {
            throw new IllegalArgumentException("the order, category, control and state tables need four different"
                    + " names, got '" + orderKpis + "', '" + categoryKpis + "', '" + control + "', '" + state + "'");
        }
    }

    /** {@code order_kpi_table}, {@code category_kpi_table}, {@code pipeline_control} and {@code kpi_state_table}. */
    public static DynamoDbTables defaults() {
        return new DynamoDbTables(DEFAULT_ORDER_TABLE, DEFAULT_CATEGORY_TABLE, DEFAULT_CONTROL_TABLE,
                DEFAULT_STATE_TABLE);
    }

    /**
     * Names from {@code PIPELINE_ORDER_TABLE}, {@code PIPELINE_CATEGORY_TABLE}, {@code PIPELINE_CONTROL_TABLE},
     * {@code PIPELINE_STATE_TABLE}; defaults where unset or blank.
     */
    public static DynamoDbTables fromEnvironment(Map<String, String> environment) {
        return new DynamoDbTables(
                variable(environment, ORDER_TABLE_VARIABLE, DEFAULT_ORDER_TABLE),
                variable(environment, CATEGORY_TABLE_VARIABLE, DEFAULT_CATEGORY_TABLE),
                variable(environment, CONTROL_TABLE_VARIABLE, DEFAULT_CONTROL_TABLE),
                variable(environment, STATE_TABLE_VARIABLE, DEFAULT_STATE_TABLE));
    }

    /** The same tables with {@code prefix} before each name, e.g. one set of tables per test or per stage. */
    public DynamoDbTables withPrefix(String prefix) {
        return new DynamoDbTables(prefix + orderKpis, prefix + categoryKpis, prefix + control, prefix + state);
    }

    private static String variable(Map<String, String> environment, String name, String fallback) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static void requireTableName(String name, String variable) {
        Objects.requireNonNull(name, variable);
        // DynamoDB's own rule; checked here so a typo in the environment is named before any call is made
        boolean valid = name.length() >= 3 && name.length() <= 255 && name.chars().allMatch(c ->
                (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '_' || c == '-' || c == '.');
        if (!valid) {
            throw new IllegalArgumentException("'" + name + "' (" + variable + ") is not a DynamoDB table name: use 3"
                    + " to 255 letters, digits, '_', '-' or '.'");
        }
    }
}
