package org.ecomkpi.bucket;

import java.util.concurrent.atomic.AtomicInteger;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.aws.MotoServer;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * S3 clients for the tests, configured exactly as production ({@link AwsClients#s3Builder}) but pointed at
 * the test JVM's moto server, optionally with interceptors that watch or break requests.
 */
final class MotoS3 {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private MotoS3() {
    }

    // one client for setting up buckets, made on first use and kept for the JVM
    private static final class Admin {
        static final S3Client S3 = client();
    }

    static S3Client client(ExecutionInterceptor... interceptors) {
        MotoServer moto = MotoServer.get();
        S3ClientBuilder builder = AwsClients.s3Builder().forcePathStyle(true)
                .endpointOverride(moto.endpoint())
                .region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS);
        ClientOverrideConfiguration.Builder overrides = builder.overrideConfiguration().toBuilder();
        for (ExecutionInterceptor interceptor : interceptors) {
            overrides.addExecutionInterceptor(interceptor);
        }
        return builder.overrideConfiguration(overrides.build()).build();
    }

    /** Creates a bucket no other test uses and returns its name. */
    static String newBucket(String purpose) {
        String name = purpose + "-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
        Admin.S3.createBucket(r -> r.bucket(name));
        return name;
    }
}
