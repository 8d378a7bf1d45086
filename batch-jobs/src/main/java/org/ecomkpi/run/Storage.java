package org.ecomkpi.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.store.KpiStore;

/**
 * The bucket and store clients of this JVM, opened once per location and shared by every step (clients are
 * expensive: an H2 database, an SDK client with its connection pool).
 */
@ApplicationScoped
public class Storage {
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, KpiStore> stores = new ConcurrentHashMap<>();

    public Bucket bucket(String location) {
        return buckets.computeIfAbsent(location, Bucket::at);
    }

    public KpiStore store(String spec) {
        return stores.computeIfAbsent(spec, KpiStore::at);
    }

    @PreDestroy
    void close() {
        stores.values().forEach(KpiStore::close);
        stores.clear();
        buckets.clear();
    }
}
