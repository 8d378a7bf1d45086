package org.ecomkpi.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * A DynamoDB client interceptor that replaces some answers of the real server with failures, on a fixed
 * rhythm over all attempts: every {@code throttleEvery}-th attempt gets {@code 400
 * ProvisionedThroughputExceededException}, every {@code serverErrorEvery}-th a {@code 500}, and every
 * {@code unprocessedEvery}-th BatchWriteItem or BatchGetItem answers that nothing of it was processed.
 *
 * <p>The request has reached the server each time: the call may have taken effect though the client sees it
 * fail, which is harder on the store than real throttling (a throttled request is never executed). Retried
 * writes must therefore be safe to repeat, and an answer lost after a conditional write must not count twice.
 */
final class InjectedFaults implements ExecutionInterceptor {
    private static final ExecutionAttribute<String> FAULT = new ExecutionAttribute<>("injected-fault");
    private static final String THROTTLING = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
            + "ProvisionedThroughputExceededException\",\"message\":\"injected: throughput exceeded\"}";
    private static final String SERVER_ERROR = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
            + "\"message\":\"injected: internal server error\"}";

    private final int throttleEvery;
    private final int serverErrorEvery;
    private final int unprocessedEvery;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong batchAttempts = new AtomicLong();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger unprocessed = new AtomicInteger();

    InjectedFaults(int throttleEvery, int serverErrorEvery, int unprocessedEvery) {
        this.throttleEvery = throttleEvery;
        this.serverErrorEvery = serverErrorEvery;
        this.unprocessedEvery = unprocessedEvery;
    }

    int throttled() {
        return throttled.get();
    }

    int serverErrors() {
        return serverErrors.get();
    }

    int unprocessed() {
        return unprocessed.get();
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        attributes.putAttribute(FAULT, "");
        if (!context.httpResponse().isSuccessful()) {
            return context.httpResponse(); // a real failure (a failed condition): leave it alone
        }
        long attempt = attempts.incrementAndGet();
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        boolean batch = operation.equals("BatchWriteItem") || operation.equals("BatchGetItem");
        if (batch && batchAttempts.incrementAndGet() % unprocessedEvery == 0) {
            String body = unprocessedAnswer(context, operation);
            unprocessed.incrementAndGet();
            attributes.putAttribute(FAULT, body);
            return answer(context, 200, body);
        }
        if (attempt % throttleEvery == 0) {
            throttled.incrementAndGet();
            attributes.putAttribute(FAULT, THROTTLING);
            return answer(context, 400, THROTTLING);
        }
        if (attempt % serverErrorEvery == 0) {
            serverErrors.incrementAndGet();
            attributes.putAttribute(FAULT, SERVER_ERROR);
            return answer(context, 500, SERVER_ERROR);
        }
        return context.httpResponse();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        String fault = attributes.getAttribute(FAULT);
        if (fault == null || fault.isEmpty()) {
            return context.responseBody();
        }
        attributes.putAttribute(FAULT, "");
        context.responseBody().ifPresent(InjectedFaults::drain); // so the connection goes back to the pool
        return Optional.of(new ByteArrayInputStream(fault.getBytes(StandardCharsets.UTF_8)));
    }

    private static SdkHttpResponse answer(Context.ModifyHttpResponse context, int status, String body) {
        return context.httpResponse().toBuilder().statusCode(status)
                .removeHeader("x-amz-crc32") // the checksum of the real body would not match ours
                .putHeader("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length))
                .build();
    }

    /** The answer "none of it was processed": the request's items (or keys) handed back as unprocessed. */
    private static String unprocessedAnswer(Context.ModifyHttpResponse context, String operation) {
        String request = context.requestBody().map(body -> {
            try (InputStream in = body.contentStreamProvider().newStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElseThrow();
        String prefix = "{\"RequestItems\":";
        if (!request.startsWith(prefix)) {
            throw new IllegalStateException("unexpected " + operation + " request: " + request);
        }
        String items = request.substring(prefix.length(), request.length() - 1);
        return operation.equals("BatchWriteItem")
                ? "{\"UnprocessedItems\":" + items + "}"
                : "{\"Responses\":{},\"UnprocessedKeys\":" + items + "}";
    }

    private static void drain(InputStream body) {
        try (body) {
            body.readAllBytes();
        } catch (IOException e) {
            // the connection is discarded instead of reused
        }
    }
}
