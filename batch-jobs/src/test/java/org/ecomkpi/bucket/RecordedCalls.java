package org.ecomkpi.bucket;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Records every HTTP exchange a client makes: the operation, the request and the response's status. */
final class RecordedCalls implements ExecutionInterceptor {

    record Call(String operation, SdkHttpRequest request, int status, Optional<Long> contentLength) {
        Optional<String> header(String name) {
            return request.firstMatchingHeader(name);
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        calls.add(new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.httpRequest(),
                context.httpResponse().statusCode(),
                context.httpResponse().firstMatchingHeader("Content-Length").map(Long::parseLong)));
    }

    List<Call> of(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    long count(String operation) {
        return of(operation).size();
    }

    void clear() {
        calls.clear();
    }
}
