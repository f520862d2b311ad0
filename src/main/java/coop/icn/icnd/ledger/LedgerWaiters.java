package coop.icn.icnd.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Callers waiting for an entry they published (a currency or a transfer) to be applied here, by
 * hash: an RPC answers only once its own node holds the result. Not thread-safe: the ledger
 * actor's thread only.
 */
final class LedgerWaiters {
    private final Map<String, List<CompletableFuture<String>>> waiting = new HashMap<>();

    /**
     * Completes with {@code hash} once it is applied, or fails with a {@link LedgerRejection} once
     * refused; {@code known} is the verdict already reached, if any, which settles it at once.
     */
    CompletableFuture<String> await(String hash, Optional<LedgerVerdict> known) {
        CompletableFuture<String> done = new CompletableFuture<>();
        if (known.isEmpty()) {
            waiting.computeIfAbsent(hash, h -> new ArrayList<>()).add(done);
        } else {
            settle(done, hash, known.get());
        }
        return done;
    }

    /** The entry {@code hash} got its verdict: wake whoever waits for it. */
    void settled(String hash, LedgerVerdict verdict) {
        List<CompletableFuture<String>> list = waiting.remove(hash);
        if (list != null) {
            list.forEach(done -> settle(done, hash, verdict));
        }
    }

    private static void settle(CompletableFuture<String> done, String hash, LedgerVerdict verdict) {
        if (verdict.isRefusal()) {
            done.completeExceptionally(new LedgerRejection(verdict, "the transfer was refused"));
        } else {
            done.complete(hash);
        }
    }
}
