package org.ecomkpi.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * How {@link DynamoDbKpiStore} applies a run exactly once, though many processes share the store.
 *
 * <h2>Exactly once: a merge lock and a write-ahead plan</h2>
 * A run writes far more items than a DynamoDB transaction holds (100), so {@link #apply(RunContribution)}
 * writes its decisions down before it makes any of them, and any later apply can finish them:
 * <ol>
 *   <li><b>lock</b>: take the merge lock, an item of the control table, with a conditional UpdateItem (absent, or
 *       its lease expired); refresh the lease while working; poll, bounded, while another live apply holds it;
 *       then raise the lock's fences, before reading or writing anything else ({@link MergeLock}). Applies are
 *       therefore one at a time, in the order they take the lock (SPEC: runs take effect in the order their merges
 *       commit);</li>
 *   <li><b>roll forward</b>: when the lock item names a complete plan of a run whose apply died, apply that plan
 *       (below) first and record that run as applied;</li>
 *   <li><b>replay</b>: a run already recorded in the control table (checked before the lock too, so a replay
 *       does not queue) releases the lock and returns false;</li>
 *   <li><b>claim</b>: each file content is claimed for the run (a conditional write: free, or already this
 *       run's); when another run holds one, the run's claims are released and
 *       {@link ContentAlreadyProcessedException} is thrown, before any state or KPI changed;</li>
 *   <li><b>plan</b>: {@link MergePlan#of} reads the state of exactly the keys the run touches (consistent
 *       BatchGetItem, {@link DynamoDbState}); the plan, the run's products and its file count are deflated into
 *       chunks of at most 300 KB under {@code pk = "plan#<run id>"} of the control table
 *       ({@link WriteAheadPlan}); then the lock item records the plan as complete, with its chunk count. This
 *       conditional write is the commit point;</li>
 *   <li><b>apply</b>: the plan's puts and deletes in transactions of up to {@value MergeFence#MAX_WRITES}, up to
 *       {@value PlanWriters#WRITERS} at once ({@link PlanWriters}); upsert the products; record the run as applied;
 *       delete the chunks; clear the plan from the lock item; release the lock.</li>
 * </ol>
 * A crash before the commit point leaves no plan and no state or KPI write (orphan chunks of an unrecorded
 * plan are overwritten or deleted when the run is applied again); a crash after it leaves a complete plan that
 * the next apply, of this run or any other, finishes before anything else. Every write of a plan is an absolute
 * value, and no other apply can write between the commit point and the clearing of the plan, so finishing a plan
 * twice leaves the state it leaves once. A file content is "processed" once the run that claimed it is
 * recorded; a claim of a run that crashed before its commit point and was never applied again keeps other runs
 * from counting that content until it is.
 *
 * <h2>A holder that lost the lock cannot write</h2>
 * "No other apply can write" must hold even for a process that stops for longer than its lease (a long GC, a
 * SIGSTOP, a frozen VM) between its own check of the lease and a write: when it wakes up, another apply may have
 * taken the lock, finished its plan and applied later runs. So every write an apply makes under the lock (claims
 * and their release, plan chunks, the plan's puts and deletes, products, the run's record, the chunks' deletion)
 * is a TransactWriteItems whose first action is a ConditionCheck that a fence item of the lock still names this
 * apply's token; the next holder rewrites every fence with its own token before it reads or writes anything, so
 * DynamoDB refuses the late write ({@link MergeLockLostException}) instead of the writer's clock. Each of the
 * {@value PlanWriters#WRITERS} writers has its own fence ({@link MergeFence}): two transactions that include one
 * item conflict on DynamoDB, even when both only check it. The lease refresh, the plan's record and its clearing
 * are conditional single-item writes on the lock item itself, which no transaction includes.
 *
 * <h2>Costs</h2>
 * Reads: one consistent BatchGetItem per 100 keys, over the run's item ids, the orders it touches, their
 * customer counts and the KPI rows they change (1 RCU per item up to 4 KB). Writes: one TransactWriteItems per 99
 * changed keys; a transactional write costs 2 WCU per KB of each item (DynamoDB prepares, then commits): an order
 * entity (a typical order with a few items is under 1 KB), an item's index entry, a customer count, a KPI row; the
 * check of the fence adds one small item to each transaction. Plus the deflated plan written and deleted (2 WCU per
 * KB each way), the fences raised (8 small items, one transaction) and a few small calls on the control table (lock
 * taken and read back, plan recorded, plan cleared, lock released, run looked up twice and recorded, chunks
 * listed). So a new order with {@code k} items costs about {@code 2 (1 + k)} WCUs of state, a changed order 2 WCU
 * plus 2 for each new or moved item; KPI rows and customer counts are written once per run however many orders
 * change them: twice what BatchWriteItem cost, the price of refusing a stale holder's write. Measured against moto:
 * 300 new orders with 760 items on existing dates made 15 BatchGetItem and 17 TransactWriteItems calls (13 for
 * 1,204 state and KPI keys, one each for the fences, the plan's chunk, the run's record and the chunk's deletion),
 * 4 UpdateItem, 3 GetItem and 1 Query.
 */
final class ExactlyOnceApply {
    private final ControlTable control;
    private final DynamoDbState state;
    private final MergeLock lock;
    private final PlanWriters writers;

    ExactlyOnceApply(ControlTable control, DynamoDbState state, MergeLock lock, PlanWriters writers) {
        this.control = control;
        this.state = state;
        this.lock = lock;
        this.writers = writers;
    }

    /** See {@link KpiStore#applyRun(RunContribution, ApplyStop)}. */
    boolean apply(RunContribution contribution, ApplyStop stop) {
        String runId = contribution.runId();
        if (control.isApplied(runId)) {
            return false; // a replay need not queue behind other applies for the lock
        }
        String applyId = UUID.randomUUID().toString();
        return LocalApplyQueue.inTurn(control.name(), () -> applyHoldingTheLock(contribution, runId, applyId, stop));
    }

    private boolean applyHoldingTheLock(RunContribution contribution, String runId, String applyId, ApplyStop stop) {
        try (MergeLock.Held held = lock.acquire(runId)) {
            MergeFence fence = held.fence(0); // the writes of this thread; a plan's writers use all the fences
            boolean finishedOwn = false;
            Optional<MergeLock.PendingPlan> pending = held.pendingPlan();
            if (pending.isPresent()) {
                WriteAheadPlan left = control.readPlan(pending.get().runId(), pending.get().chunks());
                boolean recorded = finish(held, left, applyId, ApplyStop.NEVER); // another's plan: finish it
                finishedOwn = recorded && left.runId().equals(runId); // our own earlier attempt died after its commit
            }
            if (control.isApplied(runId)) {
                return finishedOwn;
            }
            List<ProcessedFile> files = distinctContents(contribution.files());
            claimFiles(runId, files, fence);
            WriteAheadPlan plan;
            try {
                plan = new WriteAheadPlan(runId, MergePlan.of(contribution.versions(),
                        new StoppableStateReader(state, stop, runId)), contribution.products(), files.size());
                stop.check(runId, false); // the last moment at which a stop leaves nothing of the run
                held.requireHeld();
                int chunks = control.writePlan(plan, fence);
                held.recordPlan(chunks); // the commit point: from here on any apply finishes this plan
            } catch (RuntimeException e) {
                releaseClaimsQuietly(runId, files, fence, e);
                throw e;
            }
            return finish(held, plan, applyId, stop);
        }
    }

    private void releaseClaimsQuietly(String runId, List<ProcessedFile> files, MergeFence fence,
                                      RuntimeException failure) {
        try {
            control.releaseFiles(runId, files, fence);
        } catch (RuntimeException e) {
            failure.addSuppressed(e); // the claims stay; applying the run again reuses them
        }
    }

    /**
     * Writes a recorded plan, upserts its products, records its run, then forgets the plan. A stop between its
     * transactions leaves the plan recorded (the lock's release keeps it) for the next apply to finish.
     */
    private boolean finish(MergeLock.Held held, WriteAheadPlan plan, String applyId, ApplyStop stop) {
        writers.write(held, plan.runId(), state.writes(plan.plan(), plan.runId()), stop);
        MergeFence fence = held.fence(0);
        control.upsertProducts(plan.products(), plan.runId(), fence);
        boolean recorded = control.markApplied(plan, applyId, fence);
        control.deletePlan(plan.runId(), fence);
        held.clearPlan();
        return recorded;
    }

    private static List<ProcessedFile> distinctContents(List<ProcessedFile> files) {
        Map<String, ProcessedFile> distinct = new LinkedHashMap<>();
        for (ProcessedFile file : files) {
            distinct.putIfAbsent(file.sha256(), file); // the same content twice in one batch is recorded once
        }
        List<ProcessedFile> sorted = new ArrayList<>(distinct.values());
        sorted.sort(Comparator.comparing(ProcessedFile::sha256));
        return sorted;
    }

    /** The claim step of an apply: the run holds every content, or nothing changed and the refusal is thrown. */
    private void claimFiles(String runId, List<ProcessedFile> files, MergeFence fence) {
        List<ProcessedFile> heldByOthers = control.claimFiles(runId, files, fence);
        if (!heldByOthers.isEmpty()) {
            control.releaseFiles(runId, files, fence);
            throw new ContentAlreadyProcessedException(runId, heldByOthers);
        }
    }

    /** The claim step of an apply alone, under the lock: what a run that crashed right after it left behind. */
    void claimFiles(String runId, List<ProcessedFile> files) {
        try (MergeLock.Held held = lock.acquire(runId)) {
            claimFiles(runId, files, held.fence(0));
        }
    }
}
