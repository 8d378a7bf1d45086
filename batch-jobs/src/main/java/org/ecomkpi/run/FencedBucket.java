package org.ecomkpi.run;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketObject;

/** A bucket whose writes (write, copy, move, delete) each pass a {@link WriteFence} first; reads do not. */
final class FencedBucket implements Bucket {
    private final Bucket bucket;
    private final WriteFence fence;

    FencedBucket(Bucket bucket, WriteFence fence) {
        this.bucket = bucket;
        this.fence = fence;
    }

    @Override
    public String location() {
        return bucket.location();
    }

    @Override
    public List<BucketObject> list(String prefix) {
        return bucket.list(prefix);
    }

    @Override
    public Optional<BucketObject> describe(String key) {
        return bucket.describe(key);
    }

    @Override
    public InputStream read(String key, long offset) {
        return bucket.read(key, offset);
    }

    @Override
    public void write(String key, InputStream content) {
        fence.check();
        bucket.write(key, content);
    }

    @Override
    public void copy(String from, String to) {
        fence.check();
        bucket.copy(from, to);
    }

    @Override
    public void move(String from, String to) {
        fence.check();
        bucket.move(from, to);
    }

    @Override
    public void delete(String key) {
        fence.check();
        bucket.delete(key);
    }

    @Override
    public String toString() {
        return bucket.toString();
    }
}
