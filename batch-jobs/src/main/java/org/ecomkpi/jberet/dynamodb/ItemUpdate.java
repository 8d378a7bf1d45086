package org.ecomkpi.jberet.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * One UpdateItem on a job repository item, assembled attribute by attribute: {@code SET} for values, {@code REMOVE}
 * for absent ones (DynamoDB has no null to store), and an optional condition. Every attribute goes through an
 * expression name, so none can clash with DynamoDB's reserved words.
 */
final class ItemUpdate {

    private final String table;
    private final Map<String, AttributeValue> key;
    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private String condition = "";

    ItemUpdate(String table, Map<String, AttributeValue> key) {
        this.table = table;
        this.key = key;
    }

    ItemUpdate set(String attribute, AttributeValue value) {
        sets.add(name(attribute) + " = " + value(attribute, value));
        return this;
    }

    ItemUpdate setNumber(String attribute, long number) {
        return set(attribute, AttributeValue.fromN(Long.toString(number)));
    }

    /** Sets a string, or removes the attribute when there is none. */
    ItemUpdate setOrRemove(String attribute, String text) {
        return text == null ? remove(attribute) : set(attribute, AttributeValue.fromS(text));
    }

    /** Sets a time in epoch milliseconds, or removes the attribute when there is none (JBeret's 0 or null). */
    ItemUpdate setTimeOrRemove(String attribute, java.util.Date time) {
        return time == null || time.getTime() == 0 ? remove(attribute) : setNumber(attribute, time.getTime());
    }

    ItemUpdate remove(String attribute) {
        removes.add(name(attribute));
        return this;
    }

    /**
     * Only update when {@code expression} holds. Write attribute names as {@code #name} and values as
     * {@code :name}, and pass the values here.
     */
    ItemUpdate onlyIf(String expression, Map<String, AttributeValue> expressionValues) {
        condition = expression;
        for (String attribute : attributesIn(expression)) {
            names.put("#" + attribute, attribute);
        }
        values.putAll(expressionValues);
        return this;
    }

    UpdateItemRequest request() {
        UpdateItemRequest.Builder request = UpdateItemRequest.builder()
                .tableName(table)
                .key(key)
                .updateExpression(expression())
                .expressionAttributeNames(names);
        if (!values.isEmpty()) {
            request.expressionAttributeValues(values);
        }
        if (!condition.isEmpty()) {
            request.conditionExpression(condition);
        }
        return request.build();
    }

    /** The same update as one action of a TransactWriteItems request. */
    TransactWriteItem transactItem() {
        Update.Builder update = Update.builder()
                .tableName(table)
                .key(key)
                .updateExpression(expression())
                .expressionAttributeNames(names);
        if (!values.isEmpty()) {
            update.expressionAttributeValues(values);
        }
        if (!condition.isEmpty()) {
            update.conditionExpression(condition);
        }
        return TransactWriteItem.builder().update(update.build()).build();
    }

    private String expression() {
        StringBuilder expression = new StringBuilder();
        if (!sets.isEmpty()) {
            expression.append("SET ").append(String.join(", ", sets));
        }
        if (!removes.isEmpty()) {
            expression.append(expression.isEmpty() ? "" : " ").append("REMOVE ").append(String.join(", ", removes));
        }
        return expression.toString();
    }

    private String name(String attribute) {
        names.put("#" + attribute, attribute);
        return "#" + attribute;
    }

    private String value(String attribute, AttributeValue value) {
        String placeholder = ":" + attribute;
        values.put(placeholder, value);
        return placeholder;
    }

    private static List<String> attributesIn(String expression) {
        List<String> attributes = new ArrayList<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("#(\\w+)").matcher(expression);
        while (matcher.find()) {
            attributes.add(matcher.group(1));
        }
        return attributes;
    }
}
