package org.ecomkpi.aws;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.s3.S3Client;

class MotoServerTest {
    @Test
    void theServerAnswersS3OnLoopback() {
        MotoServer moto = MotoServer.get();
        assertTrue(moto.endpoint().getHost().equals("127.0.0.1"));
        try (S3Client s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS).forcePathStyle(true).build()) {
            s3.createBucket(b -> b.bucket("moto-check"));
            assertTrue(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("moto-check")));
        }
    }
}
