package org.ecomkpi.process;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Class data sharing for the children of one test JVM: the first child on the test classpath that {@linkplain
 * ChildJvm#archivesClasses(int) may} writes a dynamic CDS archive of the classes it loaded when it ends
 * ({@code -XX:ArchiveClassesAtExit}), and every later one maps them from it instead of reading, parsing and verifying
 * them again (a later child of more weight, such as the CLI on AWS after one on H2, writes it once more). Weld,
 * JBeret, the AWS SDK and our own classes are some 5,000 classes a child loads before it does any work:
 * {@code validate} of a tiny drop on H2 took 4.4-5.0 s of CPU without the archive and 3.4-3.8 s with it, on the
 * 2-core CI host.
 *
 * <p>The JVM archives classes from jars only ("non-empty directory" in the class path refuses the dump), so the
 * children get the test class path with each of its folders ({@code target/classes}, {@code target/test-classes})
 * packed as a jar of the same entries, in the same order: what a child can load, and from where first, is the same.
 * A dump is used only once its child has ended and the whole file is written; until then, or when the JVM finds the
 * archive does not fit (it checks the class path and every jar's size and time), children load their classes as
 * before. The JVM's own CDS messages are switched off, so a child prints exactly what it printed without it.
 */
final class SharedClasses {
    /** The children's JVM messages about CDS (a class it could not archive, an archive it cannot use) stay quiet. */
    private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off,class+path=off";

    private static SharedClasses instance;

    private final Path folder;
    private final String classPath;
    private final Path archive;
    private boolean dumping;
    private int dumps;
    private int archivedWeight;

    private SharedClasses(Path folder, String classPath) {
        this.folder = folder;
        this.classPath = classPath;
        this.archive = folder.resolve("classes.jsa");
    }

    /** The children's class path and CDS state of this JVM, made on first use. */
    static synchronized SharedClasses get() {
        if (instance == null) {
            instance = pack(System.getProperty("java.class.path"));
        }
        return instance;
    }

    /** The test class path with every folder replaced by a jar of its files. */
    String classPath() {
        return classPath;
    }

    /**
     * How a child should use the archive: dump it, if the child may ({@code weight} above 0) and no archive is being
     * dumped and none of at least its weight is written (a JVM cannot map one archive while it dumps another); else
     * map the one written, if any.
     */
    synchronized Use use(int weight) {
        boolean written = Files.isRegularFile(archive);
        if (weight > 0 && !dumping && (!written || weight > archivedWeight)) {
            dumping = true;
            Path dump = folder.resolve("dump-" + (++dumps) + ".jsa");
            return new Use(List.of(QUIET, "-XX:ArchiveClassesAtExit=" + dump), Optional.of(new Dump(dump, weight)));
        }
        return written ? new Use(List.of(QUIET, "-XX:SharedArchiveFile=" + archive), Optional.empty())
                : new Use(List.of(), Optional.empty());
    }

    /**
     * A dumping child ended: its archive is complete if the JVM wrote one (a killed child writes none, and a later
     * child dumps instead). It replaces the one written before, which children that mapped it keep until they end.
     */
    synchronized void ended(Dump dump) {
        dumping = false;
        try {
            if (Files.isRegularFile(dump.file()) && Files.size(dump.file()) > 0) {
                Files.move(dump.file(), archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                archivedWeight = dump.weight();
            } else {
                Files.deleteIfExists(dump.file());
            }
        } catch (IOException e) {
            // without an archive the children load their classes as before
        }
    }

    /** The archive a child writes when it ends, and the weight of that child. */
    record Dump(Path file, int weight) {
    }

    /** JVM flags and the dump a child writes, if it is the one that dumps. */
    record Use(List<String> flags, Optional<Dump> dump) {
    }

    private static SharedClasses pack(String testClassPath) {
        try {
            Path folder = Files.createTempDirectory("child-jvm-classes-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(folder), "child-jvm-classes-cleanup"));
            List<String> entries = new ArrayList<>();
            int jars = 0;
            for (String entry : testClassPath.split(java.io.File.pathSeparator)) {
                Path path = Path.of(entry);
                if (Files.isDirectory(path)) {
                    Path jar = folder.resolve(++jars + "-" + path.getFileName() + ".jar");
                    packFolder(path, jar);
                    entries.add(jar.toString());
                } else if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
            return new SharedClasses(folder, String.join(java.io.File.pathSeparator, entries));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack the test class path's folders as jars", e);
        }
    }

    /** A jar of the folder's files and folders, stored uncompressed: a child reads them as it would the folder. */
    private static void packFolder(Path root, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file);
             Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted().toList()) {
                if (path.equals(root)) {
                    continue;
                }
                String name = root.relativize(path).toString().replace('\\', '/');
                boolean isFolder = Files.isDirectory(path);
                ZipEntry entry = new ZipEntry(isFolder ? name + "/" : name);
                byte[] bytes = isFolder ? new byte[0] : Files.readAllBytes(path);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(bytes.length);
                entry.setCompressedSize(bytes.length);
                entry.setCrc(crc.getValue());
                entry.setTime(Files.getLastModifiedTime(path).toMillis());
                zip.putNextEntry(entry);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary folder; the OS cleans it up eventually
        }
    }
}
