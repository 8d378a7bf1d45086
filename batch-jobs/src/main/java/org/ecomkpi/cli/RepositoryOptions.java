package org.ecomkpi.cli;

import java.util.Optional;

import org.ecomkpi.bucket.BucketLocation;
import org.ecomkpi.metrics.Metrics;
import org.ecomkpi.store.StoreLocation;

import picocli.CommandLine.Option;

/**
 * Where the {@code runs} commands find the job repository: the store, and the bucket that holds spilled checkpoints.
 */
final class RepositoryOptions {
    @Option(names = "--store", paramLabel = "S", converter = LocationConverters.Store.class,
            description = "The store whose job repository holds the runs: h2:<path> or dynamodb. Default: "
                    + "$PIPELINE_STORE, else h2:./.pipeline/store.")
    StoreLocation store;

    @Option(names = "--bucket", paramLabel = "B", converter = LocationConverters.Bucket.class,
            description = "The run bucket (on S3 the DynamoDB repository spills large checkpoints there). Default: "
                    + "$PIPELINE_BUCKET, else ./.pipeline/bucket.")
    BucketLocation bucket;

    /** Opens the job repository with the command's settings and clients ({@code root}'s); the caller closes it. */
    JobRunner open(PipelineCommand root) {
        return JobRunner.open(root, new JobParameters(bucket, store, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()), "pipeline validate", Metrics.off());
    }
}
