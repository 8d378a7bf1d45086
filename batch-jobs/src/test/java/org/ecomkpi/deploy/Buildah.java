package org.ecomkpi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code buildah} for the image test, without a Docker engine or a registry: the vfs storage driver, chroot isolation
 * and a storage of its own under the cache folder ({@code $XDG_CACHE_HOME/ecomkpi} or {@code ~/.cache/ecomkpi}), so
 * the local base image survives between runs and nothing lands in the system's container storage.
 *
 * <p>The local base stands in for {@code eclipse-temurin:17-jre-alpine}, which cannot be pulled here: Debian
 * bookworm made by {@code debootstrap --variant=minbase} with {@code openjdk-17-jre-headless}, with the environment
 * a JRE image sets (PATH, JAVA_HOME, a UTF-8 locale). Its tag is a hash of that recipe, so a changed recipe makes a
 * new base; an absent one is made again (a few minutes: see {@link #localJreBase}).
 */
final class Buildah {
    static final String SUITE = "bookworm";
    static final String PACKAGES = "openjdk-17-jre-headless";
    private static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";
    private static final Duration BASE_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

    private final Path cache;

    private Buildah(Path cache) {
        this.cache = cache;
    }

    /** buildah on the PATH and its storage under the cache folder; fails saying what to install when it is absent. */
    static Buildah get() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("ecomkpi");
        Buildah buildah = new Buildah(cache);
        Stack.ProcessResult version = run(List.of("buildah", "--version"), Map.of(), Duration.ofSeconds(30),
                "the image test builds docker/Dockerfile with buildah: install it ('apt-get install buildah "
                        + "debootstrap'; .ci/run does)");
        assertEquals(0, version.exitCode(), version.toString());
        return buildah;
    }

    Path cache() {
        return cache;
    }

    /** {@code buildah <global storage flags> arguments...}, asserting it ends with 0; its stdout. */
    String ok(List<String> arguments) {
        Stack.ProcessResult result = buildah(arguments, Map.of(), STEP_TIMEOUT);
        assertEquals(0, result.exitCode(), "buildah " + String.join(" ", arguments) + ": " + result);
        return result.out();
    }

    Stack.ProcessResult buildah(List<String> arguments, Map<String, String> environment, Duration timeout) {
        List<String> command = new ArrayList<>(List.of("buildah", "--storage-driver", "vfs",
                "--root", cache.resolve("buildah/storage").toString(),
                "--runroot", cache.resolve("buildah/run").toString()));
        command.addAll(arguments);
        return run(command, environment, timeout, "install buildah ('apt-get install buildah debootstrap')");
    }

    boolean imageExists(String name) {
        return buildah(List.of("inspect", "--type", "image", name), Map.of(), STEP_TIMEOUT).exitCode() == 0;
    }

    /**
     * The local JRE base, made when absent: debootstrap into a temporary folder, its files added to a {@code scratch}
     * container, committed under a tag that hashes the recipe. One JVM at a time makes it (a lock file); the time it
     * took is logged.
     */
    String localJreBase() throws IOException {
        String architecture = ok(List.of("info", "--format", "{{.host.arch}}")).trim();
        String javaHome = "/usr/lib/jvm/java-17-openjdk-" + architecture;
        List<String> config = List.of("--env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "--env", "JAVA_HOME=" + javaHome, "--env", "LANG=C.UTF-8", "--cmd", "/bin/sh");
        String recipe = String.join(" ", "debootstrap --variant=minbase --include=" + PACKAGES, SUITE, architecture,
                String.join(" ", config), "recipe 1");
        String image = "localhost/ecomkpi-jre-base:" + sha256(recipe).substring(0, 16);
        Files.createDirectories(cache);
        try (FileChannel lock = FileChannel.open(cache.resolve("base.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = lock.lock()) {
            if (imageExists(image)) {
                log("local base " + image + " is cached in " + cache);
                return image;
            }
            long start = System.nanoTime();
            try (var stale = Files.list(cache)) {
                // a JVM killed while making a base left its folder; the lock says no one is making one now
                for (Path left : stale.filter(p -> p.getFileName().toString().startsWith("base-")).toList()) {
                    run(List.of("rm", "-rf", left.toString()), Map.of(), STEP_TIMEOUT, "rm");
                }
            }
            Path work = Files.createTempDirectory(cache, "base-");
            try {
                Path rootfs = work.resolve("rootfs");
                String mirror = System.getenv().getOrDefault("ECOMKPI_DEBIAN_MIRROR", DEFAULT_MIRROR);
                Stack.ProcessResult debootstrap = run(List.of("debootstrap", "--variant=minbase",
                        "--include=" + PACKAGES, SUITE, rootfs.toString(), mirror), Map.of(), BASE_TIMEOUT,
                        "the local base is made with debootstrap: install it ('apt-get install debootstrap'; "
                                + ".ci/run does)");
                assertEquals(0, debootstrap.exitCode(), "debootstrap: " + debootstrap);
                long bootstrapped = System.nanoTime();
                Path tar = work.resolve("rootfs.tar");
                // the runtime mounts /proc, /sys and /dev; apt's downloads and lists are not part of an image
                Stack.ProcessResult packed = run(List.of("tar", "-C", rootfs.toString(), "--numeric-owner",
                        "--exclude=./proc/*", "--exclude=./sys/*", "--exclude=./dev/*",
                        "--exclude=./var/cache/apt/archives/*.deb", "--exclude=./var/lib/apt/lists/*",
                        "-cf", tar.toString(), "."), Map.of(), STEP_TIMEOUT, "tar");
                assertEquals(0, packed.exitCode(), "tar: " + packed);
                String container = ok(List.of("from", "scratch")).trim();
                ok(List.of("add", container, tar.toString(), "/"));
                List<String> configure = new ArrayList<>(List.of("config"));
                configure.addAll(config);
                configure.add(container);
                ok(configure);
                ok(List.of("commit", "--rm", "--quiet", container, image));
                long end = System.nanoTime();
                log(String.format("local base %s made in %d s (debootstrap %d s, import %d s)", image,
                        seconds(end - start), seconds(bootstrapped - start), seconds(end - bootstrapped)));
            } finally {
                run(List.of("rm", "-rf", work.toString()), Map.of(), STEP_TIMEOUT, "rm");
            }
            return image;
        }
    }

    static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }

    static void log(String line) {
        System.out.println("[image test] " + line);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a process to its end; a missing program fails the test with {@code missing}, saying what to install. */
    static Stack.ProcessResult run(List<String> command, Map<String, String> environment, Duration timeout,
            String missing) {
        return Stack.run(command, environment, timeout, missing);
    }
}
