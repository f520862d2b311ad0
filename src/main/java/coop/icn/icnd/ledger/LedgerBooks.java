package coop.icn.icnd.ledger;

import coop.icn.icnd.identity.Did;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every currency's {@link LedgerBook} on this node, and the transfers that arrived before their
 * currency's definition (gossip does not order topics against each other). As pure as the books:
 * the same definitions and transfers, in any order, give the same verdicts.
 */
final class LedgerBooks {
    /** By currency id, in the order the definitions arrived. */
    private final Map<String, LedgerBook> byId = new LinkedHashMap<>();
    /** Transfers whose currency's definition has not arrived yet, by currency id. */
    private final Map<String, List<Transfer>> orphans = new HashMap<>();

    /** Opens the book of a new currency (a known one is left as it is) and offers it the transfers that waited for it. */
    LedgerBook.Outcome define(Currency currency) {
        LedgerBook.Outcome outcome = LedgerBook.Outcome.empty();
        if (!byId.containsKey(currency.id())) {
            byId.put(currency.id(), new LedgerBook(currency));
            for (Transfer orphan : orphans.getOrDefault(currency.id(), List.of())) {
                outcome.add(offer(orphan));
            }
            orphans.remove(currency.id());
        }
        return outcome;
    }

    /**
     * Offers a transfer to its currency's book, or keeps it until the currency is defined. One
     * that names its currency by a symbol other than the currency's is {@link LedgerVerdict#MALFORMED}
     * whether it arrived before the definition or after.
     */
    LedgerBook.Outcome offer(Transfer transfer) {
        LedgerBook book = byId.get(transfer.currencyId());
        if (book == null) {
            orphans.computeIfAbsent(transfer.currencyId(), id -> new ArrayList<>()).add(transfer);
            return LedgerBook.Outcome.empty();
        }
        if (!book.currency().symbol().equals(transfer.symbol())) {
            LedgerBook.Outcome outcome = LedgerBook.Outcome.empty();
            outcome.refused().put(transfer, LedgerVerdict.MALFORMED);
            return outcome;
        }
        return book.offer(transfer);
    }

    Collection<LedgerBook> all() {
        return byId.values();
    }

    Optional<LedgerBook> byId(String currencyId) {
        return Optional.ofNullable(byId.get(currencyId));
    }

    Optional<LedgerBook> bySymbol(String symbol) {
        return byId.values().stream().filter(b -> b.currency().symbol().equals(symbol)).findFirst();
    }

    /** The verdict on an entry, a currency definition (accepted once its book is open) or a transfer. */
    Optional<LedgerVerdict> verdict(String hash) {
        if (byId.containsKey(hash)) {
            return Optional.of(LedgerVerdict.ACCEPTED); // a currency's id is the hash of its definition
        }
        return byId.values().stream().flatMap(book -> book.verdict(hash).stream()).findFirst();
    }

    int currencies() {
        return byId.size();
    }

    /** Accounts with at least one applied transfer, in any currency. */
    int accounts() {
        Set<Did> accounts = new HashSet<>();
        byId.values().forEach(book -> accounts.addAll(book.balances().keySet()));
        return accounts.size();
    }

    /** Transfers received and not yet evaluated, orphans included. */
    int pending() {
        int pending = orphans.values().stream().mapToInt(List::size).sum();
        for (LedgerBook book : byId.values()) {
            pending += book.pending();
        }
        return pending;
    }
}
