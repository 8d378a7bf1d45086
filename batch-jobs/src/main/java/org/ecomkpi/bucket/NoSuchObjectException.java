package org.ecomkpi.bucket;

/** An operation named a key that holds no object (never written, already moved or deleted). */
public class NoSuchObjectException extends BucketException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public NoSuchObjectException(String bucket, String key, Throwable cause) {
        super(bucket + ": no object at key '" + key + "'", cause);
        this.key = key;
    }

    public NoSuchObjectException(String bucket, String key) {
        this(bucket, key, null);
    }

    /** The key that held nothing. */
    public String key() {
        return key;
    }
}
