package coop.icn.icnd.ledger;

import coop.icn.icnd.identity.Did;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The deterministic core of the ledger, for one currency: given the same set of transfers, in
 * any order, every node reaches the same verdicts and balances (docs/ledger.md).
 *
 * <p>Each payer's transfers form a chain by sequence number. A transfer is evaluated once its
 * prerequisites are evaluated: its payer's previous transfer, and, for each payer Q its
 * frontier names, Q's chain up to that sequence. It is then accepted when the amount is
 * positive, payer and payee differ, its frontier does not go backwards, and
 * {@code credits - debits >= -creditLimit}, where credits are the accepted transfers to the payer
 * in the chains its frontier names (up to the named sequence) and debits are the payer's accepted
 * transfers so far plus this one. Every input is named by the transfer itself, so arrival order
 * cannot change the verdict. Two different transfers with one payer and sequence are an
 * equivocation: both are void and the payer's later transfers are refused
 * ({@link LedgerVerdict#FROZEN}); the currency is then re-evaluated from scratch, which is the same
 * computation over the same set.
 */
final class LedgerBook {
    private final Currency currency;
    private final Map<Did, TreeMap<Long, Transfer>> chains = new HashMap<>();
    private final Map<Did, Long> evaluated = new HashMap<>();
    private final Map<Did, Long> balances = new HashMap<>();
    private final Map<Did, Long> debits = new HashMap<>();
    /** payee -> payer -> (payer's seq -> cumulative accepted amount paid to payee up to that seq) */
    private final Map<Did, Map<Did, TreeMap<Long, Long>>> credits = new HashMap<>();
    private final Map<Did, Map<Did, Long>> lastFrontier = new HashMap<>();
    private final Map<Did, Long> equivocatedAt = new HashMap<>();
    private final Map<String, LedgerVerdict> verdicts = new HashMap<>();
    private final Map<String, Transfer> all = new LinkedHashMap<>();

    /** What an offer changed: transfers newly accepted and newly refused (transfer -> reason). */
    record Outcome(List<Transfer> accepted, Map<Transfer, LedgerVerdict> refused) {
        static Outcome empty() {
            return new Outcome(new ArrayList<>(), new HashMap<>());
        }

        void add(Outcome other) {
            accepted.addAll(other.accepted());
            refused.putAll(other.refused());
        }
    }

    LedgerBook(Currency currency) {
        this.currency = currency;
    }

    Currency currency() {
        return currency;
    }

    /** Adds a transfer and evaluates whatever it unblocks. */
    Outcome offer(Transfer transfer) {
        Outcome outcome = Outcome.empty();
        if (verdicts.containsKey(transfer.hash()) || isHeld(transfer)) {
            return outcome;
        }
        if (transfer.seq() < 1) {
            all.put(transfer.hash(), transfer);
            verdicts.put(transfer.hash(), LedgerVerdict.SEQUENCE);
            outcome.refused().put(transfer, LedgerVerdict.SEQUENCE);
            return outcome;
        }
        TreeMap<Long, Transfer> chain = chains.computeIfAbsent(transfer.payer(), p -> new TreeMap<>());
        Transfer rival = chain.get(transfer.seq());
        all.put(transfer.hash(), transfer);
        if (rival != null) {
            equivocatedAt.merge(transfer.payer(), transfer.seq(), Math::min);
            return rebuild();
        }
        chain.put(transfer.seq(), transfer);
        evaluate(outcome);
        return outcome;
    }

    private boolean isHeld(Transfer transfer) {
        TreeMap<Long, Transfer> chain = chains.get(transfer.payer());
        Transfer held = chain == null ? null : chain.get(transfer.seq());
        return held != null && held.hash().equals(transfer.hash());
    }

    /** Re-evaluates everything from scratch: the same pure computation over the same set. */
    private Outcome rebuild() {
        Map<String, LedgerVerdict> before = new HashMap<>(verdicts);
        List<Transfer> everything = new ArrayList<>(all.values());
        chains.clear();
        evaluated.clear();
        balances.clear();
        debits.clear();
        credits.clear();
        lastFrontier.clear();
        verdicts.clear();
        everything.sort(Comparator.comparing(Transfer::hash));
        for (Transfer t : everything) {
            if (t.seq() < 1) {
                verdicts.put(t.hash(), LedgerVerdict.SEQUENCE);
                continue;
            }
            TreeMap<Long, Transfer> chain = chains.computeIfAbsent(t.payer(), p -> new TreeMap<>());
            chain.putIfAbsent(t.seq(), t);
        }
        Outcome outcome = Outcome.empty();
        evaluate(outcome);
        for (Transfer t : everything) {
            Long frozenFrom = equivocatedAt.get(t.payer());
            if (frozenFrom != null && t.seq() == frozenFrom) {
                verdicts.put(t.hash(), LedgerVerdict.EQUIVOCATION);
            }
        }
        // report only what changed against the verdicts before
        Outcome changed = Outcome.empty();
        for (Transfer t : everything) {
            LedgerVerdict now = verdicts.get(t.hash());
            if (now != null && now != before.get(t.hash())) {
                if (now == LedgerVerdict.ACCEPTED) {
                    changed.accepted().add(t);
                } else {
                    changed.refused().put(t, now);
                }
            }
        }
        return changed;
    }

    private void evaluate(Outcome outcome) {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Map.Entry<Did, TreeMap<Long, Transfer>> chain : chains.entrySet()) {
                Did payer = chain.getKey();
                while (true) {
                    long next = evaluated.getOrDefault(payer, 0L) + 1;
                    Transfer t = chain.getValue().get(next);
                    if (t == null || !prerequisitesMet(t)) {
                        break;
                    }
                    LedgerVerdict verdict = judge(t, 0);
                    verdicts.put(t.hash(), verdict);
                    evaluated.put(payer, next);
                    if (verdict == LedgerVerdict.ACCEPTED) {
                        apply(t);
                        outcome.accepted().add(t);
                    } else {
                        outcome.refused().put(t, verdict);
                    }
                    progress = true;
                }
            }
        }
    }

    private boolean prerequisitesMet(Transfer t) {
        for (Map.Entry<Did, Long> named : t.frontier().entrySet()) {
            if (!named.getKey().equals(t.payer()) && evaluated.getOrDefault(named.getKey(), 0L) < named.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The verdict on {@code t} given what is evaluated so far. {@code unappliedDebits}: what the
     * payer has signed but this book has not applied yet, which only its author knows; 0 when
     * judging a transfer received, so the verdict depends on the transfer set alone.
     */
    LedgerVerdict judge(Transfer t, long unappliedDebits) {
        Long frozenFrom = equivocatedAt.get(t.payer());
        if (frozenFrom != null && t.seq() >= frozenFrom) {
            return t.seq() == frozenFrom ? LedgerVerdict.EQUIVOCATION : LedgerVerdict.FROZEN;
        }
        if (t.amount() <= 0) {
            return LedgerVerdict.AMOUNT;
        }
        if (t.payer().equals(t.payee())) {
            return LedgerVerdict.SELF;
        }
        if (t.frontier().containsKey(t.payer())) {
            return LedgerVerdict.FRONTIER;
        }
        Map<Did, Long> previous = lastFrontier.getOrDefault(t.payer(), Map.of());
        for (Map.Entry<Did, Long> named : previous.entrySet()) {
            if (t.frontier().getOrDefault(named.getKey(), 0L) < named.getValue()) {
                return LedgerVerdict.FRONTIER;
            }
        }
        long available = creditsNamedBy(t) - debits.getOrDefault(t.payer(), 0L) - unappliedDebits - t.amount();
        return available < -currency.creditLimit() ? LedgerVerdict.CREDIT_LIMIT : LedgerVerdict.ACCEPTED;
    }

    private long creditsNamedBy(Transfer t) {
        Map<Did, TreeMap<Long, Long>> byPayer = credits.getOrDefault(t.payer(), Map.of());
        long sum = 0;
        for (Map.Entry<Did, Long> named : t.frontier().entrySet()) {
            TreeMap<Long, Long> cumulative = byPayer.get(named.getKey());
            Map.Entry<Long, Long> upTo = cumulative == null ? null : cumulative.floorEntry(named.getValue());
            if (upTo != null) {
                sum += upTo.getValue();
            }
        }
        return sum;
    }

    private void apply(Transfer t) {
        balances.merge(t.payer(), -t.amount(), Long::sum);
        balances.merge(t.payee(), t.amount(), Long::sum);
        debits.merge(t.payer(), t.amount(), Long::sum);
        TreeMap<Long, Long> cumulative = credits.computeIfAbsent(t.payee(), p -> new HashMap<>())
                .computeIfAbsent(t.payer(), p -> new TreeMap<>());
        long before = cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
        cumulative.put(t.seq(), before + t.amount());
        lastFrontier.put(t.payer(), t.frontier());
    }

    // ---- queries ----

    long balance(Did account) {
        return balances.getOrDefault(account, 0L);
    }

    Map<Did, Long> balances() {
        return Map.copyOf(balances);
    }

    Optional<LedgerVerdict> verdict(String hash) {
        return Optional.ofNullable(verdicts.get(hash));
    }

    /** Received, not yet evaluated: waiting for a predecessor or for credit it names. */
    int pending() {
        return all.size() - verdicts.size();
    }

    Collection<Transfer> transfers() {
        return List.copyOf(all.values());
    }

    /** The next sequence number {@code payer} would use, after those already received. */
    long nextSeq(Did payer) {
        TreeMap<Long, Transfer> chain = chains.get(payer);
        return chain == null || chain.isEmpty() ? 1 : chain.lastKey() + 1;
    }

    /**
     * The frontier a new transfer by {@code payer} names: every chain that has credited the payer,
     * up to what is evaluated here, and never less than the payer's previous frontier.
     */
    Map<Did, Long> frontierFor(Did payer) {
        Map<Did, Long> frontier = new HashMap<>(lastFrontier.getOrDefault(payer, Map.of()));
        for (Did creditor : credits.getOrDefault(payer, Map.of()).keySet()) {
            frontier.merge(creditor, evaluated.getOrDefault(creditor, 0L), Math::max);
        }
        return frontier;
    }
}
