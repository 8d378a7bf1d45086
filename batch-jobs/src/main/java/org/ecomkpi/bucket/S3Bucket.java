package org.ecomkpi.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseBytes;
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
 *   <li>{@link #claimBatch} takes each landing object with a <em>claim marker</em>: a small object under the
 *       reserved folder {@value #CLAIMS} written with {@code If-None-Match: *}, which S3 lets exactly one writer
 *       create. The marker names the run and the landing object's ETag and last-modified time, so a run that
 *       died mid-claim recognises its own marker and finishes, while a marker left behind for an earlier object
 *       of the same name is recognised as stale and replaced with {@code If-Match} (again exactly one
 *       winner). The winner copies the object ({@code x-amz-copy-source-if-match}), deletes the landing object
 *       only if it is still that object ({@code If-Match}, so a file landing again under the same name in
 *       between is kept for the next run), then deletes its marker.</li>
 * </ul>
 * Every key is checked by {@link ObjectKey} before S3 is called; keys under {@value #CLAIMS} are refused, and
 * objects there or with keys that are not valid {@link ObjectKey}s are not listed. Retries (standard mode,
 * exponential backoff with jitter) and timeouts are the client's: see {@link #clientBuilder}.
 */
public final class S3Bucket implements Bucket {
    /** Reserved top-level folder for claim markers; not part of the key space. */
    static final String CLAIMS = ".bucket-claims";

    /** The default part size of multipart uploads; shorter writes are one PutObject. */
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    /** S3's smallest part (all but the last). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    // parts double in size every 2,000 parts, so 10,000 parts of 8 MiB upwards hold about 500 GB
    private static final int PARTS_PER_SIZE_STEP = 2_000;
    private static final int MAX_ATTEMPTS = 8;
    private static final int CLAIM_ROUNDS = 5;

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
                s3.putObject(r -> r.bucket(where.bucket()).key(objectKey), RequestBody.fromBytes(first));
            } catch (SdkException e) {
                throw failure("cannot write '" + key + "'", e);
            }
            return;
        }
        writeInParts(key, objectKey, first, content);
    }

    private void writeInParts(String key, String objectKey, byte[] first, InputStream content) {
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(r -> r.bucket(where.bucket()).key(objectKey)).uploadId();
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
     * Claims as {@link Bucket#claimBatch} says. The batch is what the first listing of landing shows. Files are
     * taken in a random order, so concurrent claims mostly work on different files; when one finds a file
     * already taken, its listing is out of date and it lists again, keeping only files of the batch that are
     * still there, instead of spending requests on every file another run took meanwhile.
     */
    @Override
    public List<String> claimBatch(String runId) {
        String input = BucketLayout.runInput(runId);
        List<Listed> listed = listListed(BucketLayout.LANDING);
        Set<Listed> batch = new HashSet<>(listed);
        Set<Listed> tried = new HashSet<>();
        List<Listed> pending = shuffled(listed);
        while (!pending.isEmpty()) {
            Listed landed = pending.remove(pending.size() - 1);
            if (!tried.add(landed)) {
                continue;
            }
            String target = input + ObjectKey.relativeTo(BucketLayout.LANDING, landed.object().key());
            if (claim(runId, landed, target) != ClaimOutcome.TAKEN) {
                pending = shuffled(listListed(BucketLayout.LANDING).stream()
                        .filter(l -> batch.contains(l) && !tried.contains(l)).toList());
            }
        }
        return list(input).stream().map(BucketObject::key).toList();
    }

    private static List<Listed> shuffled(List<Listed> listed) {
        List<Listed> copy = new ArrayList<>(listed);
        Collections.shuffle(copy, ThreadLocalRandom.current());
        return copy;
    }

    /**
     * Gives the batch back as {@link Bucket#releaseBatch} does, first dropping any claim marker this run still
     * holds for a file it gives back (one left by a claim that died before finishing), so the next run's
     * claim does not have to recognise it as stale.
     */
    @Override
    public List<String> releaseBatch(String runId) {
        String input = BucketLayout.runInput(runId);
        List<String> released = new ArrayList<>();
        for (BucketObject held : list(input)) {
            String landing = BucketLayout.LANDING + ObjectKey.relativeTo(input, held.key());
            String markerKey = markerKey(landing);
            readMarker(markerKey).filter(m -> m.marker().runId().equals(runId))
                    .ifPresent(m -> dropMarker(markerKey, m.etag()));
            move(held.key(), landing);
            released.add(landing);
        }
        return released;
    }

    // --- claiming ----------------------------------------------------------------------------------------

    private enum ClaimOutcome { TAKEN, HELD_BY_ANOTHER_RUN, GONE }

    private ClaimOutcome claim(String runId, Listed landed, String target) {
        String landingKey = landed.object().key();
        String markerKey = markerKey(landingKey);
        ClaimMarker wanted = new ClaimMarker(runId, landed.etag(), landed.object().lastModified());
        Optional<String> markerEtag = acquire(markerKey, wanted, landingKey);
        if (markerEtag.isEmpty()) {
            return ClaimOutcome.HELD_BY_ANOTHER_RUN;
        }
        try {
            s3.copyObject(r -> r.sourceBucket(where.bucket()).sourceKey(objectKey(landingKey))
                    .copySourceIfMatch(landed.etag())
                    .destinationBucket(where.bucket()).destinationKey(objectKey(target)));
        } catch (S3Exception e) {
            if (isMissingKey(e) || e.statusCode() == 412) {
                // gone (a run that held a stale-looking marker finished it) or replaced by a newer object since
                // we listed it: either way not the object this marker names; the newer one waits for a claim
                dropMarker(markerKey, markerEtag.get());
                return ClaimOutcome.GONE;
            }
            throw failure("cannot claim '" + landingKey + "' for run " + runId, e);
        } catch (SdkException e) {
            throw failure("cannot claim '" + landingKey + "' for run " + runId, e);
        }
        try {
            // only this object: one landing again under the same name since our listing is a new file
            s3.deleteObject(r -> r.bucket(where.bucket()).key(objectKey(landingKey)).ifMatch(landed.etag()));
        } catch (S3Exception e) {
            if (!isMissingKey(e) && e.statusCode() != 412) {
                throw failure("cannot remove claimed '" + landingKey + "' from landing for run " + runId, e);
            }
        } catch (SdkException e) {
            throw failure("cannot remove claimed '" + landingKey + "' from landing for run " + runId, e);
        }
        dropMarker(markerKey, markerEtag.get());
        return ClaimOutcome.TAKEN;
    }

    /**
     * Takes the marker for one landing object and returns its ETag, or empty when another run holds it. A
     * retried or repeated claim by the same run finds its own marker and goes on, which also covers a PUT whose
     * answer was lost and was sent again by the SDK's retry.
     */
    private Optional<String> acquire(String markerKey, ClaimMarker wanted, String landingKey) {
        byte[] body = wanted.body();
        for (int round = 0; round < CLAIM_ROUNDS; round++) {
            Optional<String> created = putMarker(markerKey, body, Optional.empty(), landingKey, wanted.runId());
            if (created.isPresent()) {
                return created;
            }
            Optional<StoredMarker> current = readMarker(markerKey);
            if (current.isEmpty()) {
                continue; // released between our PUT and our GET: try again
            }
            StoredMarker held = current.get();
            if (held.marker().sameObject(wanted)) {
                return held.marker().runId().equals(wanted.runId()) ? Optional.of(held.etag()) : Optional.empty();
            }
            // a marker for an earlier object under this name, left by a claim that died: replace it, one winner
            Optional<String> replaced = putMarker(markerKey, body, Optional.of(held.etag()), landingKey,
                    wanted.runId());
            if (replaced.isPresent()) {
                return replaced;
            }
        }
        return Optional.empty(); // still contended after several rounds: a later claim will see how it ended
    }

    /** PUT of a marker that must not exist ({@code If-None-Match: *}) or must still be {@code ifMatch}. */
    private Optional<String> putMarker(String markerKey, byte[] body, Optional<String> ifMatch, String landingKey,
            String runId) {
        try {
            String etag = s3.putObject(r -> {
                r.bucket(where.bucket()).key(where.objectKey(markerKey)).contentType("text/plain");
                ifMatch.ifPresentOrElse(r::ifMatch, () -> r.ifNoneMatch("*"));
            }, RequestBody.fromBytes(body)).eTag();
            return Optional.of(etag);
        } catch (S3Exception e) {
            // 412: someone else's marker is there (or changed); 409: a concurrent conditional write won; 404: the
            // marker we meant to replace is gone
            if (e.statusCode() == 412 || e.statusCode() == 409 || e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("cannot claim '" + landingKey + "' for run " + runId, e);
        } catch (SdkException e) {
            throw failure("cannot claim '" + landingKey + "' for run " + runId, e);
        }
    }

    private Optional<StoredMarker> readMarker(String markerKey) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(
                    r -> r.bucket(where.bucket()).key(where.objectKey(markerKey)));
            return Optional.of(new StoredMarker(ClaimMarker.parse(bytes.asString(UTF_8)), bytes.response().eTag()));
        } catch (S3Exception e) {
            if (isMissingKey(e)) {
                return Optional.empty();
            }
            throw failure("cannot read claim marker '" + markerKey + "'", e);
        } catch (SdkException e) {
            throw failure("cannot read claim marker '" + markerKey + "'", e);
        }
    }

    private void dropMarker(String markerKey, String etag) {
        try {
            s3.deleteObject(r -> r.bucket(where.bucket()).key(where.objectKey(markerKey)).ifMatch(etag));
        } catch (S3Exception e) {
            if (!isMissingKey(e) && e.statusCode() != 412) {
                throw failure("cannot remove claim marker '" + markerKey + "'", e);
            }
        } catch (SdkException e) {
            throw failure("cannot remove claim marker '" + markerKey + "'", e);
        }
    }

    private static String markerKey(String landingKey) {
        return CLAIMS + "/" + landingKey;
    }

    /**
     * What a claim marker says: which run holds it, and which landing object (ETag and last-modified time to the
     * second, as listings show it) it was taken for.
     */
    record ClaimMarker(String runId, String etag, Instant lastModified) {
        ClaimMarker {
            lastModified = lastModified.truncatedTo(ChronoUnit.SECONDS);
        }

        boolean sameObject(ClaimMarker other) {
            return etag.equals(other.etag) && lastModified.equals(other.lastModified);
        }

        byte[] body() {
            return ("run=" + runId + "\netag=" + etag + "\nlastModified=" + lastModified + "\n").getBytes(UTF_8);
        }

        /** Reads a marker; one that cannot be read names no object, so any claim sees it as stale. */
        static ClaimMarker parse(String text) {
            String run = "";
            String etag = "";
            Instant lastModified = Instant.EPOCH;
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String value = line.substring(eq + 1);
                switch (line.substring(0, eq)) {
                    case "run" -> run = value;
                    case "etag" -> etag = value;
                    case "lastModified" -> lastModified = parseInstant(value);
                    default -> {
                        // unknown fields from a newer version are ignored
                    }
                }
            }
            return new ClaimMarker(run, etag, lastModified);
        }

        private static Instant parseInstant(String value) {
            try {
                return Instant.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                return Instant.EPOCH;
            }
        }
    }

    private record StoredMarker(ClaimMarker marker, String etag) {
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
        if (key.equals(CLAIMS) || key.startsWith(CLAIMS + "/")) {
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
     * the claim markers' folder is this class's own and refused.
     */
    private String objectKey(String key) {
        ObjectKey.requireValid(key);
        if (key.equals(CLAIMS) || key.startsWith(CLAIMS + "/")) {
            throw new IllegalArgumentException("invalid object key '" + key + "': '" + CLAIMS
                    + "/' is reserved for claim markers in an S3 bucket");
        }
        return where.objectKey(key);
    }

    private static boolean isMissingKey(S3Exception e) {
        if (e.statusCode() != 404) {
            return false;
        }
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return !"NoSuchBucket".equals(code);
    }

    private BucketException failure(String what, SdkException e) {
        String detail = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? s3e.awsErrorDetails().errorMessage() + " (HTTP " + s3e.statusCode() + " "
                        + s3e.awsErrorDetails().errorCode() + ")"
                : e.getMessage();
        return new BucketException(location() + ": " + what + ": " + detail, e);
    }

    @Override
    public String toString() {
        return "S3Bucket[" + location() + "]";
    }
}
