package org.ecomkpi.bucket;

import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Breaks S3 requests the way a busy network and a throttling S3 do, and counts what it broke:
 * <ul>
 *   <li>every {@code n}-th attempt fails before it is sent, alternately with 503 SlowDown and with a connection
 *       reset;</li>
 *   <li>optionally, the answer to every conditional PUT ({@code If-None-Match} or {@code If-Match}: the claim
 *       lease) that succeeded is lost: S3 did the write, the client sees a 503 and retries it.</li>
 * </ul>
 */
final class InjectedFaults implements ExecutionInterceptor {
    private final int every;
    private final boolean loseConditionalPutAnswers;
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger slowDowns = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger lostAnswers = new AtomicInteger();

    InjectedFaults(int every, boolean loseConditionalPutAnswers) {
        this.every = every;
        this.loseConditionalPutAnswers = loseConditionalPutAnswers;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        int attempt = attempts.incrementAndGet();
        if (attempt % every != 0) {
            return;
        }
        if ((attempt / every) % 2 == 0) {
            slowDowns.incrementAndGet();
            throw S3Exception.builder()
                    .statusCode(503)
                    .message("Please reduce your request rate.")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("SlowDown").serviceName("S3")
                            .errorMessage("Please reduce your request rate.")
                            .sdkHttpResponse(SdkHttpResponse.builder().statusCode(503).build()).build())
                    .build();
        }
        resets.incrementAndGet();
        throw SdkClientException.builder().message("Unable to execute HTTP request: Connection reset (injected)")
                .cause(new SocketException("Connection reset (injected)")).build();
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        boolean conditionalPut = "PutObject".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                && (context.httpRequest().firstMatchingHeader("If-None-Match").isPresent()
                        || context.httpRequest().firstMatchingHeader("If-Match").isPresent());
        if (loseConditionalPutAnswers && conditionalPut && context.httpResponse().statusCode() == 200) {
            lostAnswers.incrementAndGet();
            return context.httpResponse().toBuilder().statusCode(503).statusText("Service Unavailable").build();
        }
        return context.httpResponse();
    }

    int slowDowns() {
        return slowDowns.get();
    }

    int resets() {
        return resets.get();
    }

    int lostAnswers() {
        return lostAnswers.get();
    }
}
