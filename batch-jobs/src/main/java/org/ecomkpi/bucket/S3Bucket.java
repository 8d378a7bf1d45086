package org.ecomkpi.bucket;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.ecomkpi.aws.AwsClients;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket that is an S3 bucket, or a prefix of one ({@link S3Location}), on the AWS SDK for Java v2.
 * <ul>
 *   <li>Reads stream the GetObject response; a read from an offset is a ranged GET ({@code Range: bytes=N-}),
 *       so a restarted reader never downloads what it already read. A connection broken mid-object is resumed
 *       from the byte reached, pinned to the same ETag ({@link S3ObjectStream}).</li>
 *   <li>Writes shorter than one part (8 MiB by default) are a single PutObject; longer streams become a
 *       multipart upload sent part by part as the stream is read (at most one part in memory), aborted on
 *       failure so no half object ever appears.</li>
 *   <li>Copies are one server-side CopyObject, so an object above 5 GB (CopyObject's limit) cannot be copied,
 *       moved or claimed; moves are a CopyObject then a DeleteObject.</li>
 *   <li>For the claims ({@link S3BatchClaims}, {@link S3ClaimLease}) it has package-private conditional
 *       operations, each one request: create if absent ({@code If-None-Match: *}), replace, copy or delete only if
 *       the object is still the version an ETag names ({@code If-Match}, {@code x-amz-copy-source-if-match}), and
 *       a listing and a read that give ETags. They alone reach the reserved folder {@code .bucket-claims/}.</li>
 * </ul>
 * Every key is checked by {@link ObjectKey} before S3 is called; keys under {@code .bucket-claims/} are refused,
 * and objects there or with keys that are not valid {@link ObjectKey}s are not listed. Retries (standard mode,
 * exponential backoff with jitter) and timeouts are the client's: see {@link AwsClients#s3Builder}.
 */
public final class S3Bucket implements Bucket {
    /** The default part size of multipart uploads; shorter writes are one PutObject. */
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    /** S3's smallest part (all but the last). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    // parts double in size every 2,000 parts, so 10,000 parts of 8 MiB upwards hold about 500 GB
    private static final int PARTS_PER_SIZE_STEP = 2_000;

    private final S3Client s3;
    private final S3Location where;
    private final int partSize;

    /** A bucket at {@code location} ({@code s3://bucket[/prefix]}) through {@code s3}, which the caller owns. */
    public S3Bucket(S3Client s3, S3Location location) {
        this(s3, location, DEFAULT_PART_SIZE);
    }

    /** As {@link #S3Bucket(S3Client, S3Location)}, with multipart uploads in parts of {@code partSize} bytes. */
    public S3Bucket(S3Client s3, S3Location location, int partSize) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.where = Objects.requireNonNull(location, "location");
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("part size " + partSize + " is below S3's minimum of " + MIN_PART_SIZE
                    + " bytes");
        }
        this.partSize = partSize;
    }

    @Override
    public String location() {
        return where.toString();
    }

    @Override
    public List<BucketObject> list(String prefix) {
        ObjectKey.requireValidPrefix(prefix);
        return listListed(prefix).stream().map(Listed::object).toList();
    }

    @Override
    public Optional<BucketObject> describe(String key) {
        String objectKey = objectKey(key);
        try {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(where.bucket()).key(objectKey));
            return Optional.of(new BucketObject(key, head.contentLength(), head.lastModified()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("cannot read attributes of '" + key + "'", e);
        } catch (SdkException e) {
            throw failure("cannot read attributes of '" + key + "'", e);
        }
    }

    @Override
    public InputStream read(String key, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative read offset " + offset + " for '" + key + "'");
        }
        String objectKey = objectKey(key);
        try {
            return new S3ObjectStream(get(objectKey, offset, Optional.empty()), offset,
                    (from, etag) -> get(objectKey, from, Optional.of(etag)));
        } catch (S3Exception e) {
            if (isMissingKey(e)) {
                throw new NoSuchObjectException(location(), key, e);
            }
            if (e.statusCode() == 416) {
                return readPastTheEnd(key, offset, e);
            }
            throw failure("cannot read '" + key + "'", e);
        } catch (SdkException e) {
            throw failure("cannot read '" + key + "'", e);
        }
    }

    private ResponseInputStream<GetObjectResponse> get(String objectKey, long offset, Optional<String> ifMatch) {
        return s3.getObject(r -> {
            r.bucket(where.bucket()).key(objectKey);
            if (offset > 0) {
                r.range("bytes=" + offset + "-");
            }
                ifMatch.ifPresent(r::ifMatch);
        });
    }

    // S3 answers 416 to a range starting at the end; the contract wants an empty stream there, a refusal beyond
    private InputStream readPastTheEnd(String key, long offset, S3Exception rangeError) {
        long size = describe(key).orElseThrow(() -> new NoSuchObjectException(location(), key, rangeError)).size();
        if (offset == size) {
            return InputStream.nullInputStream();
        }
        throw new IllegalArgumentException("read offset " + offset + " is beyond the end of '" + key + "' ("
                + size + " bytes)");
    }

    @Override
    public void write(String key, InputStream content) {
        String objectKey = objectKey(key);
        byte[] first = readPart(content, partSize, key);
        if (first.length < partSize) {
            try {
                s3.putObject(r -> r.bucket(where.bucket()).key(objectKey).contentType(contentType(key).orElse(null)),
                        RequestBody.fromBytes(first));
            } catch (SdkException e) {
                throw failure("cannot write '" + key + "'", e);
            }
            return;
        }
        writeInParts(key, objectKey, first, content);
    }

    /**
     * The Content-Type an object is stored with, from its name: the run report's page must be served as a page
     * ({@code text/html}) when opened from the console or a website endpoint, its JSON as JSON; anything else
     * gets the SDK's and S3's default.
     */
    static Optional<String> contentType(String key) {
        String name = key.toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".html")) {
            return Optional.of("text/html; charset=utf-8");
        }
        if (name.endsWith(".json")) {
            return Optional.of("application/json");
        }
        return Optional.empty();
    }

    private void writeInParts(String key, String objectKey, byte[] first, InputStream content) {
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(r -> r.bucket(where.bucket()).key(objectKey)
                    .contentType(contentType(key).orElse(null))).uploadId();
        } catch (SdkException e) {
            throw failure("cannot start a multipart upload of '" + key + "'", e);
        }
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] part = first;
            while (part.length > 0) {
                int number = parts.size() + 1;
                if (number > MAX_PARTS) {
                    throw new BucketException(location() + ": cannot write '" + key + "': more than " + MAX_PARTS
                            + " parts");
                }
                byte[] bytes = part;
                String etag = s3.uploadPart(r -> r.bucket(where.bucket()).key(objectKey).uploadId(uploadId)
                        .partNumber(number), RequestBody.fromBytes(bytes)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                part = readPart(content, partSizeOf(number + 1), key);
            }
            s3.completeMultipartUpload(r -> r.bucket(where.bucket()).key(objectKey).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(where.bucket()).key(objectKey).uploadId(uploadId));
            } catch (SdkException abortFailed) {
                e.addSuppressed(abortFailed); // a bucket lifecycle rule cleans up uploads left like this
            }
            if (e instanceof SdkException sdk) {
                throw failure("cannot write '" + key + "' (multipart upload aborted)", sdk);
            }
            throw e;
        }
    }

    private int partSizeOf(int partNumber) {
        return partSize << Math.min(4, (partNumber - 1) / PARTS_PER_SIZE_STEP);
    }

    private byte[] readPart(InputStream content, int size, String key) {
        try {
            return content.readNBytes(size);
        } catch (IOException e) {
            throw new BucketException(location() + ": cannot write '" + key + "': reading its content failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void copy(String from, String to) {
        String source = objectKey(from);
        String target = objectKey(to);
        try {
            s3.copyObject(r -> r.sourceBucket(where.bucket()).sourceKey(source)
                    .destinationBucket(where.bucket()).destinationKey(target));
        } catch (S3Exception e) {
            if (isMissingKey(e)) {
                throw new NoSuchObjectException(location(), from, e);
            }
            throw failure("cannot copy '" + from + "' to '" + to + "'", e);
        } catch (SdkException e) {
            throw failure("cannot copy '" + from + "' to '" + to + "'", e);
        }
    }

    @Override
    public void move(String from, String to) {
        objectKey(to); // refuse a bad target before the copy touches anything
        copy(from, to);
        delete(from);
    }

    @Override
    public void delete(String key) {
        String objectKey = objectKey(key);
        try {
            s3.deleteObject(r -> r.bucket(where.bucket()).key(objectKey));
        } catch (SdkException e) {
            throw failure("cannot delete '" + key + "'", e);
        }
    }

    // --- conditional operations, for the claims ---------------------------------------------------------

    /*
     * What S3BatchClaims and S3ClaimLease build the claim protocol on: S3's conditional requests, each one blob
     * operation that S3 carries out only if the object is (or is not) the version named. Package-private: they also
     * reach the reserved folder .bucket-claims/, which the public operations refuse.
     */

    /** An object as a listing shows it, with its ETag: the version conditional operations name. */
    record Listed(BucketObject object, String etag) {
    }

    /** An object's whole content with its ETag. */
    record Versioned(byte[] content, String etag) {
    }

    /** Every object whose key starts with {@code prefix}, with its ETag, sorted by key. */
    List<Listed> listWithETags(String prefix) {
        ObjectKey.requireValidPrefix(prefix);
        return listListed(prefix);
    }

    /**
     * Writes {@code content} at {@code key} only if no object is there ({@code PutObject If-None-Match: *}, which
     * exactly one of many concurrent writers wins); the new ETag, or empty when an object is there (or a concurrent
     * conditional write won).
     */
    Optional<String> createIfAbsent(String key, byte[] content, String contentType) {
        return putConditionally(key, content, contentType, Optional.empty());
    }

    /**
     * Replaces the object at {@code key} with {@code content} only if it is still the version {@code etag}
     * ({@code PutObject If-Match}); the new ETag, or empty when it changed or is gone.
     */
    Optional<String> replaceIfMatch(String key, byte[] content, String contentType, String etag) {
        return putConditionally(key, content, contentType, Optional.of(etag));
    }

    private Optional<String> putConditionally(String key, byte[] content, String contentType,
            Optional<String> ifMatch) {
        String objectKey = anyObjectKey(key);
        try {
            return Optional.of(s3.putObject(r -> {
                r.bucket(where.bucket()).key(objectKey).contentType(contentType);
                ifMatch.ifPresentOrElse(r::ifMatch, () -> r.ifNoneMatch("*"));
            }, RequestBody.fromBytes(content)).eTag());
        } catch (S3Exception e) {
            // 412: an object is there, or it changed; 409: a concurrent conditional write won; 404: the object to
            // replace is gone
            if (e.statusCode() == 412 || e.statusCode() == 409 || e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("cannot write '" + key + "' " + condition(ifMatch), e);
        } catch (SdkException e) {
            throw failure("cannot write '" + key + "' " + condition(ifMatch), e);
        }
    }

    private static String condition(Optional<String> ifMatch) {
        return ifMatch.map(etag -> "if it is still ETag " + etag).orElse("if absent");
    }

    /** The whole object at {@code key} with its ETag, or empty when there is none. */
    Optional<Versioned> readWithETag(String key) {
        String objectKey = anyObjectKey(key);
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(r -> r.bucket(where.bucket()).key(objectKey));
            return Optional.of(new Versioned(bytes.asByteArray(), bytes.response().eTag()));
        } catch (S3Exception e) {
            if (isMissingKey(e)) {
                return Optional.empty();
            }
            throw failure("cannot read '" + key + "'", e);
        } catch (SdkException e) {
            throw failure("cannot read '" + key + "'", e);
        }
    }

    /**
     * Copies the object at {@code from} to {@code to} only if it is still the version {@code etag}
     * ({@code x-amz-copy-source-if-match}); false when it is gone or was replaced.
     */
    boolean copyIfMatch(String from, String to, String etag) {
        String source = anyObjectKey(from);
        String target = anyObjectKey(to);
        try {
            s3.copyObject(r -> r.sourceBucket(where.bucket()).sourceKey(source).copySourceIfMatch(etag)
                    .destinationBucket(where.bucket()).destinationKey(target));
            return true;
        } catch (S3Exception e) {
            if (isMissingKey(e) || e.statusCode() == 412) {
                return false;
            }
            throw failure("cannot copy '" + from + "' to '" + to + "' if it is still ETag " + etag, e);
        } catch (SdkException e) {
            throw failure("cannot copy '" + from + "' to '" + to + "' if it is still ETag " + etag, e);
        }
    }

    /** Deletes the object at {@code key} only if it is still the version {@code etag} ({@code If-Match}). */
    void deleteIfMatch(String key, String etag) {
        String objectKey = anyObjectKey(key);
        try {
            s3.deleteObject(r -> r.bucket(where.bucket()).key(objectKey).ifMatch(etag));
        } catch (S3Exception e) {
            if (!isMissingKey(e) && e.statusCode() != 412) {
                throw failure("cannot delete '" + key + "' if it is still ETag " + etag, e);
            }
        } catch (SdkException e) {
            throw failure("cannot delete '" + key + "' if it is still ETag " + etag, e);
        }
    }

    // --- listing and keys --------------------------------------------------------------------------------

    private List<Listed> listListed(String prefix) {
        String keyPrefix = where.keyPrefix();
        List<Listed> found = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(where.bucket())
                    .prefix(keyPrefix + prefix)).contents()) {
                String key = object.key().substring(keyPrefix.length());
                if (isListable(key)) {
                    found.add(new Listed(new BucketObject(key, object.size(), object.lastModified()), object.eTag()));
                }
            }
        } catch (SdkException e) {
            throw failure("cannot list '" + prefix + "'", e);
        }
        // S3 lists in UTF-8 byte order; the contract promises String order
        found.sort(Comparator.comparing(l -> l.object().key()));
        return found;
    }

    private static boolean isListable(String key) {
        if (isReserved(key)) {
            return false;
        }
        try {
            ObjectKey.requireValid(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false; // e.g. a console-made "folder/" placeholder: not an object of ours
        }
    }

    /**
     * The S3 key of a pipeline key, after the key rules, so nothing reaches S3 outside the location's prefix;
     * the claim lease's folder is this class's own and refused.
     */
    private String objectKey(String key) {
        ObjectKey.requireValid(key);
        if (isReserved(key)) {
            throw new IllegalArgumentException("invalid object key '" + key + "': '" + BucketLayout.CLAIMS_FOLDER
                    + "/' is reserved for the claim lease");
        }
        return where.objectKey(key);
    }

    /** The S3 key of a pipeline key, after the key rules; the reserved folder included (for the claims only). */
    private String anyObjectKey(String key) {
        return where.objectKey(ObjectKey.requireValid(key));
    }

    private static boolean isReserved(String key) {
        return key.equals(BucketLayout.CLAIMS_FOLDER) || key.startsWith(BucketLayout.CLAIMS_FOLDER + "/");
    }

    static boolean isMissingKey(S3Exception e) {
        if (e.statusCode() != 404) {
            return false;
        }
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return !"NoSuchBucket".equals(code);
    }

    private BucketException failure(String what, SdkException e) {
        return failure(location(), what, e);
    }

    /** A failure of S3 itself, saying where, what was being done, and S3's own words (message, status, code). */
    static BucketException failure(String location, String what, SdkException e) {
        String detail = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? s3e.awsErrorDetails().errorMessage() + " (HTTP " + s3e.statusCode() + " "
                        + s3e.awsErrorDetails().errorCode() + ")"
                : e.getMessage();
        return new BucketException(location + ": " + what + ": " + detail, e);
    }

    @Override
    public String toString() {
        return "S3Bucket[" + location() + "]";
    }
}
