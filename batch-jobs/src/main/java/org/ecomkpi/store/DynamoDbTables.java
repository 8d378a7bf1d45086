package org.ecomkpi.store;

import java.util.Map;
import java.util.Objects;

/**
 * The names of the three DynamoDB tables a {@link DynamoDbKpiStore} uses. The KPI tables are the two of
 * SPEC section 5; the control table holds what makes runs exactly-once and the catalogue (see
 * {@link DynamoDbKpiStore} for its layout).
 *
 * <pre>{@code
 * DynamoDbTables tables = DynamoDbTables.fromEnvironment(System.getenv());   // PIPELINE_*_TABLE or defaults
 * DynamoDbTables isolated = DynamoDbTables.defaults().withPrefix("test-42-"); // e.g. test-42-order_kpi_table
 * }</pre>
 *
 * @param orderKpis    {@code order_kpi_table}: key {@code order_date} (S)
 * @param categoryKpis {@code category_kpi_table}: keys {@code category} (S) and {@code order_date} (S)
 * @param control      applied runs, processed-file hashes and products: keys {@code pk} (S) and {@code sk} (S)
 */
public record DynamoDbTables(String orderKpis, String categoryKpis, String control) {
    public static final String ORDER_TABLE_VARIABLE = "PIPELINE_ORDER_TABLE";
    public static final String CATEGORY_TABLE_VARIABLE = "PIPELINE_CATEGORY_TABLE";
    public static final String CONTROL_TABLE_VARIABLE = "PIPELINE_CONTROL_TABLE";

    public static final String DEFAULT_ORDER_TABLE = "order_kpi_table";
    public static final String DEFAULT_CATEGORY_TABLE = "category_kpi_table";
    public static final String DEFAULT_CONTROL_TABLE = "pipeline_control";

    public DynamoDbTables {
        requireTableName(orderKpis, ORDER_TABLE_VARIABLE);
        requireTableName(categoryKpis, CATEGORY_TABLE_VARIABLE);
        requireTableName(control, CONTROL_TABLE_VARIABLE);
        if (orderKpis.equals(categoryKpis) || orderKpis.equals(control) || categoryKpis.equals(control)) {
            throw new IllegalArgumentException("the order, category and control tables need three different names,"
                    + " got '" + orderKpis + "', '" + categoryKpis + "', '" + control + "'");
        }
    }

    /** {@code order_kpi_table}, {@code category_kpi_table} and {@code pipeline_control}. */
    public static DynamoDbTables defaults() {
        return new DynamoDbTables(DEFAULT_ORDER_TABLE, DEFAULT_CATEGORY_TABLE, DEFAULT_CONTROL_TABLE);
    }

    /** Names from {@code PIPELINE_ORDER_TABLE}, {@code PIPELINE_CATEGORY_TABLE}, {@code PIPELINE_CONTROL_TABLE}; defaults where unset or blank. */
    public static DynamoDbTables fromEnvironment(Map<String, String> environment) {
        return new DynamoDbTables(
                variable(environment, ORDER_TABLE_VARIABLE, DEFAULT_ORDER_TABLE),
                variable(environment, CATEGORY_TABLE_VARIABLE, DEFAULT_CATEGORY_TABLE),
                variable(environment, CONTROL_TABLE_VARIABLE, DEFAULT_CONTROL_TABLE));
    }

    /** The same tables with {@code prefix} before each name, e.g. one set of tables per test or per stage. */
    public DynamoDbTables withPrefix(String prefix) {
        return new DynamoDbTables(prefix + orderKpis, prefix + categoryKpis, prefix + control);
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
