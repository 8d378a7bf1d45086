package org.ecomkpi.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The claim lease of a {@link LocalBucket}: an exclusive OS file lock on {@code .bucket-claims/lease}, taken with
 * {@link FileChannel#tryLock}. The operating system drops the lock of a process that dies, so a dead holder never
 * blocks anyone and the lease needs no expiry. Threads of one JVM queue on a semaphore per lock file first: file
 * locks belong to the whole process. The intent of a claim is the file {@code .bucket-claims/intent}, written
 * whole by a rename and deleted when the claim is done.
 */
final class LocalClaimLease implements ClaimLease {
    private static final Map<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path root;
    private final Path folder;
    private final Path lockFile;
    private final Path intentFile;
    private final String location;

    LocalClaimLease(Path root, String location) {
        this.root = root;
        this.folder = root.resolve(BucketLayout.CLAIMS_FOLDER);
        this.lockFile = root.resolve(BucketLayout.CLAIM_LEASE);
        this.intentFile = intentFile(root);
        this.location = location;
    }

    /** Where the intent of a claim is kept (tests leave one behind as a dead claimer would). */
    static Path intentFile(Path root) {
        return root.resolve(BucketLayout.CLAIM_INTENT);
    }

    @Override
    public Attempt tryTake(String runId) {
        Semaphore thisJvm = IN_THIS_JVM.computeIfAbsent(lockFile, file -> new Semaphore(1));
        if (!thisJvm.tryAcquire()) {
            return new HeldByAnother("another claim in this process");
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(folder);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                thisJvm.release();
                return new HeldByAnother("another process");
            }
            return new Taken(new HeldLock(channel, thisJvm, readIntent()));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            thisJvm.release();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new BucketException(location + ": cannot take the claim lease " + lockFile + ": " + e, e);
        }
    }

    private Optional<ClaimIntent> readIntent() throws IOException {
        try {
            return ClaimIntent.parse(Files.readString(intentFile, UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the lock goes with the channel anyway
            }
        }
    }

    /** The lock while this claimer holds it; closing the channel releases it. */
    private final class HeldLock implements Held {
        private final FileChannel channel;
        private final Semaphore thisJvm;
        private final Optional<ClaimIntent> unfinished;
        private boolean open = true;

        HeldLock(FileChannel channel, Semaphore thisJvm, Optional<ClaimIntent> unfinished) {
            this.channel = channel;
            this.thisJvm = thisJvm;
            this.unfinished = unfinished;
        }

        @Override
        public Optional<ClaimIntent> unfinished() {
            return unfinished;
        }

        @Override
        public boolean keepAlive() {
            return true; // a live process keeps its lock
        }

        @Override
        public boolean record(ClaimIntent intent) {
            Path partial = root.resolve(BucketLayout.CLAIM_INTENT + ".partial");
            try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(intent.lines().getBytes(UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true); // the rename below must not publish an intent whose bytes are not on disk
            } catch (IOException e) {
                throw new BucketException(location + ": cannot write the claim intent of run " + intent.runId()
                        + " to " + intentFile + ": " + e, e);
            }
            try {
                Files.move(partial, intentFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new BucketException(location + ": cannot write the claim intent of run " + intent.runId()
                        + " to " + intentFile + ": " + e, e);
            }
            return true;
        }

        @Override
        public void release() {
            try {
                Files.deleteIfExists(intentFile);
            } catch (IOException e) {
                abandon();
                throw new BucketException(location + ": cannot remove the finished claim intent " + intentFile
                        + ": " + e, e);
            }
            abandon();
        }

        @Override
        public void abandon() {
            if (open) {
                open = false;
                closeQuietly(channel);
                thisJvm.release();
            }
        }
    }
}
