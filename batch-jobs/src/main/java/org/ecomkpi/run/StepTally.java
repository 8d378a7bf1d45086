package org.ecomkpi.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.row.FileType;
import org.ecomkpi.rules.RuleCode;
import org.ecomkpi.rules.WarningCode;

/**
 * What a validate step has committed so far: how many staged parts it wrote and the counts of each file.
 * It is the step writer's checkpoint, and is also written to {@link Staging#tally} at every checkpoint so
 * that later steps, in any JVM, know exactly which parts to read.
 */
public final class StepTally implements Serializable {
    private static final long serialVersionUID = 1L;

    private int parts;
    private final LinkedHashMap<String, FileTally> files = new LinkedHashMap<>();

    /** Staged parts committed (part numbers 0 .. parts-1). */
    public int parts() {
        return parts;
    }

    public void partWritten() {
        parts++;
    }

    /** The tally of a file, created on first use. */
    public FileTally file(String key) {
        return files.computeIfAbsent(key, k -> new FileTally());
    }

    public Map<String, FileTally> files() {
        return Collections.unmodifiableMap(files);
    }

    public StepTally copy() {
        StepTally copy = new StepTally();
        copy.parts = parts;
        files.forEach((k, v) -> copy.files.put(k, v.copy()));
        return copy;
    }

    public void writeTo(Bucket bucket, String runId, FileType type) {
        writeTo(bucket, Staging.tally(runId, type));
    }

    /**
     * Writes the tally to {@code key} (a partition's tally, see {@link Staging.PartitionKeys#tally(int)}); equal tallies
     * give equal bytes (no date comment).
     */
    public void writeTo(Bucket bucket, String key) {
        Properties p = new Properties();
        p.setProperty("parts", Integer.toString(parts));
        int i = 0;
        for (Map.Entry<String, FileTally> e : files.entrySet()) {
            String at = "file." + i++ + ".";
            FileTally t = e.getValue();
            p.setProperty(at + "key", e.getKey());
            p.setProperty(at + "read", Long.toString(t.read()));
            p.setProperty(at + "accepted", Long.toString(t.accepted()));
            t.rejectedByRule().forEach((rule, n) -> p.setProperty(at + "rejected." + rule, Long.toString(n)));
            t.warnings().forEach((w, n) -> p.setProperty(at + "warning." + w, Long.toString(n)));
        }
        p.setProperty("files", Integer.toString(i));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            p.store(bytes, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] written = bytes.toByteArray();
        int firstLine = 0;
        if (written.length > 0 && written[0] == '#') { // Properties.store's date comment
            while (firstLine < written.length && written[firstLine++] != '\n') {
                // skip it
            }
        }
        bucket.write(key, Arrays.copyOfRange(written, firstLine, written.length));
    }

    /** The tally a step last committed, or empty when the step has not committed a chunk yet. */
    public static Optional<StepTally> readFrom(Bucket bucket, String runId, FileType type) {
        return readFrom(bucket, Staging.tally(runId, type));
    }

    /** The tally last written to {@code key}, or empty when there is none. */
    public static Optional<StepTally> readFrom(Bucket bucket, String key) {
        if (!bucket.exists(key)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = bucket.read(key)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + ": " + e.getMessage(), e);
        }
        StepTally tally = new StepTally();
        tally.parts = Integer.parseInt(p.getProperty("parts"));
        int count = Integer.parseInt(p.getProperty("files"));
        for (int i = 0; i < count; i++) {
            String at = "file." + i + ".";
            FileTally t = tally.file(p.getProperty(at + "key"));
            t.setRead(Long.parseLong(p.getProperty(at + "read")));
            t.setAccepted(Long.parseLong(p.getProperty(at + "accepted")));
            for (RuleCode rule : RuleCode.values()) {
                String n = p.getProperty(at + "rejected." + rule);
                if (n != null) {
                    t.setRejected(rule, Long.parseLong(n));
                }
            }
            for (WarningCode w : WarningCode.values()) {
                String n = p.getProperty(at + "warning." + w);
                if (n != null) {
                    t.setWarning(w, Long.parseLong(n));
                }
            }
        }
        return Optional.of(tally);
    }

    /**
     * Adds another tally's file counts to this one (files new to this tally after its own, in the other's order)
     * and its parts to this one's count: how the partitions of a step combine, in partition order.
     */
    public void add(StepTally other) {
        parts += other.parts;
        other.files.forEach((key, counts) -> file(key).add(counts));
    }

    /** Totals per rule over every file of the step. */
    public Map<RuleCode, Long> rejectedByRule() {
        Map<RuleCode, Long> total = new TreeMap<>();
        files.values().forEach(f -> f.rejectedByRule().forEach((r, n) -> total.merge(r, n, Long::sum)));
        return total;
    }
}
