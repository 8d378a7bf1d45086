package org.ecomkpi.cli;

import org.ecomkpi.bucket.BucketLocation;
import org.ecomkpi.store.StoreLocation;

import picocli.CommandLine.Option;

/** The options every command that runs a job takes: where the bucket and the store are, how often to checkpoint. */
final class JobOptions {
    @Option(names = "--bucket", paramLabel = "B", converter = LocationConverters.Bucket.class,
            description = "Where landing-data/ is: a folder, file:<path> or s3://<bucket>[/<prefix>]. "
                    + "Default: $PIPELINE_BUCKET, else ./.pipeline/bucket.")
    BucketLocation bucket;

    @Option(names = "--store", paramLabel = "S", converter = LocationConverters.Store.class,
            description = "Where KPIs and job checkpoints live: h2:<path> or dynamodb. Default: $PIPELINE_STORE, "
                    + "else h2:./.pipeline/store.")
    StoreLocation store;

    @Option(names = "--chunk-size", paramLabel = "N", converter = JobParameters.ChunkSizeConverter.class,
            description = "Rows per checkpoint. Default: 10000 in validate, 100000 in transform.")
    Integer chunkSize;

    @Option(names = "--partition-threads", paramLabel = "N", converter = JobParameters.PartitionThreadsConverter.class,
            description = "Threads the validate job's orders and items partitions run on. Default: the number of "
                    + "available processors.")
    Integer partitionThreads;

    @Option(names = "--partition-bytes", paramLabel = "N", converter = JobParameters.PartitionBytesConverter.class,
            description = "Validate cuts files larger than this into partitions of about this many bytes, at row "
                    + "starts (gzip files are never cut). Default: 33554432 (32 MiB).")
    Long partitionBytes;
}
