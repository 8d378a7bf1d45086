package org.ecomkpi.validate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.batch.api.Batchlet;
import jakarta.inject.Named;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.bucket.BucketObject;
import org.ecomkpi.bucket.ObjectKey;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.BatchManifest;
import org.ecomkpi.run.InputFile;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.RunLog;
import org.ecomkpi.run.RunOutcome;
import org.ecomkpi.store.ProcessedFile;

/**
 * The validate job's first step: takes every file under {@code landing-data/} into the run (an atomic move
 * per file, so concurrent runs never take the same file), hashes each, and writes the run's
 * {@link BatchManifest}. A batch without an orders file, an order_items file and a catalogue is left where
 * it is, and the job ends with exit status {@code NO_BATCH}.
 */
@Named
public class ClaimBatchlet extends RunArtifact implements Batchlet {
    public static final String NO_BATCH = "NO_BATCH";
    public static final String CLAIMED = "CLAIMED";

    @Override
    public String process() {
        Bucket bucket = bucket();
        if (BatchManifest.readFrom(bucket, runId).isPresent()) {
            return CLAIMED; // a restart after the claim was written
        }
        List<BucketObject> landing = bucket.list(BucketLayout.LANDING);
        Set<FileType> present = typesOf(landing.stream()
                .map(o -> ObjectKey.relativeTo(BucketLayout.LANDING, o.key())).toList());
        if (!processable(present)) {
            RunLog.info(runId, "validate", "claim", "nothing to process", Map.of("landingFiles", landing.size(),
                    "missing", missing(present)));
            return NO_BATCH;
        }
        Map<String, BucketObject> landed = landing.stream().collect(Collectors.toMap(
                o -> ObjectKey.relativeTo(BucketLayout.LANDING, o.key()), Function.identity()));
        List<String> claimed = bucket.claimBatch(runId);
        String input = BucketLayout.runInput(runId);
        List<InputFile> files = new ArrayList<>(claimed.size());
        for (String key : claimed) {
            String relative = ObjectKey.relativeTo(input, key);
            BucketObject object = Optional.ofNullable(landed.get(relative))
                    .or(() -> bucket.describe(key)).orElseThrow();
            String sha256 = bucket.sha256(key);
            Optional<String> earlier = store().findProcessed(sha256).map(ProcessedFile::runId);
            files.add(new InputFile(key, relative, InputFile.typeOf(relative), object.size(),
                    object.lastModified(), sha256, earlier));
        }
        if (!processable(typesOf(files.stream().map(InputFile::relativePath).toList()))) {
            // another run took part of the batch between our listing and our claim: give ours back
            bucket.releaseBatch(runId);
            RunLog.info(runId, "validate", "claim", "batch incomplete after claim; released", Map.of());
            return NO_BATCH;
        }
        BatchManifest manifest = new BatchManifest(runId, Instant.now(), files);
        manifest.writeTo(bucket);
        RunOutcome.readFrom(bucket, runId).status(RunOutcome.Status.CLAIMED).writeTo(bucket, runId);
        RunLog.info(runId, "validate", "claim", "claimed batch", Map.of("files", files.size(),
                "alreadyProcessed", manifest.alreadyProcessed().size()));
        return CLAIMED;
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
        // the claim is a handful of moves: let it finish
    }
}
