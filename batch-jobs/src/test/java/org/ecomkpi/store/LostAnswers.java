package org.ecomkpi.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * A DynamoDB client interceptor that loses the answer of the first {@code times} successful requests whose
 * body holds {@code marker}: the server did the work, the client sees a 500 and tries again.
 */
final class LostAnswers implements ExecutionInterceptor {
    private static final ExecutionAttribute<Boolean> LOST = new ExecutionAttribute<>("lost-answer");
    private static final byte[] SERVER_ERROR = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
            + "\"message\":\"injected: answer lost\"}").getBytes(StandardCharsets.UTF_8);

    private final String marker;
    private final AtomicInteger left;
    private final AtomicInteger lost = new AtomicInteger();

    LostAnswers(String marker, int times) {
        this.marker = marker;
        this.left = new AtomicInteger(times);
    }

    int lost() {
        return lost.get();
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        attributes.putAttribute(LOST, false);
        if (!context.httpResponse().isSuccessful() || !body(context).contains(marker)
                || left.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
            return context.httpResponse();
        }
        lost.incrementAndGet();
        attributes.putAttribute(LOST, true);
        return context.httpResponse().toBuilder().statusCode(500).removeHeader("x-amz-crc32")
                .putHeader("Content-Length", Integer.toString(SERVER_ERROR.length)).build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        if (!Boolean.TRUE.equals(attributes.getAttribute(LOST))) {
            return context.responseBody();
        }
        attributes.putAttribute(LOST, false);
        context.responseBody().ifPresent(in -> {
            try (in) {
                in.readAllBytes();
            } catch (IOException e) {
                // the connection is discarded instead of reused
            }
        });
        return Optional.of(new ByteArrayInputStream(SERVER_ERROR));
    }

    private static String body(Context.ModifyHttpResponse context) {
        return context.requestBody().map(body -> {
            try (InputStream in = body.contentStreamProvider().newStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse("");
    }
}
