package coop.icn.icnd.ledger;

import coop.icn.icnd.identity.Did;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes this node's own transfers. Between signing a transfer and seeing it applied, the book
 * does not know it yet, so the author keeps it reserved (sequence and amount): the next transfer
 * then takes the following sequence, and the pre-check counts the reserved debits, so a burst of
 * payments cannot together overdraw what each alone would not. Not thread-safe: the ledger
 * actor's thread only.
 */
final class TransferAuthor {
    private final Did me;
    private final LedgerMetrics metrics;
    /** currency id -> seq -> amount, of transfers signed here and not yet settled in the book. */
    private final Map<String, TreeMap<Long, Long>> reserved = new HashMap<>();

    /** A transfer signed and checked here, on its way to gossip. */
    record Prepared(byte[] data, Currency currency, long seq) {
        String topic() {
            return LedgerCodec.transferTopic(currency.symbol());
        }
    }

    TransferAuthor(Did me, LedgerMetrics metrics) {
        this.me = me;
        this.metrics = metrics;
    }

    /**
     * Checks a payment as every node will judge it and, when it passes, reserves it and encodes it
     * for signing. A refusal is counted here: it never reaches gossip, so no node would count it.
     *
     * @throws LedgerRejection the verdict the ledger would give the transfer, were it signed
     */
    Prepared prepare(LedgerBook book, Did payee, long amount, String memo) {
        Currency currency = book.currency();
        TreeMap<Long, Long> mine = reserved.computeIfAbsent(currency.id(), id -> new TreeMap<>());
        long seq = Math.max(book.nextSeq(me), mine.isEmpty() ? 1 : mine.lastKey() + 1);
        Transfer draft = new Transfer(null, currency.id(), currency.symbol(), me, payee, amount, seq,
                book.frontierFor(me), memo, System.currentTimeMillis());
        long unapplied = mine.values().stream().mapToLong(Long::longValue).sum();
        LedgerVerdict verdict = book.judge(draft, unapplied);
        if (verdict.isRefusal()) {
            metrics.rejected(verdict);
            throw new LedgerRejection(verdict, describe(verdict, currency));
        }
        mine.put(seq, amount);
        return new Prepared(LedgerCodec.encodeTransfer(draft), currency, seq);
    }

    /** Gossip did not take the transfer: it was never signed into the set, so its sequence and amount are free again. */
    void release(Prepared prepared) {
        release(prepared.currency().id(), prepared.seq());
    }

    /** The book reached a verdict on {@code transfer}: if it is one of ours, it is no longer reserved. */
    void settled(Transfer transfer) {
        if (transfer.payer().equals(me)) {
            release(transfer.currencyId(), transfer.seq());
        }
    }

    /** At start: whatever was reserved before is either in the store (and so in the book) or lost. */
    void clear() {
        reserved.clear();
    }

    private void release(String currencyId, long seq) {
        TreeMap<Long, Long> mine = reserved.get(currencyId);
        if (mine != null) {
            mine.remove(seq);
        }
    }

    private static String describe(LedgerVerdict verdict, Currency currency) {
        return switch (verdict) {
            case CREDIT_LIMIT -> "the payment would take the payer below its credit limit of "
                    + currency.creditLimit() + " " + currency.symbol();
            case AMOUNT -> "the amount must be positive";
            case SELF -> "a node cannot pay itself";
            default -> "refused";
        };
    }
}
