package org.ecomkpi.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        try (Stream<Path> staged = Files.list(root().resolve(BucketLayout.TEMP_FOLDER))) {
            assertEquals(0, staged.count());
        }
        Files.writeString(root().resolve(BucketLayout.TEMP_FOLDER).resolve("write-1.partial"), "half");
        assertEquals(2, bucket.list("").size());
    }

    @Test
    void theTempFolderIsNotAddressableAsKeys() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> bucket.write(BucketLayout.TEMP_FOLDER + "/x", new byte[1]));

        assertTrue(refused.getMessage().contains(BucketLayout.TEMP_FOLDER + "/x"), refused.getMessage());
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
    void aSymlinkedInvalidDataFolderLeadingOutOfTheBucketIsNeverWrittenThrough() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(root().resolve("invalid-data"), outside);

        BucketException refused = assertThrows(BucketException.class,
                () -> bucket.write("invalid-data/r1/orders.csv", "o".getBytes(UTF_8)));
        assertTrue(refused.getMessage().contains("'invalid-data/r1/orders.csv'"), refused.getMessage());
        assertTrue(refused.getMessage().contains(root().resolve("invalid-data") + " is a symbolic link to " + outside),
                refused.getMessage());
        try (Stream<Path> written = Files.list(outside)) {
            assertEquals(List.of(), written.toList());
        }
    }

    @Test
    void aSymlinkedFileLeadingOutOfTheBucketIsNeverReadMovedOrOverwritten() throws IOException {
        Path secret = Files.writeString(Files.createDirectories(temp.resolve("outside")).resolve("secret.csv"), "s");
        Files.createDirectories(root().resolve("runs/r1/input"));
        Files.createSymbolicLink(root().resolve("runs/r1/input/orders.csv"), secret);

        assertThrows(BucketException.class, () -> bucket.read("runs/r1/input/orders.csv"));
        assertThrows(BucketException.class, () -> bucket.write("runs/r1/input/orders.csv", "o".getBytes(UTF_8)));
        assertThrows(BucketException.class, () -> bucket.move("runs/r1/input/orders.csv", "archive/orders.csv"));
        assertEquals("s", Files.readString(secret));
    }

    @Test
    void aDanglingLinkOutOfTheBucketIsRefusedToo() throws IOException {
        Files.createSymbolicLink(root().resolve("invalid-data"), temp.resolve("not-yet-there"));

        assertThrows(BucketException.class, () -> bucket.write("invalid-data/r1/x.csv", "o".getBytes(UTF_8)));
        assertFalse(Files.exists(temp.resolve("not-yet-there")));
    }

    @Test
    void aLinkToAnotherFolderOfTheSameBucketIsStillReadable() throws IOException {
        bucket.write("archive/r1/orders.csv", "o".getBytes(UTF_8));
        Files.createSymbolicLink(root().resolve("latest"), root().resolve("archive/r1"));

        assertEquals("o", new String(bucket.read("latest/orders.csv").readAllBytes(), UTF_8));
    }
}
