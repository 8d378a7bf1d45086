package org.ecomkpi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.ecomkpi.metrics.EmfMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The stack deployed into moto through CloudFormation, each resource checked through its own service's API. moto's
 * CloudFormation does not apply every property (bucket versioning, public access block, EventBridge notifications,
 * point-in-time recovery, log retention, resource policies): those are checked on the template itself. It creates no
 * CloudWatch alarm either: those are put into moto's CloudWatch with the stack's values (see {@link #putAlarms}).
 */
class StackInMotoTest {
    private static Stack stack;

    @BeforeAll
    static void deploy() {
        stack = Stack.deploy("ecommerce-kpi-stack-test");
        putAlarms(stack.values(Map.of()));
    }

    /**
     * moto's CloudFormation does not create {@code AWS::CloudWatch::Alarm} resources (it warns and skips them): each
     * alarm of the template goes into moto's CloudWatch through PutMetricAlarm instead, with this stack's values.
     */
    private static void putAlarms(TemplateValues values) {
        try (CloudWatchClient cloudWatch = Stack.client(CloudWatchClient.builder())) {
            Stack.templateJson().field("Resources").get().asObject().forEach((logicalId, resource) -> {
                if (resource.field("Type").get().asString().equals("AWS::CloudWatch::Alarm")) {
                    cloudWatch.putMetricAlarm(alarm(properties(values, logicalId)));
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(TemplateValues values, String logicalId) {
        return (Map<String, Object>) values.resolve(resource(logicalId).field("Properties").get());
    }

    @SuppressWarnings("unchecked")
    private static PutMetricAlarmRequest alarm(Map<String, Object> p) {
        PutMetricAlarmRequest.Builder alarm = PutMetricAlarmRequest.builder()
                .alarmName((String) p.get("AlarmName"))
                .alarmDescription((String) p.get("AlarmDescription"))
                .evaluationPeriods(Integer.valueOf((String) p.get("EvaluationPeriods")))
                .threshold(Double.valueOf((String) p.get("Threshold")))
                .comparisonOperator((String) p.get("ComparisonOperator"))
                .treatMissingData((String) p.get("TreatMissingData"))
                .alarmActions((List<String>) p.get("AlarmActions"));
        if (p.containsKey("DatapointsToAlarm")) {
            alarm.datapointsToAlarm(Integer.valueOf((String) p.get("DatapointsToAlarm")));
        }
        if (p.containsKey("MetricName")) {
            alarm.namespace((String) p.get("Namespace")).metricName((String) p.get("MetricName"))
                    .dimensions(dimensions(p.get("Dimensions"))).statistic((String) p.get("Statistic"))
                    .period(Integer.valueOf((String) p.get("Period")));
        }
        if (p.containsKey("Metrics")) {
            List<MetricDataQuery> queries = new ArrayList<>();
            for (Map<String, Object> q : (List<Map<String, Object>>) p.get("Metrics")) {
                MetricDataQuery.Builder query = MetricDataQuery.builder().id((String) q.get("Id"))
                        .label((String) q.get("Label")).expression((String) q.get("Expression"))
                        .returnData((Boolean) q.get("ReturnData"));
                if (q.containsKey("MetricStat")) {
                    Map<String, Object> stat = (Map<String, Object>) q.get("MetricStat");
                    Map<String, Object> metric = (Map<String, Object>) stat.get("Metric");
                    query.metricStat(s -> s.stat((String) stat.get("Stat"))
                            .period(Integer.valueOf((String) stat.get("Period")))
                            .metric(m -> m.namespace((String) metric.get("Namespace"))
                                    .metricName((String) metric.get("MetricName"))
                                    .dimensions(dimensions(metric.get("Dimensions")))));
                }
                queries.add(query.build());
            }
            alarm.metrics(queries);
        }
        return alarm.build();
    }

    @SuppressWarnings("unchecked")
    private static List<Dimension> dimensions(Object dimensions) {
        return ((List<Map<String, String>>) dimensions).stream()
                .map(d -> Dimension.builder().name(d.get("Name")).value(d.get("Value")).build()).toList();
    }

    @Test
    void theBucketIsCreatedEncryptedAndTheTemplateLocksItDown() {
        try (S3Client s3 = Stack.s3()) {
            assertEquals("ecommerce-kpi-stack-test", stack.output("BucketName"));
            s3.headBucket(b -> b.bucket(stack.bucket));
            assertEquals(ServerSideEncryption.AES256, s3.getBucketEncryption(b -> b.bucket(stack.bucket))
                    .serverSideEncryptionConfiguration().rules().get(0).applyServerSideEncryptionByDefault()
                    .sseAlgorithm());
        }
        JsonNode bucket = resource("DataBucket").field("Properties").get();
        assertEquals("Enabled", text(bucket, "VersioningConfiguration", "Status"));
        for (String block : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertTrue(bucket.field("PublicAccessBlockConfiguration").get().field(block).get().asBoolean(), block);
        }
        assertTrue(bucket.field("NotificationConfiguration").get().field("EventBridgeConfiguration").get()
                .field("EventBridgeEnabled").get().asBoolean());
    }

    @Test
    void bothKpiTablesHaveExactlyTheSeedsKeySchemas() {
        try (DynamoDbClient dynamo = Stack.client(DynamoDbClient.builder())) {
            TableDescription orders = dynamo.describeTable(b -> b.tableName(stack.output("OrderKpiTableName"))).table();
            assertEquals("order_kpi_table", orders.tableName());
            assertEquals(Map.of("order_date", "HASH"), keys(orders));
            assertEquals(Map.of("order_date", "S"), attributes(orders));

            TableDescription categories = dynamo.describeTable(
                    b -> b.tableName(stack.output("CategoryKpiTableName"))).table();
            assertEquals("category_kpi_table", categories.tableName());
            assertEquals(Map.of("category", "HASH", "order_date", "RANGE"), keys(categories));
            assertEquals(List.of("category", "order_date"),
                    categories.keySchema().stream().map(k -> k.attributeName()).toList(), "partition key first");
            assertEquals(Map.of("category", "S", "order_date", "S"), attributes(categories));

            TableDescription state = dynamo.describeTable(b -> b.tableName(stack.output("StateTableName"))).table();
            assertEquals("kpi_state_table", state.tableName());
            assertEquals(Map.of("k", "HASH"), keys(state));
            assertEquals(Map.of("k", "S"), attributes(state));

            for (String table : List.of(stack.output("OrderKpiTableName"), stack.output("CategoryKpiTableName"),
                    stack.output("JobRepositoryTableName"), stack.output("ControlTableName"),
                    stack.output("StateTableName"))) {
                assertEquals("PAY_PER_REQUEST", dynamo.describeTable(b -> b.tableName(table)).table()
                        .billingModeSummary().billingModeAsString(), table);
            }
        }
        for (String table : List.of("OrderKpiTable", "CategoryKpiTable", "JobRepositoryTable", "ControlTable",
                "StateTable")) {
            JsonNode properties = resource(table).field("Properties").get();
            assertTrue(properties.field("PointInTimeRecoverySpecification").get()
                    .field("PointInTimeRecoveryEnabled").get().asBoolean(), table);
            assertTrue(properties.field("SSESpecification").get().field("SSEEnabled").get().asBoolean(), table);
            assertEquals("Retain", resource(table).field("DeletionPolicy").get().asString(), table);
        }
    }

    private static Map<String, String> keys(TableDescription table) {
        return table.keySchema().stream().collect(Collectors.toMap(k -> k.attributeName(), k -> k.keyTypeAsString()));
    }

    private static Map<String, String> attributes(TableDescription table) {
        return table.attributeDefinitions().stream()
                .collect(Collectors.toMap(a -> a.attributeName(), a -> a.attributeTypeAsString()));
    }

    @Test
    void theTopicMailsTheAlertAddressAndTheDeadLetterQueueExists() {
        try (SnsClient sns = Stack.client(SnsClient.builder()); SqsClient sqs = Stack.client(SqsClient.builder())) {
            String topic = stack.output("AlertTopicArn");
            assertEquals(topic, sns.getTopicAttributes(b -> b.topicArn(topic)).attributes().get("TopicArn"));
            List<Subscription> subscriptions = sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions();
            assertEquals(List.of("email " + Stack.ALERT_EMAIL),
                    subscriptions.stream().map(s -> s.protocol() + " " + s.endpoint()).toList());

            String queue = stack.output("DeadLetterQueueUrl");
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(
                    b -> b.queueUrl(queue).attributeNames(QueueAttributeName.ALL)).attributes();
            assertEquals("1209600", attributes.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD));
        }
    }

    @Test
    void theClusterAndBothFargateTaskDefinitionsExistWithTheirLogGroups() {
        try (EcsClient ecs = Stack.client(EcsClient.builder())) {
            Cluster cluster = ecs.describeClusters(b -> b.clusters("ecommerce-cluster")).clusters().get(0);
            assertEquals("ACTIVE", cluster.status());
            assertEquals("ecommerce-cluster", stack.output("ClusterName"));

            for (String job : List.of("validate", "transform")) {
                TaskDefinition definition = ecs.describeTaskDefinition(b -> b.taskDefinition(job + "-task"))
                        .taskDefinition();
                // moto's CloudFormation drops RequiresCompatibilities, NetworkMode and the roles: checked on the
                // template below
                ContainerDefinition container = definition.containerDefinitions().get(0);
                assertEquals(Stack.IMAGE, container.image());
                assertEquals(List.of(job), container.command(), "the command names the job");
                assertEquals(120, container.stopTimeout(), "SIGTERM's grace: the job stops at its next checkpoint");
                assertEquals("awslogs", container.logConfiguration().logDriverAsString());
                assertEquals("/ecs/" + job + "-task", container.logConfiguration().options().get("awslogs-group"));
                Map<String, String> environment = new TreeMap<>();
                for (KeyValuePair pair : container.environment()) {
                    environment.put(pair.name(), pair.value());
                }
                Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                        Map.entry("AWS_REGION", "us-east-1"),
                        Map.entry("PIPELINE_BUCKET", "s3://" + stack.bucket),
                        Map.entry("PIPELINE_CATEGORY_TABLE", "category_kpi_table"),
                        Map.entry("PIPELINE_CONTROL_TABLE", stack.output("ControlTableName")),
                        Map.entry("PIPELINE_JOB_REPOSITORY_SPILL", "s3://" + stack.bucket + "/job-repository/"),
                        Map.entry("PIPELINE_JOB_REPOSITORY_TABLE", stack.output("JobRepositoryTableName")),
                        Map.entry("PIPELINE_LOG_FORMAT", "json"),
                        Map.entry("PIPELINE_METRICS", "emf"),
                        Map.entry("PIPELINE_ORDER_TABLE", "order_kpi_table"),
                        Map.entry("PIPELINE_STATE_TABLE", stack.output("StateTableName")),
                        Map.entry("PIPELINE_STORE", "dynamodb")));
                if (job.equals("validate")) {
                    expected.put("PIPELINE_SETTLE_SECONDS", "0"); // the stack's SettleSeconds: only validate claims
                    expected.put("PIPELINE_ALERT_TOPIC_ARN", stack.output("AlertTopicArn")); // only validate alerts
                }
                assertEquals(expected, environment, job);
            }
        }
        for (String definition : List.of("ValidateTaskDefinition", "TransformTaskDefinition")) {
            JsonNode properties = resource(definition).field("Properties").get();
            assertEquals("[\"FARGATE\"]", properties.field("RequiresCompatibilities").get().toString(), definition);
            assertEquals("awsvpc", properties.field("NetworkMode").get().asString(), definition);
            assertEquals("{\"Fn::GetAtt\": [\"TaskExecutionRole\", \"Arn\"]}",
                    properties.field("ExecutionRoleArn").get().toString(), definition);
        }
        for (String group : List.of("ValidateLogGroup", "TransformLogGroup", "StateMachineLogGroup")) {
            JsonNode retention = resource(group).field("Properties").get().field("RetentionInDays").get();
            assertEquals("LogRetentionDays", retention.field("Ref").get().asString(), group);
        }
        assertEquals("30", Stack.templateJson().field("Parameters").get().field("LogRetentionDays").get()
                .field("Default").get().asNumber());
    }

    @Test
    void theStateMachineIsNamedInTheOutputs() {
        try (SfnClient sfn = Stack.client(SfnClient.builder())) {
            String arn = stack.output("StateMachineArn");
            assertEquals("ecommerce-kpi-pipeline", sfn.describeStateMachine(b -> b.stateMachineArn(arn)).name());
        }
        assertTrue(stack.output("RepositoryUri").endsWith("/ecommerce-kpi-pipeline"), stack.outputs.toString());
    }

    private static final List<String> ROLES = List.of("TaskExecutionRole", "ValidateTaskRole", "TransformTaskRole",
            "ArchiveTaskRole", "StateMachineRole", "EventsRole");

    /** Actions IAM only grants on "*": they have no resource type to name. */
    private static final Set<String> ACTIONS_WITHOUT_RESOURCE_TYPE = Set.of(
            "ecr:GetAuthorizationToken",
            "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
            "logs:DescribeLogGroups");

    @Test
    void noIamStatementAllowsEveryActionAndEveryResourceOnlyWhereTheActionHasNoResourceType() {
        List<String> problems = new ArrayList<>();
        int statements = 0;
        try (IamClient iam = Stack.client(IamClient.builder())) {
            for (String logicalId : ROLES) {
                String roleName = stack.physicalId(logicalId);
                Role role = iam.getRole(b -> b.roleName(roleName)).role();
                assertEquals(roleName, role.roleName());
                List<String> policyNames = iam.listRolePolicies(b -> b.roleName(roleName)).policyNames();
                assertFalse(policyNames.isEmpty(), logicalId + " has no inline policy");
                assertTrue(iam.listAttachedRolePolicies(b -> b.roleName(roleName)).attachedPolicies().isEmpty(),
                        logicalId + ": managed policies grant more than the pipeline uses");
            }
        }
        // moto keeps inline policy documents in a form that is not JSON: the statements are read from the template,
        // where the resources are still Ref/GetAtt/Sub of this stack's own resources
        JsonNode resources = Stack.templateJson().field("Resources").get();
        for (String role : ROLES) {
            for (JsonNode policy : resources.field(role).get().field("Properties").get().field("Policies").get()
                    .asArray()) {
                statements += check(role + "/" + policy.field("PolicyName").get().asString(),
                        policy.field("PolicyDocument").get(), problems);
            }
        }
        // resource policies moto's CloudFormation does not create: read from the template
        statements += check("DataBucketPolicy", resource("DataBucketPolicy").field("Properties").get()
                .field("PolicyDocument").get(), problems);
        statements += check("DeadLetterQueuePolicy", resource("DeadLetterQueuePolicy").field("Properties").get()
                .field("PolicyDocument").get(), problems);

        assertEquals(List.of(), problems);
        assertTrue(statements >= 15, "only " + statements + " statements were checked");
    }

    @Test
    void theJobsMayTouchOnlyThisStacksBucketTablesTopicAndKey() {
        Set<String> own = Set.of("DataBucket", "OrderKpiTable", "CategoryKpiTable", "JobRepositoryTable",
                "ControlTable", "StateTable", "AlertTopic", "AlertsAndLogsKey");
        List<String> foreign = new ArrayList<>();
        for (String role : List.of("ValidateTaskRole", "TransformTaskRole", "ArchiveTaskRole")) {
            for (JsonNode statement : statements(role)) {
                for (JsonNode resource : list(statement.field("Resource").get())) {
                    String text = resource.toString();
                    if (own.stream().noneMatch(name -> text.contains("\"" + name + "\"") || text.contains("${" + name))) {
                        foreign.add(role + " " + statement.field("Sid").get().asString() + ": " + text);
                    }
                }
            }
        }
        assertEquals(List.of(), foreign);
    }

    /** The task role of each job's task definition. */
    private static final Map<String, String> TASK_ROLES = Map.of(
            "ValidateTaskDefinition", "ValidateTaskRole", "TransformTaskDefinition", "TransformTaskRole");

    @Test
    void eachJobRunsUnderATaskRoleOfItsOwn() {
        assertEquals(2, Set.copyOf(TASK_ROLES.values()).size());
        for (Map.Entry<String, String> job : TASK_ROLES.entrySet()) {
            assertEquals("{\"Fn::GetAtt\": [\"" + job.getValue() + "\", \"Arn\"]}",
                    resource(job.getKey()).field("Properties").get().field("TaskRoleArn").get().toString(), job.getKey());
        }
        assertFalse(stack.physicalId("ValidateTaskRole").equals(stack.physicalId("TransformTaskRole")));
        assertFalse(Stack.templateJson().field("Resources").get().field("TaskRole").isPresent(), "no shared task role");
        // the state machine may hand ECS exactly these roles
        JsonNode passRole = statement("StateMachineRole", "PassTaskRoles");
        assertEquals(List.of("{\"Fn::GetAtt\": [\"ValidateTaskRole\", \"Arn\"]}",
                "{\"Fn::GetAtt\": [\"TransformTaskRole\", \"Arn\"]}",
                "{\"Fn::GetAtt\": [\"ArchiveTaskRole\", \"Arn\"]}",
                "{\"Fn::GetAtt\": [\"TaskExecutionRole\", \"Arn\"]}"),
                list(passRole.field("Resource").get()).stream().map(JsonNode::toString).toList());
    }

    /** An object resource of the data bucket below one key prefix, as the template writes it. */
    private static final Pattern OBJECT_PREFIX = Pattern.compile(
            "\\{\"Fn::Sub\": \"\\$\\{DataBucket\\.Arn\\}/([a-z.-]+)/\\*\"\\}");

    @Test
    void theJobRolesGrantNoWildcardS3OrDynamoDbActionAndObjectsOnlyUnderTheKeyPrefixesEachJobUses() {
        Map<String, Set<String>> prefixes = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (String role : TASK_ROLES.values()) {
            for (JsonNode statement : statements(role)) {
                String sid = role + " " + statement.field("Sid").get().asString();
                List<String> actions = strings(statement.field("Action").get());
                for (String action : actions) {
                    if (action.contains("*")) {
                        problems.add(sid + " grants a wildcard action: " + action);
                    }
                }
                List<String> objectActions = actions.stream()
                        .filter(a -> a.startsWith("s3:") && !a.equals("s3:ListBucket")).toList();
                for (JsonNode resource : list(statement.field("Resource").get())) {
                    String text = resource.toString();
                    if (actions.contains("s3:ListBucket")) {
                        // a bucket-level action: see the template's comment on ListBucket and missing keys
                        if (!text.equals("{\"Fn::GetAtt\": [\"DataBucket\", \"Arn\"]}") || actions.size() != 1) {
                            problems.add(sid + " lists more than this bucket or mixes ListBucket with " + actions);
                        }
                        continue;
                    }
                    if (objectActions.isEmpty()) {
                        continue;
                    }
                    Matcher prefix = OBJECT_PREFIX.matcher(text);
                    if (!prefix.matches()) {
                        problems.add(sid + " grants " + objectActions + " on " + text + ", not on one key prefix");
                        continue;
                    }
                    prefixes.computeIfAbsent(role, r -> new TreeSet<>()).add(prefix.group(1) + "/");
                }
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(Map.of(
                "TransformTaskRole", Set.of("runs/", "processed/", "job-repository/"),
                "ValidateTaskRole", Set.of("landing-data/", ".bucket-claims/", "runs/", "invalid-data/",
                        "job-repository/")), prefixes);
        // the spill prefix the roles grant is the one the task definitions hand the job repository
        for (String definition : TASK_ROLES.keySet()) {
            assertTrue(resource(definition).toString().contains("\"s3://${DataBucket}/job-repository/\""), definition);
        }
    }

    /**
     * archive-failed runs in the validate task definition under a role of its own (the state machine overrides the
     * task role): it reads the run, records it failed, moves the run's input into an input/ folder of invalid-data/,
     * and reads the store's record of applied runs. Nothing else: no landing-data/, no reject archive, no table write,
     * no topic.
     */
    @Test
    void theArchiveRoleMayOnlyMoveARunsInputIntoInvalidDataAndReadWhetherTheRunWasApplied() {
        Map<String, String> granted = new TreeMap<>();
        for (JsonNode statement : statements("ArchiveTaskRole")) {
            granted.put(statement.field("Sid").get().asString(), strings(statement.field("Action").get()) + " on "
                    + list(statement.field("Resource").get()).stream().map(JsonNode::toString).toList()
                    + statement.field("Condition").map(c -> " if " + c).orElse(""));
        }
        String bucket = "{\"Fn::GetAtt\": [\"DataBucket\", \"Arn\"]}";
        String tables = "[{\"Fn::GetAtt\": [\"OrderKpiTable\", \"Arn\"]}, {\"Fn::GetAtt\": [\"CategoryKpiTable\", \"Arn\"]}, "
                + "{\"Fn::GetAtt\": [\"ControlTable\", \"Arn\"]}, {\"Fn::GetAtt\": [\"StateTable\", \"Arn\"]}]";
        assertEquals(Map.of(
                "ListDataBucket", "[s3:ListBucket] on [" + bucket + "]",
                "ReadRun", "[s3:GetObject] on [{\"Fn::Sub\": \"${DataBucket.Arn}/runs/*\"}]",
                "RecordRunFailed", "[s3:PutObject] on [{\"Fn::Sub\": \"${DataBucket.Arn}/runs/*/outcome.properties\"}, "
                        + "{\"Fn::Sub\": \"${DataBucket.Arn}/runs/*/report.json\"}]",
                "MoveBatchOutOfRun", "[s3:DeleteObject] on [{\"Fn::Sub\": \"${DataBucket.Arn}/runs/*/input/*\"}]",
                "ArchiveBatch", "[s3:PutObject] on [{\"Fn::Sub\": \"${DataBucket.Arn}/invalid-data/*/input/*\"}]",
                "StoreTablesExist", "[dynamodb:DescribeTable] on " + tables,
                "RunNotApplied", "[dynamodb:GetItem] on [{\"Fn::GetAtt\": [\"ControlTable\", \"Arn\"]}]"), granted);
        assertEquals(resource("ValidateTaskRole").field("Properties").get().field("AssumeRolePolicyDocument").get()
                .toString(), resource("ArchiveTaskRole").field("Properties").get().field("AssumeRolePolicyDocument")
                .get().toString(), "ECS tasks of this account assume it, like the job roles");
    }

    /** The state machine lists the run's input; every object it held is moved by the archive task, not by it. */
    @Test
    void theStateMachineRoleMayListRunsButTouchNoObject() {
        List<String> s3 = new ArrayList<>();
        for (JsonNode statement : statements("StateMachineRole")) {
            for (String action : strings(statement.field("Action").get())) {
                if (action.startsWith("s3:")) {
                    s3.add(statement.field("Sid").get().asString() + " " + action + " "
                            + statement.field("Condition").map(JsonNode::toString).orElse("(no condition)"));
                }
            }
        }
        assertEquals(List.of("FindClaimedBatch s3:ListBucket {\"StringLike\": {\"s3:prefix\": \"runs/*\"}}"), s3);
    }

    @Test
    void theValidateRoleMayNeitherScanNorDeleteFromTheKpiTables() {
        Map<String, Set<String>> validate = dynamoDbActionsByTable("ValidateTaskRole");
        Map<String, Set<String>> transform = dynamoDbActionsByTable("TransformTaskRole");
        for (String table : List.of("OrderKpiTable", "CategoryKpiTable")) {
            assertEquals(Set.of("dynamodb:DescribeTable"), validate.get(table), "validate only opens " + table);
            assertFalse(transform.get(table).contains("dynamodb:Scan"), "transform never scans " + table);
        }
        assertFalse(validate.get("StateTable").contains("dynamodb:Scan"));
        assertFalse(validate.get("StateTable").contains("dynamodb:DeleteItem"));
        // what transactions conditional on a control-table item need of every table they write
        Set<String> transaction = Set.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                "dynamodb:ConditionCheckItem");
        for (String table : List.of("OrderKpiTable", "CategoryKpiTable", "StateTable", "ControlTable")) {
            assertTrue(transform.get(table).containsAll(transaction), "transform on " + table + ": " + transform.get(table));
        }
        for (Map<String, Set<String>> role : List.of(validate, transform)) {
            assertTrue(role.get("JobRepositoryTable").contains("dynamodb:ConditionCheckItem"), role.toString());
        }
    }

    /** Each table's actions granted to {@code role}, by the table's logical id. */
    private static Map<String, Set<String>> dynamoDbActionsByTable(String role) {
        Map<String, Set<String>> byTable = new TreeMap<>();
        for (String table : List.of("OrderKpiTable", "CategoryKpiTable", "StateTable", "ControlTable",
                "JobRepositoryTable")) {
            byTable.put(table, new TreeSet<>());
        }
        for (JsonNode statement : statements(role)) {
            for (JsonNode resource : list(statement.field("Resource").get())) {
                byTable.keySet().stream().filter(t -> resource.toString().equals("{\"Fn::GetAtt\": [\"" + t + "\", \"Arn\"]}"))
                        .forEach(t -> strings(statement.field("Action").get()).stream().filter(a -> a.startsWith("dynamodb:"))
                                .forEach(byTable.get(t)::add));
            }
        }
        return byTable;
    }

    @Test
    void theAlertTopicAndTheLogGroupsAreEncryptedWithTheStacksKey() {
        String key = "{\"Fn::GetAtt\": [\"AlertsAndLogsKey\", \"Arn\"]}";
        assertEquals(key, resource("AlertTopic").field("Properties").get().field("KmsMasterKeyId").get().toString());
        for (String group : List.of("ValidateLogGroup", "TransformLogGroup", "StateMachineLogGroup")) {
            assertEquals(key, resource(group).field("Properties").get().field("KmsKeyId").get().toString(), group);
        }
        JsonNode properties = resource("AlertsAndLogsKey").field("Properties").get();
        assertTrue(properties.field("EnableKeyRotation").get().asBoolean());
        assertEquals("Retain", resource("AlertsAndLogsKey").field("DeletionPolicy").get().asString());
        Map<String, JsonNode> byService = new TreeMap<>();
        for (JsonNode statement : properties.field("KeyPolicy").get().field("Statement").get().asArray()) {
            statement.field("Principal").get().field("Service").ifPresent(s -> byService.put(s.toString(), statement));
        }
        // CloudWatch Logs encrypts this stack's three log groups, and only them
        JsonNode logs = byService.get("{\"Fn::Sub\": \"logs.${AWS::Region}.amazonaws.com\"}");
        assertTrue(logs != null, byService.keySet().toString());
        String logGroups = logs.field("Condition").get().field("ArnLike").get()
                .field("kms:EncryptionContext:aws:logs:arn").get().toString();
        for (String group : List.of("/ecs/validate-task", "/ecs/transform-task",
                "/aws/vendedlogs/states/ecommerce-kpi-pipeline")) {
            assertTrue(logGroups.contains("log-group:" + group + "\""), logGroups);
        }
        // CloudWatch alarms publish to the encrypted topic as the service; the jobs and the state machine by IAM
        JsonNode alarms = byService.get("\"cloudwatch.amazonaws.com\"");
        assertTrue(alarms != null, byService.keySet().toString());
        assertTrue(strings(alarms.field("Action").get()).containsAll(List.of("kms:Decrypt", "kms:GenerateDataKey")));
        for (String publisher : List.of("ValidateTaskRole", "StateMachineRole")) {
            JsonNode encrypt = statement(publisher, "EncryptAlerts");
            assertEquals(List.of("kms:GenerateDataKey", "kms:Decrypt"), strings(encrypt.field("Action").get()));
            assertEquals(key, encrypt.field("Resource").get().toString(), publisher);
        }
        try (SnsClient sns = Stack.client(SnsClient.builder())) {
            String topic = stack.output("AlertTopicArn");
            assertTrue(sns.getTopicAttributes(b -> b.topicArn(topic)).attributes().containsKey("KmsMasterKeyId"),
                    "the deployed topic names its key");
        }
    }

    @Test
    void aMessageInTheDeadLetterQueueRaisesAnAlarmOnTheAlertTopic() {
        JsonNode alarm = resource("DeadLetterQueueAlarm").field("Properties").get();
        assertEquals("AWS/SQS", text(alarm, "Namespace"));
        assertEquals("ApproximateNumberOfMessagesVisible", text(alarm, "MetricName"));
        JsonNode dimension = alarm.field("Dimensions").get().asArray().get(0);
        assertEquals("QueueName", text(dimension, "Name"));
        assertEquals("{\"Fn::GetAtt\": [\"DeadLetterQueue\", \"QueueName\"]}", dimension.field("Value").get().toString());
        assertEquals("GreaterThanThreshold", text(alarm, "ComparisonOperator"));
        assertEquals("0", alarm.field("Threshold").get().asNumber());
        assertEquals("1", alarm.field("EvaluationPeriods").get().asNumber());
        assertEquals("[{\"Ref\": \"AlertTopic\"}]", alarm.field("AlarmActions").get().toString());
    }

    private static final List<String> ALARMS = List.of("ecommerce-kpi-events-dlq-not-empty",
            "ecommerce-kpi-execution-failed", "ecommerce-kpi-no-successful-run",
            "ecommerce-kpi-reject-ratio-near-limit");

    /** What the jobs publish (JobMetrics); a dashboard or alarm naming anything else would show nothing. */
    private static final Set<String> PUBLISHED = Set.of("Restarts", "JobsFailed", "JobsStopped", "JobDuration",
            "RunsRejected", "RunsProcessed", "OrderKpiKeysChanged", "CategoryKpiKeysChanged", "StepDuration",
            "RowsRead", "RowsAccepted", "RowsRejected", "Files", "Bytes");

    @Test
    void theFourAlarmsAreInCloudWatchAndMailTheAlertTopic() {
        List<MetricAlarm> alarms;
        try (CloudWatchClient cloudWatch = Stack.client(CloudWatchClient.builder())) {
            alarms = cloudWatch.describeAlarms(b -> b.alarmNamePrefix("ecommerce-kpi-")).metricAlarms();
        }
        Map<String, MetricAlarm> byName = new TreeMap<>();
        alarms.forEach(a -> byName.put(a.alarmName(), a));
        assertEquals(ALARMS, List.copyOf(byName.keySet()));
        for (MetricAlarm alarm : alarms) {
            assertEquals(List.of(stack.output("AlertTopicArn")), alarm.alarmActions(), alarm.alarmName());
        }

        MetricAlarm failed = byName.get("ecommerce-kpi-execution-failed");
        assertEquals("AWS/States", failed.namespace());
        assertEquals("ExecutionsFailed", failed.metricName());
        assertEquals(List.of(Dimension.builder().name("StateMachineArn").value(stack.output("StateMachineArn"))
                .build()), failed.dimensions());
        assertEquals(ComparisonOperator.GREATER_THAN_THRESHOLD, failed.comparisonOperator());
        assertEquals(0.0, failed.threshold());

        MetricAlarm silent = byName.get("ecommerce-kpi-no-successful-run");
        assertEquals(EmfMetrics.NAMESPACE, silent.namespace());
        assertEquals("RunsProcessed", silent.metricName());
        assertEquals(List.of(Dimension.builder().name("Job").value("transform").build()), silent.dimensions());
        assertEquals(3600, silent.period());
        assertEquals(24, silent.evaluationPeriods(), "NoSuccessfulRunHours' default");
        assertEquals(24, silent.datapointsToAlarm());
        assertEquals(ComparisonOperator.LESS_THAN_THRESHOLD, silent.comparisonOperator());
        assertEquals(1.0, silent.threshold());
        assertEquals("breaching", silent.treatMissingData(), "no run at all is what the alarm is for");

        MetricAlarm rejects = byName.get("ecommerce-kpi-reject-ratio-near-limit");
        assertEquals(0.8, rejects.threshold(), "80 % of the limit");
        assertEquals(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, rejects.comparisonOperator());
        List<MetricDataQuery> queries = rejects.metrics();
        String ratios = "MAX([IF(readOrders > 0, rejectedOrders / readOrders, 0), "
                + "IF(readItems > 0, rejectedItems / readItems, 0), "
                + "IF(readProducts > 0, rejectedProducts / readProducts, 0)])";
        assertEquals(ratios + " / 0.05", queries.get(0).expression(), "the ratio over RejectLimit's default");
        assertTrue(queries.get(0).returnData());
        Map<String, String> read = new TreeMap<>();
        for (MetricDataQuery query : queries.subList(1, queries.size())) {
            assertFalse(query.returnData(), query.id());
            assertEquals(EmfMetrics.NAMESPACE, query.metricStat().metric().namespace(), query.id());
            assertEquals("Sum", query.metricStat().stat(), query.id());
            assertEquals("FileType", query.metricStat().metric().dimensions().get(0).name(), query.id());
            read.put(query.id(), query.metricStat().metric().metricName() + " "
                    + query.metricStat().metric().dimensions().get(0).value());
        }
        assertEquals(Map.of("readOrders", "RowsRead orders", "rejectedOrders", "RowsRejected orders",
                "readItems", "RowsRead order_items", "rejectedItems", "RowsRejected order_items",
                "readProducts", "RowsRead products", "rejectedProducts", "RowsRejected products"), read);

        // a limit given as a percentage (5%) is divided as the fraction it stands for
        Map<String, Object> percent = properties(stack.values(Map.of("RejectLimit", "5%")), "RejectRatioAlarm");
        @SuppressWarnings("unchecked")
        Map<String, Object> worst = ((List<Map<String, Object>>) percent.get("Metrics")).get(0);
        assertEquals(ratios + " * 100 / 5", worst.get("Expression"));
        assertTrue(stack.values(Map.of("RejectLimit", "5%")).condition("RejectLimitIsPercentage"));
        assertFalse(stack.values(Map.of()).condition("RejectLimitIsPercentage"));
    }

    @Test
    void theDashboardShowsTheAlarmsAndOnlyMetricsThePipelinePublishes() {
        String body;
        List<String> alarmArns;
        try (CloudWatchClient cloudWatch = Stack.client(CloudWatchClient.builder())) {
            assertEquals("ecommerce-kpi-pipeline", stack.output("DashboardName"));
            body = cloudWatch.getDashboard(b -> b.dashboardName("ecommerce-kpi-pipeline")).dashboardBody();
            alarmArns = cloudWatch.describeAlarms(b -> b.alarmNames(ALARMS)).metricAlarms().stream()
                    .map(MetricAlarm::alarmArn).sorted().toList();
        }
        JsonNode dashboard = JsonNode.parser().parse(body);
        List<JsonNode> widgets = dashboard.field("widgets").get().asArray();
        JsonNode alarmWidget = widgets.stream().filter(w -> w.field("type").get().asString().equals("alarm"))
                .findFirst().orElseThrow(() -> new AssertionError("no alarm widget: " + body));
        assertEquals(alarmArns, strings(alarmWidget.field("properties").get().field("alarms").get()).stream()
                .sorted().toList(), "the alarm widget names the deployed alarms");
        assertEquals(4, alarmArns.size());

        Set<String> shown = new TreeSet<>();
        for (JsonNode widget : widgets) {
            if (!widget.field("type").get().asString().equals("metric")) {
                continue;
            }
            JsonNode properties = widget.field("properties").get();
            assertEquals("us-east-1", properties.field("region").get().asString(), body);
            for (JsonNode metric : properties.field("metrics").get().asArray()) {
                List<JsonNode> parts = metric.asArray();
                if (parts.get(0).isString() && parts.get(0).asString().equals(EmfMetrics.NAMESPACE)) {
                    shown.add(parts.get(1).asString());
                } else if (parts.get(0).isObject()) {
                    String expression = parts.get(0).field("expression").get().asString();
                    Matcher search = Pattern.compile("MetricName=\"(\\w+)\"").matcher(expression);
                    if (search.find()) {
                        shown.add(search.group(1));
                    }
                } else if (parts.get(0).asString().equals("AWS/States")) {
                    assertEquals(stack.output("StateMachineArn"), parts.get(3).asString(), body);
                }
            }
        }
        assertTrue(PUBLISHED.containsAll(shown), "shown but never published: " + shown);
        assertTrue(shown.containsAll(List.of("RowsRead", "RowsRejected", "Bytes", "StepDuration", "Restarts",
                "RunsProcessed", "OrderKpiKeysChanged", "CategoryKpiKeysChanged")), shown.toString());
    }

    private static List<JsonNode> statements(String role) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode policy : resource(role).field("Properties").get().field("Policies").get().asArray()) {
            all.addAll(list(policy.field("PolicyDocument").get().field("Statement").get()));
        }
        return all;
    }

    private static JsonNode statement(String role, String sid) {
        return statements(role).stream().filter(s -> s.field("Sid").map(JsonNode::asString).orElse("").equals(sid))
                .findFirst().orElseThrow(() -> new AssertionError(role + " has no statement " + sid));
    }

    private static List<JsonNode> list(JsonNode node) {
        return node.isArray() ? node.asArray() : List.of(node);
    }

    @Test
    void thePolicyCheckReportsAWildcardGrant() {
        JsonNode bad = JsonNode.parser().parse("{\"Statement\": [{\"Sid\": \"Lazy\", \"Effect\": \"Allow\", "
                + "\"Action\": [\"s3:*\", \"sns:Publish\"], \"Resource\": \"*\"}]}");
        List<String> problems = new ArrayList<>();

        check("example", bad, problems);

        assertEquals(List.of("example Lazy allows every action: s3:*",
                "example Lazy grants [s3:*, sns:Publish] on every resource"), problems);
    }

    private static int check(String policy, JsonNode document, List<String> problems) {
        JsonNode statementNode = document.field("Statement").get();
        List<JsonNode> statements = statementNode.isArray() ? statementNode.asArray() : List.of(statementNode);
        for (JsonNode statement : statements) {
            if (!statement.field("Effect").get().asString().equals("Allow")) {
                continue;
            }
            String where = policy + " " + statement.field("Sid").map(JsonNode::asString).orElse("(no Sid)");
            List<String> actions = strings(statement.field("Action").get());
            for (String action : actions) {
                if (action.equals("*") || action.endsWith(":*")) {
                    problems.add(where + " allows every action: " + action);
                }
            }
            if (statement.field("Resource").isPresent() && strings(statement.field("Resource").get()).contains("*")) {
                List<String> needless = actions.stream().filter(a -> !ACTIONS_WITHOUT_RESOURCE_TYPE.contains(a)).toList();
                if (!needless.isEmpty()) {
                    problems.add(where + " grants " + needless + " on every resource");
                }
            }
        }
        return statements.size();
    }

    private static List<String> strings(JsonNode node) {
        if (node.isString()) {
            return List.of(node.asString());
        }
        if (node.isArray()) {
            return node.asArray().stream().map(n -> n.isString() ? n.asString() : n.toString()).toList();
        }
        return List.of(node.toString());
    }

    private static JsonNode resource(String logicalId) {
        return Stack.templateJson().field("Resources").get().field(logicalId)
                .orElseThrow(() -> new AssertionError("no resource " + logicalId + " in the template"));
    }

    private static String text(JsonNode node, String... path) {
        JsonNode current = node;
        for (String field : path) {
            current = current.field(field).orElseThrow(() -> new AssertionError("no " + String.join(".", path)));
        }
        return current.asString();
    }
}
