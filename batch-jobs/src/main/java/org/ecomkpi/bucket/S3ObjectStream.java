package org.ecomkpi.bucket;

import java.io.FilterInputStream;
import java.io.IOException;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The body of a GetObject, read straight off the connection. Closed before its end, it aborts the connection
 * instead of letting the HTTP client drain the rest of a possibly large object just to reuse it.
 */
final class S3ObjectStream extends FilterInputStream {
    private final ResponseInputStream<GetObjectResponse> body;
    private final long length;
    private long consumed;
    private boolean ended;

    S3ObjectStream(ResponseInputStream<GetObjectResponse> body) {
        super(body);
        this.body = body;
        Long contentLength = body.response().contentLength();
        this.length = contentLength == null ? Long.MAX_VALUE : contentLength;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        count(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) {
        if (n < 0) {
            ended = true;
        } else {
            consumed += n;
            ended |= consumed >= length;
        }
    }

    @Override
    public void close() throws IOException {
        if (!ended) {
            body.abort();
        }
        super.close();
    }
}
