package org.ecomkpi.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.batch.operations.JobOperator;
import jakarta.enterprise.context.ApplicationScoped;

import org.ecomkpi.bucket.BatchClaims;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.store.KpiStore;
import org.jberet.operations.AbstractJobOperator;
import org.jberet.spi.JobOperatorContext;

/**
 * The bucket and store clients of this JVM, opened once per location and shared by every step (clients are
 * expensive: an H2 database, an SDK client with its connection pool).
 *
 * <p>Every write through them first passes the {@link WriteFence} of the job repository the jobs run on: a process
 * whose lease on its job execution ran out (paused, partitioned) must not write beside the process that took the
 * run over.
 */
@ApplicationScoped
public class Storage {
    private final Map<String, Bucket> opened = new ConcurrentHashMap<>();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, BatchClaims> claims = new ConcurrentHashMap<>();
    private final Map<String, KpiStore> stores = new ConcurrentHashMap<>();

    public Bucket bucket(String location) {
        return buckets.computeIfAbsent(location, where -> new FencedBucket(opened(where), Storage::checkFence));
    }

    /** The batch claims of the bucket at {@code location}, over the same client as {@link #bucket}. */
    public BatchClaims claims(String location) {
        return claims.computeIfAbsent(location, where -> new FencedBatchClaims(BatchClaims.of(opened(where)),
                bucket(where), Storage::checkFence));
    }

    private Bucket opened(String location) {
        return opened.computeIfAbsent(location, Bucket::at);
    }

    public KpiStore store(String spec) {
        return stores.computeIfAbsent(spec, where -> new FencedKpiStore(KpiStore.at(where), Storage::checkFence));
    }

    /** The fence of the job repository the running jobs use (JBeret's job operator of this JVM), if it has one. */
    private static void checkFence() {
        JobOperator operator = JobOperatorContext.getJobOperatorContext().getJobOperator();
        if (operator instanceof AbstractJobOperator jberet && jberet.getJobRepository() instanceof WriteFence fence) {
            fence.check();
        }
    }

    @PreDestroy
    void close() {
        stores.values().forEach(KpiStore::close);
        stores.clear();
        claims.clear();
        buckets.clear();
        opened.clear();
    }
}
