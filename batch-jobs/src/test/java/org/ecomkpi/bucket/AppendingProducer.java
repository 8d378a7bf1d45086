package org.ecomkpi.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * A producer appending lines to a file in a thread, a pause apart, as a slow export or a copy over a network
 * does; it stops after its last line or when closed. Closing also fails the test if the producer failed.
 */
public final class AppendingProducer implements AutoCloseable {
    private final Thread thread;
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closed;

    private AppendingProducer(Path file, IntFunction<String> line, int lines, Duration pause) {
        this.thread = new Thread(() -> {
            try {
                Files.createDirectories(file.getParent());
                try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    for (int i = 0; i < lines && !closed; i++) {
                        ByteBuffer bytes = ByteBuffer.wrap(line.apply(i).getBytes(UTF_8));
                        while (bytes.hasRemaining()) {
                            out.write(bytes);
                        }
                        written.incrementAndGet();
                        Thread.sleep(pause.toMillis());
                    }
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                failure.set(e);
            }
        }, "appending-producer");
    }

    /** Starts appending {@code line.apply(0)} to {@code line.apply(lines - 1)} to {@code file}, {@code pause} apart. */
    public static AppendingProducer start(Path file, IntFunction<String> line, int lines, Duration pause) {
        AppendingProducer producer = new AppendingProducer(file, line, lines, pause);
        producer.thread.start();
        return producer;
    }

    /** All the text {@code lines} lines make. */
    public static String text(IntFunction<String> line, int lines) {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            all.append(line.apply(i));
        }
        return all.toString();
    }

    /** Lines appended so far. */
    public int linesWritten() {
        return written.get();
    }

    /** Waits (30 s at most) until at least {@code lines} lines are written. */
    public void awaitLines(int lines) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (written.get() < lines) {
            assertTrue(System.nanoTime() < deadline, "the producer wrote " + lines + " lines within 30 s");
            assertEquals(null, failure.get(), "the producer failed");
            Thread.sleep(2);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the producer to stop", e);
        }
        assertEquals(null, failure.get(), "the producer failed");
    }
}
