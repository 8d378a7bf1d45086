package org.ecomkpi.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.row.FileType;

/**
 * What a run claimed, written once by the claim step to {@code runs/<runId>/manifest.properties} and read by
 * every later step, in any JVM: the files, their hashes, and the moment the run started (the "now" of
 * FUTURE_TIMESTAMP, fixed so that a restarted job judges rows exactly as the first attempt did), and the files the
 * claim left in landing because the pipeline does not recognise them (SPEC section 2) or may not take them, for the
 * report and console.
 *
 * @param unrecognised landing keys ({@code landing-data/...}) of files no type fits, sorted; never claimed
 * @param refused      what the claim found in landing and may not take (a local bucket's symbolic links), one
 *                     message each naming the key, sorted; never claimed
 */
public record BatchManifest(String runId, Instant startedAt, List<InputFile> files, List<String> unrecognised,
                            List<String> refused) {

    public BatchManifest {
        BucketLayout.requireRunId(runId);
        files = List.copyOf(files);
        unrecognised = unrecognised.stream().sorted().toList();
        refused = refused.stream().sorted().toList();
    }

    public BatchManifest(String runId, Instant startedAt, List<InputFile> files) {
        this(runId, startedAt, files, List.of(), List.of());
    }

    public static String key(String runId) {
        return BucketLayout.manifest(runId);
    }

    /**
     * The files of a type that the validate job reads, in reading order: by key, except products, which go
     * oldest first (then by key) so that the newest file's rows win in the catalogue.
     */
    public List<InputFile> toRead(FileType type) {
        Comparator<InputFile> order = type == FileType.PRODUCTS
                ? Comparator.comparing(InputFile::lastModified).thenComparing(InputFile::key)
                : Comparator.comparing(InputFile::key);
        return files.stream()
                .filter(f -> f.toRead() && f.type().orElseThrow() == type)
                .sorted(order)
                .toList();
    }

    /** Files whose content an earlier run already counted. */
    public List<InputFile> alreadyProcessed() {
        return files.stream().filter(f -> f.alreadyProcessed().isPresent()).toList();
    }

    public void writeTo(Bucket bucket) {
        Properties p = new Properties();
        p.setProperty("runId", runId);
        p.setProperty("startedAt", startedAt.toString());
        p.setProperty("files", Integer.toString(files.size()));
        for (int i = 0; i < files.size(); i++) {
            InputFile f = files.get(i);
            String at = "file." + i + ".";
            p.setProperty(at + "key", f.key());
            p.setProperty(at + "relativePath", f.relativePath());
            f.type().ifPresent(t -> p.setProperty(at + "type", t.folder()));
            p.setProperty(at + "size", Long.toString(f.size()));
            p.setProperty(at + "lastModified", f.lastModified().toString());
            p.setProperty(at + "sha256", f.sha256());
            f.alreadyProcessed().ifPresent(r -> p.setProperty(at + "alreadyProcessedBy", r));
        }
        p.setProperty("unrecognised", Integer.toString(unrecognised.size()));
        for (int i = 0; i < unrecognised.size(); i++) {
            p.setProperty("unrecognised." + i, unrecognised.get(i));
        }
        p.setProperty("refused", Integer.toString(refused.size()));
        for (int i = 0; i < refused.size(); i++) {
            p.setProperty("refused." + i, refused.get(i));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            p.store(bytes, "batch manifest of run " + runId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bucket.write(key(runId), bytes.toByteArray());
    }

    public static Optional<BatchManifest> readFrom(Bucket bucket, String runId) {
        String key = key(runId);
        if (!bucket.exists(key)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = bucket.read(key)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + ": " + e.getMessage(), e);
        }
        int count = Integer.parseInt(p.getProperty("files"));
        List<InputFile> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String at = "file." + i + ".";
            files.add(new InputFile(p.getProperty(at + "key"), p.getProperty(at + "relativePath"),
                    Optional.ofNullable(p.getProperty(at + "type")).flatMap(FileType::ofFolder),
                    Long.parseLong(p.getProperty(at + "size")), Instant.parse(p.getProperty(at + "lastModified")),
                    p.getProperty(at + "sha256"), Optional.ofNullable(p.getProperty(at + "alreadyProcessedBy"))));
        }
        int left = Integer.parseInt(p.getProperty("unrecognised", "0")); // manifests written before it: none
        List<String> unrecognised = new ArrayList<>(left);
        for (int i = 0; i < left; i++) {
            unrecognised.add(p.getProperty("unrecognised." + i));
        }
        int refusedCount = Integer.parseInt(p.getProperty("refused", "0")); // manifests written before it: none
        List<String> refused = new ArrayList<>(refusedCount);
        for (int i = 0; i < refusedCount; i++) {
            refused.add(p.getProperty("refused." + i));
        }
        return Optional.of(new BatchManifest(p.getProperty("runId"), Instant.parse(p.getProperty("startedAt")), files,
                unrecognised, refused));
    }
}
