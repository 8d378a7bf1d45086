package org.ecomkpi.bucket;

import java.io.IOException;
import java.io.InputStream;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The body of a GetObject, read straight off the connection (never buffered whole).
 * <ul>
 *   <li>When the connection breaks mid-object (a reset, an idle connection closed while a slow step worked),
 *       it opens a ranged GET from the byte it had reached, pinned to the same object version with
 *       {@code If-Match: <ETag>}, and carries on; a few failures in a row without progress end the read.</li>
 *   <li>Closed before its end, it aborts the connection instead of letting the HTTP client drain the rest of a
 *       possibly large object just to reuse the connection.</li>
 * </ul>
 */
final class S3ObjectStream extends InputStream {
    private static final int MAX_RESUMES_WITHOUT_PROGRESS = 3;

    /** Opens the object from a byte offset, only if it still has the given ETag. */
    @FunctionalInterface
    interface Source {
        ResponseInputStream<GetObjectResponse> open(long offset, String etag);
    }

    private final Source source;
    private final String etag;
    private final long end;
    private ResponseInputStream<GetObjectResponse> body;
    private long position;
    private int failuresInARow;
    private int resumes;

    S3ObjectStream(ResponseInputStream<GetObjectResponse> body, long offset, Source source) {
        this.body = body;
        this.source = source;
        this.etag = body.response().eTag();
        Long length = body.response().contentLength();
        this.position = offset;
        this.end = length == null ? Long.MAX_VALUE : offset + length;
    }

    /** How often the read was resumed after a broken connection. */
    int resumes() {
        return resumes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            if (position >= end) {
                return -1;
            }
            try {
                int n = body.read(buffer, offset, length);
                if (n > 0) {
                    position += n;
                    failuresInARow = 0;
                } else if (n < 0 && end != Long.MAX_VALUE) {
                    throw new IOException("connection closed at byte " + position + " of " + end);
                }
                return n;
            } catch (IOException e) {
                resume(e);
            }
        }
    }

    private void resume(IOException failure) throws IOException {
        if (++failuresInARow > MAX_RESUMES_WITHOUT_PROGRESS || etag == null) {
            throw failure;
        }
        body.abort();
        try {
            body = source.open(position, etag);
            resumes++;
        } catch (SdkException e) {
            failure.addSuppressed(e);
            throw failure;
        }
    }

    @Override
    public void close() throws IOException {
        if (position < end) {
            body.abort();
        }
        body.close();
    }
}
