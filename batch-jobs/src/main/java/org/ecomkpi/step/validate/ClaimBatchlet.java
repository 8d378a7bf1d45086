package org.ecomkpi.step.validate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.Batchlet;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.ecomkpi.bucket.BatchClaims;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketException;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.bucket.BucketObject;
import org.ecomkpi.bucket.ClaimRules;
import org.ecomkpi.bucket.ClaimedBatch;
import org.ecomkpi.bucket.ObjectKey;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.BatchManifest;
import org.ecomkpi.run.InputFile;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.RunLog;
import org.ecomkpi.run.RunOutcome;
import org.ecomkpi.run.RunSettings;
import org.ecomkpi.store.ProcessedFile;

/**
 * The validate job's first step: claims the files under {@code landing-data/} for the run, hashes each, and writes
 * the run's {@link BatchManifest}. The claim holds the bucket's claim lease, so concurrent runs never split an
 * upload, and takes only files that went unchanged for the settle period ({@link RunSettings#SETTLE_SECONDS}),
 * waiting a while for a producer still writing. Files without an orders file, an order_items file and a catalogue
 * are left where they are, and the job ends with exit status {@code NO_BATCH}.
 *
 * <p>Only files the pipeline recognises ({@link InputFile#typeOf}) are claimed; any other file stays in landing and
 * the manifest names it, so that the report and the console do. A run that crashed after its files were moved and
 * before its manifest was written is recovered here: its restart builds the manifest from what the run's input
 * holds (plus what settled in landing since), gives back to landing any file there it does not recognise, and gives
 * the whole input back when it makes no batch.
 */
@Named
public class ClaimBatchlet extends RunArtifact implements Batchlet {
    public static final String NO_BATCH = "NO_BATCH";
    public static final String CLAIMED = "CLAIMED";

    @Inject
    @BatchProperty(name = RunSettings.SETTLE_SECONDS)
    String settleSeconds;

    private volatile boolean stopRequested;

    @Override
    public String process() {
        Bucket bucket = bucket();
        if (BatchManifest.readFrom(bucket, runId).isPresent()) {
            return CLAIMED; // a restart after the claim was written
        }
        giveBackUnrecognised(bucket);
        Duration settle = RunSettings.parseSettleSeconds(settleSeconds);
        BatchClaims claims = claims();
        ClaimedBatch claimed = claims.claim(runId, ClaimRules.settling(settle)
                .takingOnly(InputFile::recognised)
                .onlyIf(paths -> processable(typesOf(paths)))
                .stoppingWhen(() -> stopRequested));
        if (!claimed.stillBeingWritten().isEmpty()) {
            RunLog.warn(runId, "validate", "claim", "left files still being written in landing-data/",
                    Map.of("settleSeconds", settle.toSeconds(), "files", claimed.stillBeingWritten()));
        }
        if (!claimed.refused().isEmpty()) {
            RunLog.warn(runId, "validate", "claim", "refused files in landing-data/",
                    Map.of("refused", claimed.refused()));
        }
        List<BucketObject> landing = bucket.list(BucketLayout.LANDING);
        List<String> unrecognised = landing.stream().map(BucketObject::key)
                .filter(key -> !InputFile.recognised(ObjectKey.relativeTo(BucketLayout.LANDING, key))).toList();
        if (!unrecognised.isEmpty()) {
            RunLog.warn(runId, "validate", "claim", "left files the pipeline does not recognise in landing-data/",
                    Map.of("files", unrecognised));
        }
        if (claimed.isEmpty()) {
            RunLog.info(runId, "validate", "claim", "nothing to process", Map.of("landingFiles", landing.size(),
                    "missing", missing(typesOf(landing.stream()
                            .map(o -> ObjectKey.relativeTo(BucketLayout.LANDING, o.key())).toList()))));
            return NO_BATCH;
        }
        String input = BucketLayout.runInput(runId);
        // as landed: a copy into the run's input has a last-modified time of its own on S3
        Map<String, BucketObject> landed = new HashMap<>();
        claimed.taken().forEach(o -> landed.put(ObjectKey.relativeTo(BucketLayout.LANDING, o.key()), o));
        List<InputFile> files = new ArrayList<>(claimed.keys().size());
        for (String key : claimed.keys()) {
            String relative = ObjectKey.relativeTo(input, key);
            BucketObject object = Optional.ofNullable(landed.get(relative)).or(() -> bucket.describe(key))
                    .orElseThrow(() -> new BucketException(bucket.location() + ": expected claimed file '" + key
                            + "' in the input of run " + runId + ", found none"));
            String sha256 = bucket.sha256(key);
            Optional<String> earlier = store().findProcessed(sha256).map(ProcessedFile::runId);
            files.add(new InputFile(key, relative, InputFile.typeOf(relative), object.size(),
                    object.lastModified(), sha256, earlier));
        }
        if (!processable(typesOf(files.stream().map(InputFile::relativePath).toList()))) {
            // the run holds files that are no batch (a landing file deleted while it was being claimed)
            claims.release(runId);
            RunLog.info(runId, "validate", "claim", "claimed files make no batch; released", Map.of(
                    "files", files.size()));
            return NO_BATCH;
        }
        BatchManifest manifest = new BatchManifest(runId, Instant.now(), files, unrecognised, claimed.refused());
        manifest.writeTo(bucket);
        RunOutcome.readFrom(bucket, runId).status(RunOutcome.Status.CLAIMED).writeTo(bucket, runId);
        RunLog.info(runId, "validate", "claim", "claimed batch", Map.of("files", files.size(),
                "alreadyProcessed", manifest.alreadyProcessed().size()));
        return CLAIMED;
    }

    /**
     * Moves back to landing the files in the run's input that no type fits: they were claimed by a run from before
     * claims took only recognised files, or put there by hand, and must not be archived unread.
     */
    private void giveBackUnrecognised(Bucket bucket) {
        String input = BucketLayout.runInput(runId);
        for (BucketObject held : bucket.list(input)) {
            String relative = ObjectKey.relativeTo(input, held.key());
            if (!InputFile.recognised(relative)) {
                bucket.move(held.key(), BucketLayout.landing(relative));
                RunLog.info(runId, "validate", "claim", "gave an unrecognised file back to landing-data/",
                        Map.of("file", relative));
            }
        }
    }

    private static Set<FileType> typesOf(List<String> relativePaths) {
        Set<FileType> types = EnumSet.noneOf(FileType.class);
        relativePaths.forEach(p -> InputFile.typeOf(p).ifPresent(types::add));
        return types;
    }

    private boolean processable(Set<FileType> present) {
        return present.contains(FileType.ORDERS) && present.contains(FileType.ORDER_ITEMS)
                && (present.contains(FileType.PRODUCTS) || !store().loadCatalogue().isEmpty());
    }

    private List<String> missing(Set<FileType> present) {
        List<String> missing = new ArrayList<>();
        for (FileType type : FileType.values()) {
            if (!present.contains(type)) {
                missing.add(type.folder());
            }
        }
        return missing;
    }

    @Override
    public void stop() {
        stopRequested = true; // the claim stops waiting for the lease or for quiet; moves already begun finish
    }
}
