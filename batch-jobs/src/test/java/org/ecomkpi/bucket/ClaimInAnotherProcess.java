package org.ecomkpi.bucket;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the child JVMs in {@link LocalBatchClaimsTest}: waits for a go file, claims, prints the keys. With a
 * fourth argument {@code hold} it instead takes the claim lease, prints {@value #HOLDING} and never lets go (until
 * it is killed).
 */
final class ClaimInAnotherProcess {
    static final String HOLDING = "holding the claim lease";

    private ClaimInAnotherProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path go = Path.of(args[2]);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(go) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        LocalBucket bucket = LocalBucket.at(Path.of(args[0]));
        if (args.length > 3 && args[3].equals("hold")) {
            BatchClaims.of(bucket).claim(args[1], ClaimRules.everythingLanded().onlyIf(paths -> {
                System.out.println(HOLDING);
                System.out.flush();
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        return false;
                    }
                }
            }));
            return;
        }
        for (String key : BatchClaims.of(bucket).claim(args[1])) {
            System.out.println(key);
        }
    }
}
