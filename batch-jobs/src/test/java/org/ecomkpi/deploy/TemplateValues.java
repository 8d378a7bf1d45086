package org.ecomkpi.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * A template's property values with their intrinsic functions evaluated as CloudFormation evaluates them for one
 * deployed stack: {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub} (both forms), {@code Fn::If} on the template's
 * conditions, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::Equals}, {@code Fn::Not}. For the resources moto's
 * CloudFormation does not create (CloudWatch alarms), which the tests put through the service's own API instead.
 * Values come out as maps, lists and strings (numbers as their text).
 */
final class TemplateValues {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(!?)([^}]+)}");

    private final JsonNode template;
    private final Map<String, String> refs;
    private final Map<String, String> attributes;

    /**
     * @param refs       what {@code Ref} gives: parameters (defaults included), pseudo parameters, resources
     * @param attributes what {@code Fn::GetAtt} gives, by {@code LogicalId.Attribute}
     */
    TemplateValues(JsonNode template, Map<String, String> refs, Map<String, String> attributes) {
        this.template = template;
        this.refs = Map.copyOf(refs);
        this.attributes = Map.copyOf(attributes);
    }

    /** The parameters' values: the defaults of the template, then {@code given}. */
    static Map<String, String> parameters(JsonNode template, Map<String, String> given) {
        Map<String, String> values = new LinkedHashMap<>();
        template.field("Parameters").get().asObject().forEach((name, parameter) -> parameter.field("Default")
                .ifPresent(d -> values.put(name, d.isNumber() ? d.asNumber() : d.asString())));
        values.putAll(given);
        return values;
    }

    Object resolve(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = node.asObject();
            if (fields.size() == 1) {
                Map.Entry<String, JsonNode> only = fields.entrySet().iterator().next();
                if (only.getKey().equals("Ref") || only.getKey().startsWith("Fn::")) {
                    return function(only.getKey(), only.getValue());
                }
            }
            Map<String, Object> values = new LinkedHashMap<>();
            fields.forEach((name, value) -> values.put(name, resolve(value)));
            return values;
        }
        if (node.isArray()) {
            List<Object> values = new ArrayList<>();
            node.asArray().forEach(value -> values.add(resolve(value)));
            return values;
        }
        if (node.isNumber()) {
            return node.asNumber();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asString();
    }

    private Object function(String name, JsonNode argument) {
        List<JsonNode> arguments = argument.isArray() ? argument.asArray() : List.of(argument);
        switch (name) {
            case "Ref":
                return ref(argument.asString());
            case "Fn::GetAtt":
                return attribute(arguments.get(0).asString() + "." + arguments.get(1).asString());
            case "Fn::Sub":
                return argument.isString() ? sub(argument.asString(), Map.of())
                        : sub(arguments.get(0).asString(), variables(arguments.get(1)));
            case "Fn::If":
                return condition(arguments.get(0).asString()) ? resolve(arguments.get(1)) : resolve(arguments.get(2));
            case "Fn::Select":
                return ((List<?>) resolve(arguments.get(1))).get(Integer.parseInt((String) resolve(arguments.get(0))));
            case "Fn::Split":
                return List.of(((String) resolve(arguments.get(1))).split(Pattern.quote(arguments.get(0).asString()),
                        -1));
            case "Fn::Equals":
                return resolve(arguments.get(0)).equals(resolve(arguments.get(1)));
            case "Fn::Not":
                return !(Boolean) resolve(arguments.get(0));
            default:
                throw new AssertionError("the test does not evaluate " + name + ": " + argument);
        }
    }

    private Map<String, String> variables(JsonNode map) {
        Map<String, String> variables = new LinkedHashMap<>();
        map.asObject().forEach((name, value) -> variables.put(name, (String) resolve(value)));
        return variables;
    }

    private String sub(String text, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2);
            String value;
            if (!m.group(1).isEmpty()) {
                value = "${" + name + "}"; // ${!Literal}
            } else if (variables.containsKey(name)) {
                value = variables.get(name);
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                value = attribute(name);
            } else {
                value = ref(name);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    boolean condition(String name) {
        JsonNode condition = template.field("Conditions").flatMap(c -> c.field(name))
                .orElseThrow(() -> new AssertionError("no condition " + name));
        return (Boolean) resolve(condition);
    }

    private String ref(String name) {
        String value = refs.get(name);
        if (value == null) {
            throw new AssertionError("the test knows no value for Ref " + name + "; it knows " + refs.keySet());
        }
        return value;
    }

    private String attribute(String name) {
        String value = attributes.get(name);
        if (value == null) {
            throw new AssertionError("the test knows no value for GetAtt " + name + "; it knows "
                    + attributes.keySet());
        }
        return value;
    }
}
