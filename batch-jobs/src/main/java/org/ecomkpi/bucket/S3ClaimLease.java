package org.ecomkpi.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The claim lease of an {@link S3Bucket}: the object {@code .bucket-claims/lease}, naming its holder, its run and
 * when it expires, plus the holder's {@link ClaimIntent} once it has one. Every step is one of the bucket's
 * conditional operations ({@link S3Bucket#createIfAbsent}, {@link S3Bucket#replaceIfMatch},
 * {@link S3Bucket#deleteIfMatch}).
 * <ul>
 *   <li>It is taken with {@code PutObject If-None-Match: *}, which exactly one writer wins.</li>
 *   <li>The holder renews it, and records its intent, with {@code If-Match} on the ETag it last wrote: a holder
 *       whose lease was taken over finds out before it moves anything.</li>
 *   <li>A lease past its expiry (its holder died, or stalled for {@value #TERM_SECONDS} s) is taken over with
 *       {@code If-Match} on its ETag, again by exactly one claimer, which keeps the intent in it and finishes it.
 *       Finishing an intent that its stalled holder is finishing too is harmless: both move the same object
 *       versions to the same keys.</li>
 *   <li>Released with a {@code DeleteObject If-Match}, so a lease someone else took over is left alone.</li>
 * </ul>
 * An answer lost on the way back (the SDK then retries a write S3 already made) is recognised by the holder token,
 * unique to each claim. Expiry is judged by this machine's clock, so clocks may be off by far less than the term.
 */
final class S3ClaimLease implements ClaimLease {
    static final long TERM_SECONDS = 30;
    private static final Duration TERM = Duration.ofSeconds(TERM_SECONDS);
    // a holder renews when a third of the term has passed, so a slow request or two do not lose it the lease
    private static final Duration RENEW_AFTER = TERM.dividedBy(3);
    private static final int WRITE_ROUNDS = 3;

    private static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    private final S3Bucket bucket;
    private final String holder = UUID.randomUUID().toString();

    S3ClaimLease(S3Bucket bucket) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /** The lease object's S3 key in the bucket, below the location's prefix. */
    static String key(S3Location where) {
        return where.objectKey(BucketLayout.CLAIM_LEASE);
    }

    @Override
    public Attempt tryTake(String runId) {
        LeaseRecord mine = new LeaseRecord(holder, runId, Instant.now().plus(TERM), Optional.empty());
        Optional<String> created = put(mine, Optional.empty());
        if (created.isPresent()) {
            return new Taken(new HeldObject(mine, created.get(), Optional.empty()));
        }
        Optional<StoredLease> current = read();
        if (current.isEmpty()) {
            return new HeldByAnother("a claim that released it just now");
        }
        LeaseRecord found = current.get().record();
        if (found.holder().equals(holder)) {
            // our create went through and its answer was lost: the SDK's retry met our own lease
            return new Taken(new HeldObject(found, current.get().etag(), found.intent()));
        }
        if (found.expires().isBefore(Instant.now())) {
            LeaseRecord takeover = new LeaseRecord(holder, runId, Instant.now().plus(TERM), found.intent());
            Optional<String> replaced = put(takeover, Optional.of(current.get().etag()));
            if (replaced.isPresent()) {
                return new Taken(new HeldObject(takeover, replaced.get(), found.intent()));
            }
            return new HeldByAnother("a claim that took over an expired lease just now");
        }
        return new HeldByAnother("run " + found.runId() + " (lease until " + found.expires() + ")");
    }

    /** PUT of the lease that must not exist ({@code If-None-Match: *}) or must still be {@code ifMatch}. */
    private Optional<String> put(LeaseRecord record, Optional<String> ifMatch) {
        byte[] content = record.text().getBytes(UTF_8);
        return ifMatch.isPresent()
                ? bucket.replaceIfMatch(BucketLayout.CLAIM_LEASE, content, CONTENT_TYPE, ifMatch.get())
                : bucket.createIfAbsent(BucketLayout.CLAIM_LEASE, content, CONTENT_TYPE);
    }

    private Optional<StoredLease> read() {
        return bucket.readWithETag(BucketLayout.CLAIM_LEASE)
                .map(v -> new StoredLease(LeaseRecord.parse(new String(v.content(), UTF_8)), v.etag()));
    }

    private void delete(String etag) {
        bucket.deleteIfMatch(BucketLayout.CLAIM_LEASE, etag);
    }

    private record StoredLease(LeaseRecord record, String etag) {
    }

    /** The lease while this claimer holds it: the record it last wrote and that write's ETag. */
    private final class HeldObject implements Held {
        private final Optional<ClaimIntent> unfinished;
        private LeaseRecord record;
        private String etag;
        private long writtenAt = System.nanoTime();

        HeldObject(LeaseRecord record, String etag, Optional<ClaimIntent> unfinished) {
            this.record = record;
            this.etag = etag;
            this.unfinished = unfinished;
        }

        @Override
        public Optional<ClaimIntent> unfinished() {
            return unfinished;
        }

        @Override
        public boolean keepAlive() {
            if (System.nanoTime() - writtenAt < RENEW_AFTER.toNanos()) {
                return true;
            }
            return write(record.until(Instant.now().plus(TERM)));
        }

        @Override
        public boolean record(ClaimIntent intent) {
            return write(new LeaseRecord(holder, record.runId(), Instant.now().plus(TERM), Optional.of(intent)));
        }

        private boolean write(LeaseRecord next) {
            for (int round = 0; round < WRITE_ROUNDS; round++) {
                Optional<String> written = put(next, Optional.of(etag));
                if (written.isPresent()) {
                    adopt(next, written.get());
                    return true;
                }
                Optional<StoredLease> current = read();
                if (current.isEmpty() || !current.get().record().holder().equals(holder)) {
                    return false; // taken over after it expired: whatever we meant to do is someone else's now
                }
                if (current.get().record().text().equals(next.text())) {
                    adopt(next, current.get().etag()); // written, but the answer was lost
                    return true;
                }
                etag = current.get().etag(); // an earlier write of ours whose answer was lost: write on top of it
            }
            return false;
        }

        private void adopt(LeaseRecord written, String writtenEtag) {
            record = written;
            etag = writtenEtag;
            writtenAt = System.nanoTime();
        }

        @Override
        public void release() {
            delete(etag);
        }

        @Override
        public void abandon() {
            // the lease keeps the intent and expires; whoever takes it over next finishes the claim
        }
    }

    /**
     * The lease object's content: {@code holder=}, {@code run=}, {@code expires=} lines, then the intent's lines.
     * A lease that cannot be read has expired at the epoch, so any claimer takes it over.
     */
    record LeaseRecord(String holder, String runId, Instant expires, Optional<ClaimIntent> intent) {
        private static final String HOLDER = "holder=";
        private static final String RUN = "run=";
        private static final String EXPIRES = "expires=";

        LeaseRecord until(Instant newExpiry) {
            return new LeaseRecord(holder, runId, newExpiry, intent);
        }

        String text() {
            return HOLDER + holder + "\n" + RUN + runId + "\n" + EXPIRES + expires + "\n"
                    + intent.map(ClaimIntent::lines).orElse("");
        }

        static LeaseRecord parse(String text) {
            String holder = "";
            String run = "";
            Instant expires = Instant.EPOCH;
            for (String line : text.split("\n")) {
                if (line.startsWith(HOLDER)) {
                    holder = line.substring(HOLDER.length());
                } else if (line.startsWith(RUN)) {
                    run = line.substring(RUN.length());
                } else if (line.startsWith(EXPIRES)) {
                    try {
                        expires = Instant.parse(line.substring(EXPIRES.length()));
                    } catch (DateTimeParseException e) {
                        expires = Instant.EPOCH;
                    }
                }
            }
            return new LeaseRecord(holder, run, expires, ClaimIntent.parse(text));
        }
    }
}
