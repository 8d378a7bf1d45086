package org.ecomkpi.store;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * A DynamoDB client interceptor that lets a process die at its {@code n}-th TransactWriteItems that writes into any
 * table but the control table (the state and KPI writes of a plan): that request and every later one fail before
 * they are sent, as if the process had stopped there. {@link #onlyOnce()} fails that one request only: an apply
 * that failed, in a process that lives on.
 */
final class ProcessDeath implements ExecutionInterceptor {
    private final String controlTable;
    private final int n;
    private final boolean forever;
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicBoolean died = new AtomicBoolean();
    private final AtomicInteger delivered = new AtomicInteger();

    ProcessDeath(String controlTable, int n) {
        this(controlTable, n, true);
    }

    private ProcessDeath(String controlTable, int n, boolean forever) {
        this.controlTable = controlTable;
        this.n = n;
        this.forever = forever;
    }

    /** The same failure, for the {@code n}-th write only. */
    ProcessDeath onlyOnce() {
        return new ProcessDeath(controlTable, n, false);
    }

    boolean died() {
        return died.get();
    }

    /** Transactions into the state and KPI tables that were answered (sent before the death). */
    int delivered() {
        return delivered.get();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (writesPlan(context.request())) {
            delivered.incrementAndGet();
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (forever && died.get()) {
            throw new IllegalStateException("injected: the process is dead");
        }
        if (writesPlan(context.request()) && writes.incrementAndGet() == n) {
            died.set(true);
            throw new IllegalStateException("injected: the process died at plan transaction number " + n);
        }
    }

    private boolean writesPlan(SdkRequest request) {
        return request instanceof TransactWriteItemsRequest transaction
                && transaction.transactItems().stream().anyMatch(this::writesOutsideControl);
    }

    private boolean writesOutsideControl(TransactWriteItem action) {
        String table = action.put() != null ? action.put().tableName()
                : action.delete() != null ? action.delete().tableName()
                : action.update() != null ? action.update().tableName() : controlTable;
        return !table.equals(controlTable);
    }
}
