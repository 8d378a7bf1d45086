package org.ecomkpi.run;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.JobContext;
import jakarta.inject.Inject;

import org.ecomkpi.bucket.BatchClaims;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.store.KpiStore;

/**
 * What every batch artifact of the two jobs is configured with: the run id, the bucket and the store, as
 * batch properties that the job XML fills from the job's properties ({@code #{jobProperties['runId']}}).
 */
public abstract class RunArtifact {
    @Inject
    @BatchProperty(name = RunSettings.RUN_ID)
    protected String runId;

    @Inject
    @BatchProperty(name = RunSettings.BUCKET)
    protected String bucketLocation;

    @Inject
    @BatchProperty(name = RunSettings.STORE)
    protected String storeSpec;

    @Inject
    protected JobContext jobContext;

    @Inject
    protected Storage storage;

    protected Bucket bucket() {
        return storage.bucket(bucketLocation);
    }

    protected BatchClaims claims() {
        return storage.claims(bucketLocation);
    }

    protected KpiStore store() {
        return storage.store(storeSpec);
    }
}
