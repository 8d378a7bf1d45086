package org.ecomkpi.bucket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * How both buckets' {@link BatchClaims} claim a batch ({@link BatchClaims#claim(String, ClaimRules)}):
 * <ol>
 *   <li>take the bucket's {@link ClaimLease}, waiting while another claimer holds it; a lease whose holder died
 *       is taken over, and the claim it had written down ({@link ClaimIntent}) is finished first, into that
 *       holder's run;</li>
 *   <li>list the landing files the rules take ({@link ClaimRules#takes}; the others are not looked at) until
 *       they are quiet: a file whose last-modified time is within the settle period, or whose
 *       size or time changed between two looks, is still being written; wait for it up to the quiet wait;</li>
 *   <li>when the settled files (with what the run already holds) make a batch the rules accept, write the intent
 *       down, move each file into the run's input (only if it is still the version listed), and let go of the
 *       lease.</li>
 * </ol>
 * Because only the lease holder moves files, and it takes everything settled at once, concurrent claims never
 * split an upload: the first takes it whole, the next ones find landing empty (or holding only newer files).
 */
final class LandingClaim {
    private static final Duration LEASE_POLL = Duration.ofMillis(100);
    private static final Duration MIN_QUIET_POLL = Duration.ofMillis(20);
    private static final Duration MAX_QUIET_POLL = Duration.ofSeconds(1);

    /** What the procedure needs from a bucket's claims besides their lease. */
    interface Site {
        /** The bucket's location, for messages. */
        String location();

        /** Everything under {@link BucketLayout#LANDING} now, with versions. */
        List<LandedFile> landed();

        /** The keys under the run's input, sorted. */
        List<String> held(String runId);

        /** What landing holds that no claim may take (a local bucket's symbolic links), one message each. */
        default List<String> refused() {
            return List.of();
        }

        /**
         * Moves {@code file} to {@code target} if the landing key still holds that version; false when it is gone
         * or was replaced (then the newer file stays for a later claim).
         */
        boolean takeIfUnchanged(LandedFile file, String target);
    }

    private final Site site;
    private final ClaimLease lease;

    LandingClaim(Site site, ClaimLease lease) {
        this.site = site;
        this.lease = lease;
    }

    ClaimedBatch claim(String runId, ClaimRules rules) {
        BucketLayout.requireRunId(runId);
        Instant giveUp = Instant.now().plus(rules.leaseWait());
        while (true) {
            Optional<ClaimLease.Held> taken = take(runId, rules, giveUp);
            if (taken.isEmpty()) {
                return new ClaimedBatch(site.held(runId), List.of(), List.of()); // asked to stop while queueing
            }
            Optional<ClaimedBatch> claimed = claimHolding(taken.get(), runId, rules);
            if (claimed.isPresent()) {
                return claimed.get();
            }
            // the lease expired while we waited for quiet and another claimer took it over: queue again
        }
    }

    private Optional<ClaimLease.Held> take(String runId, ClaimRules rules, Instant giveUp) {
        while (true) {
            ClaimLease.Attempt attempt = lease.tryTake(runId);
            if (attempt instanceof ClaimLease.Taken taken) {
                return Optional.of(taken.lease());
            }
            String holder = ((ClaimLease.HeldByAnother) attempt).holder();
            if (!Instant.now().isBefore(giveUp)) {
                throw new BucketException(site.location() + ": cannot claim " + BucketLayout.LANDING + " for run "
                        + runId + ": expected the claim lease to be free within " + rules.leaseWait()
                        + ", found it still held by " + holder);
            }
            if (!pause(LEASE_POLL, rules.stopRequested())) {
                return Optional.empty();
            }
        }
    }

    /** The claim while holding the lease; empty when the lease was lost before anything was moved. */
    private Optional<ClaimedBatch> claimHolding(ClaimLease.Held held, String runId, ClaimRules rules) {
        boolean intentPending = held.unfinished().isPresent();
        try {
            if (intentPending) {
                moveAll(stillLanded(held.unfinished().get()));
                intentPending = false; // done; releasing the lease forgets it
            }
            Optional<Look> quiet = waitForQuiet(held, rules);
            if (quiet.isEmpty()) {
                return Optional.empty();
            }
            Look look = quiet.get();
            List<String> holding = site.held(runId);
            if (look.settled().isEmpty() || rules.stopRequested().getAsBoolean()
                    || !rules.batchTest().test(batchPaths(runId, holding, look.settled()))) {
                held.release();
                return Optional.of(new ClaimedBatch(holding, List.of(), keys(look.unsettled()), site.refused()));
            }
            ClaimIntent intent = new ClaimIntent(runId, look.settled());
            if (!held.record(intent)) {
                return Optional.empty();
            }
            intentPending = true;
            List<BucketObject> taken = moveAll(intent);
            held.release();
            return Optional.of(new ClaimedBatch(site.held(runId), taken, keys(look.unsettled()), site.refused()));
        } catch (RuntimeException | Error e) {
            try {
                if (intentPending) {
                    held.abandon();
                } else {
                    held.release();
                }
            } catch (RuntimeException letGo) {
                e.addSuppressed(letGo);
            }
            throw e;
        }
    }

    /**
     * The part of a dead claimer's intent still in landing as it was listed then: a file moved already, or written
     * again since, is not its to take. (The conditional move checks the version again, where the store can.)
     */
    private ClaimIntent stillLanded(ClaimIntent intent) {
        Map<String, LandedFile> landed = new HashMap<>();
        site.landed().forEach(file -> landed.put(file.key(), file));
        return new ClaimIntent(intent.runId(), intent.files().stream()
                .filter(file -> landed.containsKey(file.key()) && landed.get(file.key()).sameAs(file)).toList());
    }

    /** Finishes an intent: the landing files it moved (not those gone or replaced meanwhile). */
    private List<BucketObject> moveAll(ClaimIntent intent) {
        List<BucketObject> moved = new ArrayList<>(intent.files().size());
        for (LandedFile file : intent.files()) {
            String target = BucketLayout.runInput(intent.runId(),
                    ObjectKey.relativeTo(BucketLayout.LANDING, file.key()));
            if (site.takeIfUnchanged(file, target)) {
                moved.add(file.object());
            }
        }
        return moved;
    }

    /** One listing of landing, split into files that have settled and files still being written. */
    private record Look(List<LandedFile> settled, List<LandedFile> unsettled) {
    }

    /**
     * Lists landing until no file changed within the settle period or the quiet wait is over, keeping the lease
     * alive meanwhile; empty when the lease was lost.
     */
    private Optional<Look> waitForQuiet(ClaimLease.Held held, ClaimRules rules) {
        Instant quietBy = Instant.now().plus(rules.quietWait());
        Map<String, LandedFile> previous = Map.of();
        Map<String, Instant> seenChanging = new HashMap<>();
        boolean firstLook = true;
        while (true) {
            Instant now = Instant.now();
            List<LandedFile> landed = site.landed().stream()
                    .filter(file -> rules.takes().test(ObjectKey.relativeTo(BucketLayout.LANDING, file.key())))
                    .toList();
            List<LandedFile> settled = new ArrayList<>();
            List<LandedFile> unsettled = new ArrayList<>();
            Instant nextSettles = quietBy;
            Map<String, LandedFile> current = new HashMap<>();
            for (LandedFile file : landed) {
                current.put(file.key(), file);
                LandedFile before = previous.get(file.key());
                if (!firstLook && (before == null || !before.sameAs(file))) {
                    // appeared or changed since the last look: a coarse or preserved mtime must not hide that
                    seenChanging.put(file.key(), now);
                }
                Instant changed = latest(file.latestChange(), seenChanging.getOrDefault(file.key(), Instant.EPOCH));
                Instant settles = changed.plus(rules.settle());
                // with no settle period everything counts, even a time the store rounded up past now
                if (!rules.settle().isZero() && settles.isAfter(now)) {
                    unsettled.add(file);
                    nextSettles = settles.isBefore(nextSettles) ? settles : nextSettles;
                } else {
                    settled.add(file);
                }
            }
            if (unsettled.isEmpty() || !now.isBefore(quietBy) || rules.stopRequested().getAsBoolean()) {
                return Optional.of(new Look(settled, unsettled));
            }
            Duration pause = clamp(Duration.between(now, nextSettles));
            if (!pause(pause, rules.stopRequested())) {
                return Optional.of(new Look(List.of(), unsettled)); // stopped: take nothing more
            }
            if (!held.keepAlive()) {
                return Optional.empty();
            }
            previous = current;
            firstLook = false;
        }
    }

    private static List<String> batchPaths(String runId, List<String> holding, List<LandedFile> settled) {
        String input = BucketLayout.runInput(runId);
        TreeSet<String> paths = new TreeSet<>();
        holding.forEach(key -> paths.add(ObjectKey.relativeTo(input, key)));
        settled.forEach(file -> paths.add(ObjectKey.relativeTo(BucketLayout.LANDING, file.key())));
        return List.copyOf(paths);
    }

    private static List<String> keys(List<LandedFile> files) {
        return files.stream().map(LandedFile::key).sorted().toList();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Duration clamp(Duration pause) {
        if (pause.compareTo(MIN_QUIET_POLL) < 0) {
            return MIN_QUIET_POLL;
        }
        return pause.compareTo(MAX_QUIET_POLL) > 0 ? MAX_QUIET_POLL : pause;
    }

    /**
     * Sleeps {@code duration} in short slices; false, at once, when a stop is requested or the thread is
     * interrupted (the interrupt is kept for the caller).
     */
    private static boolean pause(Duration duration, BooleanSupplier stopRequested) {
        long end = System.nanoTime() + duration.toNanos();
        try {
            while (true) {
                if (stopRequested.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                Thread.sleep(Math.max(1, Math.min(LEASE_POLL.toMillis(), left / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
