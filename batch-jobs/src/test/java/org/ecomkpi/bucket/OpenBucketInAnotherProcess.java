package org.ecomkpi.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.settings.PipelineSettings;

/**
 * Entry point of the child JVM in {@link S3BucketTest}: opens a bucket by location, as the jobs do, with only
 * the process environment to go on, which it parses as the CLI's root does (the process's clients are built over
 * those settings); writes one object, claims the batch and prints the claimed keys.
 */
final class OpenBucketInAnotherProcess {

    private OpenBucketInAnotherProcess() {
    }

    public static void main(String[] args) {
        AwsClients.openForProcess(PipelineSettings.parse(System.getenv()).aws());
        Bucket bucket = Bucket.at(args[0]);
        bucket.write(args[1], args[2].getBytes(UTF_8));
        System.out.println(bucket.location());
        for (String key : BatchClaims.of(bucket).claim(args[3])) {
            System.out.println(key);
        }
    }
}
