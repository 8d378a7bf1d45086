package org.ecomkpi.bucket;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
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
 *   <li>{@link #claimBatch(String, ClaimRules)} holds the bucket's claim lease, one object under the reserved
 *       folder {@code .bucket-claims/} written with {@code If-None-Match: *} (S3 lets exactly one writer create
 *       it) and renewed or taken over with {@code If-Match} ({@link S3ClaimLease}). The holder copies each file
 *       of its batch ({@code x-amz-copy-source-if-match}) and deletes the landing object only if it is still
 *       that object ({@code If-Match}).</li>
 * </ul>
 * Every key is checked by {@link ObjectKey} before S3 is called; keys under {@code .bucket-claims/} are refused,
 * and objects there or with keys that are not valid {@link ObjectKey}s are not listed. Retries (standard mode,
 * exponential backoff with jitter) and timeouts are the client's: see {@link #clientBuilder}.
 */
public final class S3Bucket implements Bucket {
    /** The default part size of multipart uploads; shorter writes are one PutObject. */
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    /** S3's smallest part (all but the last). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    // parts double in size every 2,000 parts, so 10,000 parts of 8 MiB upwards hold about 500 GB
    private static final int PARTS_PER_SIZE_STEP = 2_000;
    private static final int MAX_ATTEMPTS = 8;

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

    /**
     * The bucket an {@code s3://} location names, with a client from {@link #clientBuilder} over this process's
     * environment: region and credentials from the default provider chains, endpoint from
     * {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL} when set (read by the SDK itself).
     */
    public static S3Bucket at(String location) {
        S3Location parsed = S3Location.parse(location);
        return new S3Bucket(clientBuilder(System.getenv()).build(), parsed);
    }

    /**
     * An S3 client builder with the pipeline's explicit settings: standard retry mode with at most 8 attempts,
     * exponential backoff with full jitter (100 ms base, 200 ms for throttling such as 503 SlowDown, capped at
     * 20 s), 2 minutes per attempt and 10 minutes per call, 5 s to connect, 30 s without a byte on a socket.
     * When {@code env} sets an endpoint override ({@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}) the
     * client uses path-style addressing, which local emulators need; the SDK reads the override itself.
     */
    public static S3ClientBuilder clientBuilder(Map<String, String> env) {
        return S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .connectionAcquisitionTimeout(Duration.ofSeconds(30))
                        .maxConnections(64))
                .overrideConfiguration(c -> c
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(MAX_ATTEMPTS)
                                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100),
                                        Duration.ofSeconds(20)))
                                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(200),
                                        Duration.ofSeconds(20)))
                                .build())
                        .apiCallAttemptTimeout(Duration.ofMinutes(2))
                        .apiCallTimeout(Duration.ofMinutes(10)))
                .forcePathStyle(hasEndpointOverride(env));
    }

    static boolean hasEndpointOverride(Map<String, String> env) {
        return !env.getOrDefault("AWS_ENDPOINT_URL_S3", "").isBlank()
                || !env.getOrDefault("AWS_ENDPOINT_URL", "").isBlank();
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

    /**
     * Claims as {@link Bucket#claimBatch(String, ClaimRules)} says, holding the bucket's {@link S3ClaimLease} while
     * it lists, waits for quiet and moves the batch. A file's version is its ETag: the copy into the run's input is
     * conditional on it ({@code x-amz-copy-source-if-match}), and so is the delete from landing ({@code If-Match}),
     * so a file landing again under the same name in between is kept for the next run.
     */
    @Override
    public ClaimedBatch claimBatch(String runId, ClaimRules rules) {
        return new LandingClaim(claimSite(), new S3ClaimLease(s3, where)).claim(runId, rules);
    }

    /** What claims see of this bucket (tests build the intent a dead claimer leaves from it). */
    LandingClaim.Site claimSite() {
        return new ClaimSite();
    }

    private final class ClaimSite implements LandingClaim.Site {
        @Override
        public String location() {
            return S3Bucket.this.location();
        }

        @Override
        public List<LandedFile> landed() {
            // listings show whole seconds: the object may have been written until the next one
            return listListed(BucketLayout.LANDING).stream().map(l -> new LandedFile(l.object(), l.etag(),
                    l.object().lastModified().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1))).toList();
        }

        @Override
        public List<String> held(String runId) {
            return list(BucketLayout.runInput(runId)).stream().map(BucketObject::key).toList();
        }

        @Override
        public boolean takeIfUnchanged(LandedFile file, String target) {
            String landingKey = file.key();
            try {
                s3.copyObject(r -> r.sourceBucket(where.bucket()).sourceKey(objectKey(landingKey))
                        .copySourceIfMatch(file.version())
                        .destinationBucket(where.bucket()).destinationKey(objectKey(target)));
            } catch (S3Exception e) {
                if (isMissingKey(e) || e.statusCode() == 412) {
                    return false; // moved already (an intent finished twice) or replaced since it was listed
                }
                throw failure("cannot claim '" + landingKey + "' into '" + target + "'", e);
            } catch (SdkException e) {
                throw failure("cannot claim '" + landingKey + "' into '" + target + "'", e);
            }
            try {
                s3.deleteObject(r -> r.bucket(where.bucket()).key(objectKey(landingKey)).ifMatch(file.version()));
            } catch (S3Exception e) {
                if (!isMissingKey(e) && e.statusCode() != 412) {
                    throw failure("cannot remove claimed '" + landingKey + "' from landing", e);
                }
            } catch (SdkException e) {
                throw failure("cannot remove claimed '" + landingKey + "' from landing", e);
            }
            return true;
        }
    }

    // --- listing and keys --------------------------------------------------------------------------------

    /** A listed object with its ETag, which claims need. */
    private record Listed(BucketObject object, String etag) {
    }

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
        if (key.equals(LandingClaim.RESERVED_FOLDER) || key.startsWith(LandingClaim.RESERVED_FOLDER + "/")) {
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
        if (key.equals(LandingClaim.RESERVED_FOLDER) || key.startsWith(LandingClaim.RESERVED_FOLDER + "/")) {
            throw new IllegalArgumentException("invalid object key '" + key + "': '" + LandingClaim.RESERVED_FOLDER
                    + "/' is reserved for the claim lease");
        }
        return where.objectKey(key);
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
