package org.ecomkpi.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS requests a JVM sends, per service and operation, with their request and response bytes. Registered
 * for every SDK client of the test classpath (global {@code execution.interceptors}); it writes its counts only when
 * {@code PIPELINE_REQUEST_COUNT_FILE} names a file, at JVM exit. Used by {@link RequestCountHarness}.
 */
public final class RequestCounter implements ExecutionInterceptor {
    public static final String FILE_VARIABLE = "PIPELINE_REQUEST_COUNT_FILE";

    private static final Map<String, long[]> COUNTS = new ConcurrentHashMap<>();
    private static final LongAdder ATTEMPTS = new LongAdder();

    static {
        String file = System.getenv(FILE_VARIABLE);
        if (file != null && !file.isBlank()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> write(Path.of(file)), "request-counts"));
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        long bytes = context.httpRequest().firstMatchingHeader("Content-Length").map(Long::parseLong).orElse(0L);
        long[] c = COUNTS.computeIfAbsent(key(attributes), k -> new long[3]);
        synchronized (c) {
            c[0]++;
            c[1] += bytes;
        }
        ATTEMPTS.increment();
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        long bytes = context.httpResponse().firstMatchingHeader("Content-Length").map(Long::parseLong).orElse(0L);
        long[] c = COUNTS.computeIfAbsent(key(attributes), k -> new long[3]);
        synchronized (c) {
            c[2] += bytes;
        }
    }

    private static String key(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }

    /** Appends {@code service.operation=requests,requestBytes,responseBytes} lines to the file. */
    private static void write(Path file) {
        Map<String, long[]> sorted = new TreeMap<>(COUNTS);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            for (Map.Entry<String, long[]> e : sorted.entrySet()) {
                out.write(e.getKey() + "=" + e.getValue()[0] + "," + e.getValue()[1] + "," + e.getValue()[2] + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
