package org.ecomkpi.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.batch.operations.JobOperator;
import jakarta.enterprise.context.ApplicationScoped;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.bucket.BatchClaims;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLocation;
import org.ecomkpi.settings.PipelineSettings;
import org.ecomkpi.store.DynamoDbStoreSettings;
import org.ecomkpi.store.KpiStore;
import org.ecomkpi.store.StoreLocation;
import org.jberet.operations.AbstractJobOperator;
import org.jberet.spi.JobOperatorContext;

/**
 * The buckets and stores the batch artifacts of this JVM work on, opened once per location and shared by every step
 * (an H2 database, a DynamoDB store with its writer threads). Locations are parsed by {@link BucketLocation#parse}
 * and {@link StoreLocation#parse}, exactly as the CLI parses {@code --bucket} and {@code --store}, so a bad one is
 * refused with the same message. SDK clients and settings (the DynamoDB store's tables) are the process's
 * ({@link AwsClients#ofProcess()}, {@link PipelineSettings#ofProcess()}): those the composition root of the command that
 * launched the jobs built and uses too. When they change (a command ended, the next began) and a later job asks
 * again, it gets the new ones, and what was opened over the old ones is let go.
 *
 * <p>Every write through them first passes the {@link WriteFence} of the job repository the jobs run on: a process
 * whose lease on its job execution ran out (paused, partitioned) must not write beside the process that took the
 * run over.
 */
@ApplicationScoped
public class Storage {
    private final Map<BucketLocation, Bucket> opened = new ConcurrentHashMap<>();
    private final Map<BucketLocation, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<BucketLocation, BatchClaims> claims = new ConcurrentHashMap<>();
    private final Map<StoreLocation, KpiStore> stores = new ConcurrentHashMap<>();
    private AwsClients clients;
    private PipelineSettings settings;

    /** The bucket at {@code location} (as the job property {@code bucket} gives it). */
    public Bucket bucket(String location) {
        BucketLocation where = BucketLocation.parse(location);
        clients();
        return buckets.computeIfAbsent(where, at -> new FencedBucket(opened(at), Storage::checkFence));
    }

    /** The batch claims of the bucket at {@code location}, over the same client as {@link #bucket}. */
    public BatchClaims claims(String location) {
        BucketLocation where = BucketLocation.parse(location);
        clients();
        return claims.computeIfAbsent(where, at -> new FencedBatchClaims(BatchClaims.of(opened(at)),
                bucket(location), Storage::checkFence));
    }

    private Bucket opened(BucketLocation location) {
        return opened.computeIfAbsent(location, at -> at.open(clients()));
    }

    /** The store {@code spec} names (as the job property {@code store} gives it). */
    public KpiStore store(String spec) {
        StoreLocation where = StoreLocation.parse(spec);
        AwsClients current = clients();
        DynamoDbStoreSettings dynamoDb = PipelineSettings.ofProcess().dynamoDbStore();
        return stores.computeIfAbsent(where, at -> new FencedKpiStore(at.open(current, dynamoDb),
                Storage::checkFence));
    }

    /**
     * The process's clients (and settings); when either changed since the last call, what was opened over the old
     * ones is let go.
     */
    private synchronized AwsClients clients() {
        AwsClients current = AwsClients.ofProcess();
        PipelineSettings now = PipelineSettings.ofProcess();
        if ((clients != null && clients != current) || (settings != null && settings != now)) {
            close();
        }
        clients = current;
        settings = now;
        return current;
    }

    /** The fence of the job repository the running jobs use (JBeret's job operator of this JVM), if it has one. */
    private static void checkFence() {
        JobOperator operator = JobOperatorContext.getJobOperatorContext().getJobOperator();
        if (operator instanceof AbstractJobOperator jberet && jberet.getJobRepository() instanceof WriteFence fence) {
            fence.check();
        }
    }

    @PreDestroy
    synchronized void close() {
        stores.values().forEach(KpiStore::close);
        stores.clear();
        claims.clear();
        buckets.clear();
        opened.clear();
    }
}
