package org.ecomkpi.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBucketTest extends BucketContract {

    @TempDir
    Path temp;

    private int created;

    @Override
    protected Bucket newEmptyBucket() {
        return LocalBucket.at(temp.resolve("bucket-" + created++));
    }

    private Path root() {
        return ((LocalBucket) bucket).root();
    }

    @Test
    void keysAreFilesUnderTheRootFolder() throws IOException {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));

        assertEquals("o", Files.readString(root().resolve("landing-data/orders/orders_1.csv")));
    }

    @Test
    void filesDroppedIntoTheFolderAreListedAsObjects() throws IOException {
        Files.createDirectories(root().resolve("landing-data/orders"));
        Files.writeString(root().resolve("landing-data/orders/dropped.csv"), "x");

        assertEquals(List.of("landing-data/orders/dropped.csv"), keys(bucket.list("landing-data/")));
    }

    @Test
    void aPlainPathAFileUriAndAFileColonPathOpenTheSameFolder() throws IOException {
        Path folder = temp.resolve("same");
        Bucket plain = Bucket.at(folder.toString());
        plain.write("landing-data/products.csv", "p".getBytes(UTF_8));

        Bucket uri = Bucket.at(folder.toUri().toString());
        Bucket fileColon = Bucket.at("file:" + folder);

        assertTrue(uri.exists("landing-data/products.csv"));
        assertTrue(fileColon.exists("landing-data/products.csv"));
        assertEquals(folder.toRealPath().toUri().toString(), plain.location());
    }

    @Test
    void aMissingFolderIsCreatedOnOpen() {
        Path folder = temp.resolve("not/yet/there");

        Bucket.at(folder.toString());

        assertTrue(Files.isDirectory(folder));
    }

    @Test
    void anS3LocationWithABadBucketNameIsRefusedNamingIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Bucket.at("s3://My_Bucket"));

        assertTrue(refused.getMessage().contains("s3://My_Bucket"), refused.getMessage());
    }

    @Test
    void writesInProgressAreNeverListedAndLeaveNothingBehind() throws IOException {
        bucket.write("runs/r1/report.json", "{}".getBytes(UTF_8));
        bucket.copy("runs/r1/report.json", "processed/r1/report.json");

        assertEquals(List.of("processed/r1/report.json", "runs/r1/report.json"), keys(bucket.list("")));
        try (Stream<Path> staged = Files.list(root().resolve(LocalBucket.TEMP_FOLDER))) {
            assertEquals(0, staged.count());
        }
        Files.writeString(root().resolve(LocalBucket.TEMP_FOLDER).resolve("write-1.partial"), "half");
        assertEquals(2, bucket.list("").size());
    }

    @Test
    void theTempFolderIsNotAddressableAsKeys() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> bucket.write(LocalBucket.TEMP_FOLDER + "/x", new byte[1]));

        assertTrue(refused.getMessage().contains(LocalBucket.TEMP_FOLDER + "/x"), refused.getMessage());
    }

    @Test
    void filesWhoseNamesAreNotValidKeysAreNotListed() throws IOException {
        Files.createDirectories(root().resolve("landing-data"));
        Files.writeString(root().resolve("landing-data/back\\slash.csv"), "x");
        Files.writeString(root().resolve("landing-data/fine.csv"), "x");

        assertEquals(List.of("landing-data/fine.csv"), keys(bucket.list("landing-data/")));
    }

    @Test
    void aSymlinkedFolderInsideTheBucketIsNotFollowedWhenListing() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.csv"), "s");
        Files.createDirectories(root().resolve("landing-data"));
        Files.createSymbolicLink(root().resolve("landing-data/link"), outside);

        assertEquals(List.of(), bucket.list("landing-data/"));
    }

    @Test
    void claimsFromSeparateProcessesTakeEveryFileExactlyOnce() throws Exception {
        int files = 120;
        for (int i = 0; i < files; i++) {
            bucket.write("landing-data/orders/file_" + i + ".csv", ("content " + i).getBytes(UTF_8));
        }
        Path go = temp.resolve("go");
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            processes.add(new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    ClaimInAnotherProcess.class.getName(), root().toString(), "proc-" + p, go.toString())
                    .redirectErrorStream(true)
                    .start());
        }
        Files.writeString(go, "go"); // both JVMs wait for this file so their claims overlap
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int p = 0; p < processes.size(); p++) {
            Process process = processes.get(p);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "claim process " + p + " finished");
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            assertEquals(0, process.exitValue(), output);
            for (String key : output.lines().filter(line -> !line.isBlank()).toList()) {
                String relative = ObjectKey.relativeTo(BucketLayout.runInput("proc-" + p), key);
                assertTrue(seen.add(relative), relative + " was claimed by both processes");
                total++;
            }
        }
        assertEquals(files, total);
        assertFalse(bucket.list("landing-data/").iterator().hasNext());
    }
}
