package coop.icn.icnd.ledger;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Several currencies, and transfers that arrive before their currency's definition. */
class LedgerBooksTest {
    private final Currency hour = new Currency("c-hour", "HOUR", 0, 100, NodeIdentity.generate().did());
    private final Did a = NodeIdentity.generate().did();
    private final Did b = NodeIdentity.generate().did();

    private Transfer transfer(String hash, String symbol, long amount) {
        return new Transfer(hash, hour.id(), symbol, a, b, amount, 1, Map.of(), null, 0);
    }

    @Test
    void aTransferBeforeItsCurrencyWaitsAndIsJudgedWhenTheDefinitionComes() {
        LedgerBooks books = new LedgerBooks();
        Transfer early = transfer("t1", "HOUR", 30);

        assertThat(books.offer(early).accepted()).isEmpty();
        assertThat(books.pending()).isEqualTo(1);
        assertThat(books.verdict(early.hash())).isEmpty();

        assertThat(books.define(hour).accepted()).containsExactly(early);
        assertThat(books.pending()).isZero();
        assertThat(books.verdict(early.hash())).hasValue(LedgerVerdict.ACCEPTED);
        assertThat(books.verdict(hour.id())).hasValue(LedgerVerdict.ACCEPTED);
        assertThat(books.bySymbol("HOUR").orElseThrow().balance(b)).isEqualTo(30);
        assertThat(books.accounts()).isEqualTo(2);
    }

    @Test
    void aTransferUnderAnotherSymbolIsMalformedWhetherItCameBeforeItsCurrencyOrAfter() {
        Transfer mislabelled = transfer("t1", "FOOD", 30);

        LedgerBooks definedFirst = new LedgerBooks();
        definedFirst.define(hour);
        assertThat(definedFirst.offer(mislabelled).refused()).containsExactly(Map.entry(mislabelled, LedgerVerdict.MALFORMED));

        LedgerBooks orphanFirst = new LedgerBooks();
        orphanFirst.offer(mislabelled);
        assertThat(orphanFirst.define(hour).refused()).containsExactly(Map.entry(mislabelled, LedgerVerdict.MALFORMED));
        assertThat(orphanFirst.pending()).isZero();
        assertThat(orphanFirst.bySymbol("HOUR").orElseThrow().balances()).isEmpty();
    }

    @Test
    void aSecondDefinitionOfAKnownCurrencyChangesNothing() {
        LedgerBooks books = new LedgerBooks();
        books.define(hour);
        books.offer(transfer("t1", "HOUR", 30));

        assertThat(books.define(hour).accepted()).isEmpty();
        assertThat(books.currencies()).isEqualTo(1);
        assertThat(books.bySymbol("HOUR").orElseThrow().balance(b)).isEqualTo(30);
    }
}
