package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.ecomkpi.aws.MotoPipeline;
import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.jberet.dynamodb.DynamoDbRepositorySettings;
import org.ecomkpi.settings.PipelineSettings;
import org.ecomkpi.store.DynamoDbTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A command takes every setting from the environment map its command line was made with, never from the process's:
 * this JVM has no AWS endpoint, credentials or table names in its own environment, yet a run in it, given moto's
 * endpoint and fresh table names in the map, reaches moto and those tables, from the command (the job repository)
 * down to the jobs' steps (the KPI store, the alert topic of a rejected batch).
 */
class CommandEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void aRunGivenAnEnvironmentMapUsesItsEndpointAndTableNamesDownToTheSteps() {
        MotoPipeline pipeline;
        try (S3Client s3 = MotoServer.get().s3Client()) {
            pipeline = MotoPipeline.withTwoOrders(s3, "env-map");
        }
        Map<String, String> environment = pipeline.environment();
        environment.put(DynamoDbRepositorySettings.LEASE_VARIABLE, "6");
        PipelineSettings before = PipelineSettings.ofProcess();

        Cli run = Cli.runWith(environment, "run", "--quiet", "--run-id", "env-1", "--settle-seconds", "0");

        assertEquals(0, run.exitCode(), run.toString());
        DynamoDbTables tables = DynamoDbTables.fromEnvironment(environment);
        try (DynamoDbClient dynamo = MotoServer.get().dynamoClient()) {
            assertEquals(2, dynamo.scan(b -> b.tableName(tables.orderKpis())).count(), "rows of "
                    + tables.orderKpis());
            assertEquals(2, dynamo.scan(b -> b.tableName(tables.categoryKpis())).count(), "rows of "
                    + tables.categoryKpis());
            String jobs = environment.get(DynamoDbRepositorySettings.TABLE_VARIABLE);
            assertTrue(dynamo.scan(b -> b.tableName(jobs)).count() > 0, "items of " + jobs);
        }
        assertTrue(run.out().contains("2024-03-01"), run.toString());
        assertSame(before, PipelineSettings.ofProcess(), "the command's settings outlived it");
    }

    @Test
    void aRejectedBatchIsPublishedToTheAlertTopicOfTheCommandsEnvironment() {
        MotoPipeline pipeline;
        try (S3Client s3 = MotoServer.get().s3Client()) {
            pipeline = MotoPipeline.fresh(s3, "env-alert");
            pipeline.land(s3, "products.csv", "id,sku,cost,category,retail_price\np1,S1,2.00,Toys,5.00\n");
            pipeline.land(s3, "orders/orders-1.csv", "order_id,user_id,status\n1,u1,Complete\n"); // no created_at
            pipeline.land(s3, "order_items/items-1.csv", "id,order_id,product_id,sale_price\n10,1,p1,5.00\n");
        }
        MotoServer moto = MotoServer.get();
        try (SnsClient sns = SnsClient.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS).build();
             SqsClient sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS).build()) {
            String topic = sns.createTopic(b -> b.name(pipeline.bucket())).topicArn();
            String queue = sqs.createQueue(b -> b.queueName(pipeline.bucket())).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn));
            Map<String, String> environment = pipeline.environment();
            environment.put("PIPELINE_ALERT_TOPIC_ARN", topic);

            Cli run = Cli.runWith(environment, "run", "--quiet", "--run-id", "alert-1", "--settle-seconds", "0");

            assertEquals(1, run.exitCode(), run.toString());
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(5)).messages();
            assertEquals(1, messages.size(), "messages on the topic's queue");
            assertTrue(messages.get(0).body().contains("alert-1") && messages.get(0).body().contains("BATCH_REJECTED"),
                    messages.get(0).body());
        }
    }

    @Test
    void kpisGivenATableNameInItsEnvironmentReadsThatTable() {
        Map<String, String> environment;
        try (S3Client s3 = MotoServer.get().s3Client()) {
            environment = MotoPipeline.fresh(s3, "env-kpis").environment();
        }
        environment.put("PIPELINE_ORDER_TABLE", environment.get("PIPELINE_ORDER_TABLE").replace("order", "renamed"));

        Cli kpis = Cli.runWith(environment, "kpis", "--table", "order_kpi_table", "--format", "csv");

        assertEquals(0, kpis.exitCode(), kpis.toString());
        try (DynamoDbClient dynamo = MotoServer.get().dynamoClient()) {
            // every page: this JVM's moto_server holds the tables of every test before this one, often over 100
            assertTrue(dynamo.listTablesPaginator().tableNames().stream()
                            .anyMatch(environment.get("PIPELINE_ORDER_TABLE")::equals),
                    "kpis created no table " + environment.get("PIPELINE_ORDER_TABLE"));
        }
    }

    @Test
    void aSettingThatCannotBeUsedEndsTheCommandWithUsageNamingTheVariable() {
        Cli kpis = Cli.runWith(Map.of("PIPELINE_JOB_LEASE_SECONDS", "soon"), "kpis", "--table", "order_kpi_table",
                "--store", "h2:" + dir.resolve("store"));

        assertEquals(2, kpis.exitCode(), kpis.toString());
        assertEquals("error: PIPELINE_JOB_LEASE_SECONDS is 'soon'; expected whole seconds, 2 or more (hint: fix that "
                + "environment variable; batch-jobs/README.md lists them)", kpis.err().strip());
        assertFalse(dir.resolve("store.mv.db").toFile().exists(), "a refused setting must not open the store");
    }

    @Test
    void helpNeedsNoUsableSettings() {
        Cli help = Cli.runWith(Map.of("PIPELINE_CREATE_TABLES", "yes"), "kpis", "--help");

        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.out().contains("--table"), help.toString());
    }

}
