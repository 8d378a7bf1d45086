package org.ecomkpi.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ecomkpi.kpi.CategoryDay;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.KpiSchema;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.store.DynamoDbConnection.Projection;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The KPI rows of {@link DynamoDbKpiStore} as readers see them: a key read when the key is given, a query of one
 * category, a scan otherwise; always strongly consistent, and only the attributes of {@link KpiSchema}.
 */
final class DynamoDbKpiReads {
    private static final List<String> ORDER_READ = attributeNames(KpiSchema.ORDER_KPI_TABLE);
    private static final List<String> CATEGORY_READ = attributeNames(KpiSchema.CATEGORY_KPI_TABLE);

    private final DynamoDbClient client;
    private final DynamoDbConnection dynamo;
    private final OrderKpiItems orderTable;
    private final CategoryKpiItems categoryTable;

    DynamoDbKpiReads(DynamoDbClient client, DynamoDbConnection dynamo, OrderKpiItems orderTable,
                     CategoryKpiItems categoryTable) {
        this.client = client;
        this.dynamo = dynamo;
        this.orderTable = orderTable;
        this.categoryTable = categoryTable;
    }

    /** See {@link KpiStore#orderKpis(Optional)}. */
    List<OrderDayKpi> orderKpis(Optional<LocalDate> date) {
        Projection projection = Projection.of(ORDER_READ);
        List<Map<String, AttributeValue>> items = date.isPresent()
                ? getItem(orderTable.name(), orderTable.key(date.get()), projection)
                : scan(orderTable.name(), projection, Optional.empty());
        List<OrderDayKpi> rows = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            rows.add(orderTable.kpi(item));
        }
        rows.sort(Comparator.comparing(OrderDayKpi::orderDate));
        return List.copyOf(rows);
    }

    /** See {@link KpiStore#categoryKpis(Optional, Optional)}. */
    List<CategoryDayKpi> categoryKpis(Optional<String> category, Optional<LocalDate> date) {
        Projection projection = Projection.of(CATEGORY_READ);
        List<Map<String, AttributeValue>> items;
        if (category.isPresent() && date.isPresent()) {
            items = getItem(categoryTable.name(), categoryTable.key(new CategoryDay(category.get(), date.get())),
                    projection);
        } else if (category.isPresent()) {
            items = queryCategory(category.get(), projection);
        } else {
            items = scan(categoryTable.name(), projection, date);
        }
        List<CategoryDayKpi> rows = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            rows.add(categoryTable.kpi(item));
        }
        rows.sort(Comparator.comparing(CategoryDayKpi::key)); // String order, as CategoryDay sorts
        return List.copyOf(rows);
    }

    private List<Map<String, AttributeValue>> getItem(String table, Map<String, AttributeValue> key,
                                                      Projection projection) {
        Map<String, AttributeValue> item = dynamo.call("read table '" + table + "'", () -> client.getItem(b -> b
                .tableName(table).key(key).consistentRead(true)
                .projectionExpression(projection.expression())
                .expressionAttributeNames(projection.names()))).item();
        return item == null || item.isEmpty() ? List.of() : List.of(item);
    }

    private List<Map<String, AttributeValue>> queryCategory(String category, Projection projection) {
        Map<String, String> names = new HashMap<>(projection.names());
        names.put("#category", CategoryKpiItems.CATEGORY);
        return dynamo.call("read table '" + categoryTable.name() + "'", () -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (QueryResponse page : client.queryPaginator(b -> b.tableName(categoryTable.name())
                    .consistentRead(true)
                    .keyConditionExpression("#category = :category")
                    .projectionExpression(projection.expression())
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":category", AttributeValue.fromS(category))))) {
                items.addAll(page.items());
            }
            return items;
        });
    }

    /** Every item of a table, page by page; with a date, those of that {@code order_date} only. */
    private List<Map<String, AttributeValue>> scan(String table, Projection projection, Optional<LocalDate> date) {
        Map<String, String> names = new HashMap<>(projection.names());
        date.ifPresent(d -> names.put("#date", OrderKpiItems.ORDER_DATE));
        return dynamo.call("read table '" + table + "'", () -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (ScanResponse page : client.scanPaginator(b -> {
                b.tableName(table).consistentRead(true)
                        .projectionExpression(projection.expression())
                        .expressionAttributeNames(names);
                date.ifPresent(d -> b.filterExpression("#date = :date")
                        .expressionAttributeValues(Map.of(":date", AttributeValue.fromS(d.toString()))));
            })) {
                items.addAll(page.items());
            }
            return items;
        });
    }

    private static List<String> attributeNames(KpiSchema table) {
        return table.attributes().stream().map(KpiSchema.Attribute::attributeName).toList();
    }
}
