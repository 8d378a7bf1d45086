package org.ecomkpi.aws;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.ecomkpi.jberet.dynamodb.DynamoDbRepositorySettings;
import org.ecomkpi.store.DynamoDbKpiStore;
import org.ecomkpi.store.DynamoDbTables;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A fresh S3 bucket and fresh DynamoDB table names on {@code moto_server}, and the environment a child CLI gets for
 * them: what an ECS task of the stack gets (bucket and store from the environment, tables created on first use).
 *
 * @param bucket the bucket's name
 * @param tables the prefix of every table name
 */
public record MotoPipeline(String bucket, String tables) {

    /** Creates the bucket, named after {@code purpose} (lower case letters, digits and '-'). */
    public static MotoPipeline fresh(S3Client s3, String purpose) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        MotoPipeline pipeline = new MotoPipeline(purpose + "-" + unique, purpose.replace('-', '_') + "_" + unique + "_");
        s3.createBucket(b -> b.bucket(pipeline.bucket()));
        return pipeline;
    }

    /**
     * A fresh bucket holding the smallest valid drop: a product, two orders (one returned) on two days, an item
     * each.
     */
    public static MotoPipeline withTwoOrders(S3Client s3, String purpose) {
        MotoPipeline pipeline = fresh(s3, purpose);
        pipeline.land(s3, "products.csv", "id,sku,cost,category,retail_price\np1,S1,2.00,Toys,5.00\n");
        pipeline.land(s3, "orders/orders-1.csv", "order_id,user_id,created_at,status\n"
                + "1,u1,2024-03-01T10:00:00,Complete\n2,u2,2024-03-02T10:00:00,returned\n");
        pipeline.land(s3, "order_items/items-1.csv", "id,order_id,product_id,sale_price\n"
                + "10,1,p1,5.00\n11,2,p1,4.50\n");
        return pipeline;
    }

    /** Puts {@code content} at {@code landing-data/<relative>} of this bucket, as a producer would. */
    public void land(S3Client s3, String relative, String content) {
        s3.putObject(b -> b.bucket(bucket).key("landing-data/" + relative), RequestBody.fromString(content));
    }

    /** moto's endpoint, region and credentials, this bucket and store, and these tables. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(MotoServer.get().environment());
        env.put("PIPELINE_BUCKET", "s3://" + bucket);
        env.put("PIPELINE_STORE", DynamoDbKpiStore.SPEC);
        env.put(DynamoDbKpiStore.CREATE_TABLES_VARIABLE, "true");
        env.put(DynamoDbTables.ORDER_TABLE_VARIABLE, tables + "order_kpi_table");
        env.put(DynamoDbTables.CATEGORY_TABLE_VARIABLE, tables + "category_kpi_table");
        env.put(DynamoDbTables.CONTROL_TABLE_VARIABLE, tables + "pipeline_control");
        env.put(DynamoDbTables.STATE_TABLE_VARIABLE, tables + "kpi_state_table");
        env.put(DynamoDbRepositorySettings.TABLE_VARIABLE, tables + "job_repository");
        return env;
    }
}
