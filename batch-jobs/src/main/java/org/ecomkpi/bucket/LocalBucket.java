package org.ecomkpi.bucket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A bucket that is a folder on the local file system: the key {@code landing-data/orders/o.csv} is the file
 * {@code <root>/landing-data/orders/o.csv}.
 * <p>
 * Writes and copies go to a temporary file under {@code <root>/.bucket-tmp/} first and are then renamed into
 * place, so nobody ever sees half a file. Moves are single atomic renames: of two movers of one file exactly one
 * succeeds, which is what {@link LocalBatchClaims} build on, beside their OS file lock under
 * {@code <root>/.bucket-claims/} ({@link LocalClaimLease}). Folders are created as needed and never removed (a
 * producer may be about to write into an empty one). Files whose relative path is not a valid
 * {@link ObjectKey} (say, a name with a backslash) are not listed, and listings do not follow symbolic links (a
 * claim names the links it found in landing as refused instead of taking them). The bucket is confined by real path:
 * a key reached through a link (a folder or the file itself) leading outside the bucket folder is refused.
 * The bucket must be one file system: renames across mount points are not atomic and are refused.
 */
public final class LocalBucket implements Bucket {
    private final Path root;
    private final Path temp;
    private final Path claims;

    private LocalBucket(Path root) {
        this.root = root;
        this.temp = root.resolve(BucketLayout.TEMP_FOLDER);
        this.claims = root.resolve(BucketLayout.CLAIMS_FOLDER);
    }

    /** The bucket rooted at {@code root}, creating the folder when it does not exist. */
    public static LocalBucket at(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            return new LocalBucket(absolute.toRealPath());
        } catch (IOException e) {
            throw new BucketException("cannot open bucket folder " + absolute + ": " + describe(e), e);
        }
    }

    /** The bucket's folder. */
    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toUri().toString();
    }

    @Override
    public List<BucketObject> list(String prefix) {
        return list(prefix, link -> {
        });
    }

    /** Lists as {@link #list(String)} does, handing each symbolic link met (never followed) to {@code links}. */
    List<BucketObject> list(String prefix, Consumer<Path> links) {
        ObjectKey.requireValidPrefix(prefix);
        String folderPart = prefix.substring(0, prefix.lastIndexOf('/') + 1);
        Path start = folderPart.isEmpty() ? root : root.resolve(folderPart);
        if (Files.isSymbolicLink(start)) {
            links.accept(start);
            return List.of();
        }
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<BucketObject> found = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(temp) || dir.equals(claims) ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isSymbolicLink()) {
                        links.accept(file);
                    } else if (attrs.isRegularFile()) {
                        String key = keyOf(file);
                        if (key.startsWith(prefix) && isValidKey(key)) {
                            found.add(new BucketObject(key, attrs.size(), attrs.lastModifiedTime().toInstant()));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // moved away while we listed: not there any more
                    }
                    throw e;
                }
            });
        } catch (NoSuchFileException e) {
            return List.of(); // the folder itself went away while listing
        } catch (IOException e) {
            throw new BucketException(location() + ": cannot list '" + prefix + "': " + describe(e), e);
        }
        found.sort(Comparator.comparing(BucketObject::key));
        return List.copyOf(found);
    }

    @Override
    public Optional<BucketObject> describe(String key) {
        Path file = resolve(key);
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new BucketObject(key, attrs.size(), attrs.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BucketException(location() + ": cannot read attributes of '" + key + "': " + describe(e), e);
        }
    }

    @Override
    public InputStream read(String key, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative read offset " + offset + " for '" + key + "'");
        }
        Path file = resolve(key);
        if (Files.isDirectory(file)) {
            throw new NoSuchObjectException(location(), key);
        }
        SeekableByteChannel channel = null;
        try {
            channel = Files.newByteChannel(file, StandardOpenOption.READ);
            long size = channel.size();
            if (offset > size) {
                throw new IllegalArgumentException("read offset " + offset + " is beyond the end of '" + key
                        + "' (" + size + " bytes)");
            }
            channel.position(offset);
            return Channels.newInputStream(channel);
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException(location(), key, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new BucketException(location() + ": cannot read '" + key + "': " + describe(e), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public void write(String key, InputStream content) {
        Path target = resolve(key);
        Path partial = newTempFile(key);
        try {
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                content.transferTo(out);
                channel.force(true); // the rename below must not publish a file whose bytes are not on disk
            }
            publish(partial, target, key);
        } catch (IOException e) {
            throw new BucketException(location() + ": cannot write '" + key + "': " + describe(e), e);
        } finally {
            deleteQuietly(partial);
        }
    }

    @Override
    public void copy(String from, String to) {
        Path source = resolve(from);
        Path target = resolve(to);
        Path partial = newTempFile(to);
        try {
            if (!Files.isRegularFile(source)) {
                throw new NoSuchObjectException(location(), from);
            }
            Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
            publish(partial, target, to);
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException(location(), from, e);
        } catch (IOException e) {
            throw new BucketException(location() + ": cannot copy '" + from + "' to '" + to + "': " + describe(e), e);
        } finally {
            deleteQuietly(partial);
        }
    }

    @Override
    public void move(String from, String to) {
        Path source = resolve(from);
        Path target = resolve(to);
        try {
            if (Files.isDirectory(source)) {
                throw new NoSuchObjectException(location(), from);
            }
            Files.createDirectories(target.getParent());
            // one rename(2): of two movers of the same file exactly one succeeds, the other sees it gone
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            if (Files.notExists(source)) {
                throw new NoSuchObjectException(location(), from, e);
            }
            throw new BucketException(location() + ": cannot move '" + from + "' to '" + to + "': " + describe(e), e);
        } catch (IOException e) {
            throw new BucketException(location() + ": cannot move '" + from + "' to '" + to + "': " + describe(e), e);
        }
    }

    @Override
    public void delete(String key) {
        Path file = resolve(key);
        try {
            if (!Files.isDirectory(file)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new BucketException(location() + ": cannot delete '" + key + "': " + describe(e), e);
        }
    }

    @Override
    public String toString() {
        return "LocalBucket[" + location() + "]";
    }

    private Path resolve(String key) {
        ObjectKey.requireValid(key);
        if (key.equals(BucketLayout.TEMP_FOLDER) || key.startsWith(BucketLayout.TEMP_FOLDER + "/")) {
            throw new IllegalArgumentException("invalid object key '" + key + "': '" + BucketLayout.TEMP_FOLDER
                    + "/' is reserved for writes in progress in a local bucket");
        }
        if (key.equals(BucketLayout.CLAIMS_FOLDER) || key.startsWith(BucketLayout.CLAIMS_FOLDER + "/")) {
            throw new IllegalArgumentException("invalid object key '" + key + "': '" + BucketLayout.CLAIMS_FOLDER
                    + "/' is reserved for the claim lease");
        }
        Path path;
        try {
            path = root.resolve(key).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid object key '" + key + "': not a usable file name here: "
                    + e.getReason(), e);
        }
        // the key rules already forbid escapes; this guards against platform path quirks (drive letters etc.)
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("invalid object key '" + key + "': it escapes the bucket folder");
        }
        requireNoLinkOut(key, path);
        return path;
    }

    /**
     * Refuses a key any of whose folders, or the file itself, is a symbolic link leading out of the bucket: the key
     * space is what lies under the bucket's real path, and nothing is read or written through a link beyond it.
     */
    private void requireNoLinkOut(String key, Path path) {
        Path at = root;
        for (Path part : root.relativize(path)) {
            at = at.resolve(part);
            if (!Files.isSymbolicLink(at)) {
                if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                    return; // nothing further down exists yet: writes create real folders
                }
                continue;
            }
            Optional<Path> outside = linkOutside(at);
            if (outside.isPresent()) {
                throw new BucketException(location() + ": refusing '" + key + "': " + at + " is a symbolic link to "
                        + outside.get() + ", outside the bucket folder " + root);
            }
        }
    }

    /** Where a link leads when that is outside the bucket (a dangling link counts by where it points). */
    private Optional<Path> linkOutside(Path link) {
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException unresolved) {
            try {
                target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
            } catch (IOException unreadable) {
                return Optional.of(link);
            }
        }
        return target.startsWith(root) ? Optional.empty() : Optional.of(target);
    }

    /** The key of a file under the bucket folder (whether or not it is a valid key). */
    String keyOf(Path file) {
        Path relative = root.relativize(file);
        StringBuilder key = new StringBuilder();
        for (Path part : relative) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(part.toString());
        }
        return key.toString();
    }

    private static boolean isValidKey(String key) {
        try {
            ObjectKey.requireValid(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Path newTempFile(String key) {
        try {
            Files.createDirectories(temp);
            return Files.createTempFile(temp, "write-", ".partial");
        } catch (IOException e) {
            throw new BucketException(location() + ": cannot stage a write of '" + key + "' in " + temp + ": "
                    + describe(e), e);
        }
    }

    private void publish(Path partial, Path target, String key) throws IOException {
        if (Files.isDirectory(target)) {
            throw new BucketException(location() + ": cannot write '" + key
                    + "': a local bucket cannot hold an object at a key that is also a folder of other keys");
        }
        Files.createDirectories(target.getParent());
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is harmless: it is outside the key space
        }
    }

    private static void closeQuietly(SeekableByteChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the original error is the one worth reporting
            }
        }
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + e.getMessage() + ")";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file (" + e.getMessage() + ")";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
