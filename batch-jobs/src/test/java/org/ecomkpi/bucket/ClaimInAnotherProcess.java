package org.ecomkpi.bucket;

import java.nio.file.Files;
import java.nio.file.Path;

/** Entry point of the child JVMs in {@link LocalBucketTest}: waits for a go file, claims, prints the keys. */
final class ClaimInAnotherProcess {

    private ClaimInAnotherProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path go = Path.of(args[2]);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(go) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        for (String key : LocalBucket.at(Path.of(args[0])).claimBatch(args[1])) {
            System.out.println(key);
        }
    }
}
