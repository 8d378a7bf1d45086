package org.ecomkpi.bucket;

/**
 * A bucket operation that failed for a reason outside the caller's control (disk, network, permissions). The
 * message names the bucket and the key. The command line reports it as an infrastructure failure.
 */
public class BucketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BucketException(String message, Throwable cause) {
        super(message, cause);
    }

    public BucketException(String message) {
        super(message);
    }
}
