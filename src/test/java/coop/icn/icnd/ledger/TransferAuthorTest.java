package coop.icn.icnd.ledger;

import com.codahale.metrics.MetricRegistry;
import coop.icn.icnd.gossip.Entry;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.obs.MetricFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** This node's own payments: reserved between signing and applying, checked as every node will judge them. */
class TransferAuthorTest {
    private final NodeIdentity me = NodeIdentity.generate();
    private final Did payee = NodeIdentity.generate().did();
    private final MetricRegistry registry = new MetricRegistry();
    private final TransferAuthor author = new TransferAuthor(me.did(), new LedgerMetrics(new MetricFactory(registry, 100)));
    private final LedgerBook book = new LedgerBook(new Currency("c1", "HOUR", 0, 100, me.did()));

    private LedgerVerdict refusal(long amount) {
        return catchThrowableOfType(LedgerRejection.class, () -> author.prepare(book, payee, amount, null)).reason();
    }

    private long rejected(String reason) {
        return registry.counter("icn_ledger_rejected_total." + reason).getCount();
    }

    /** The transfer as gossip carries it and every node reads it, signed by this node. */
    private Transfer signed(TransferAuthor.Prepared prepared) {
        Entry entry = Entry.create(me, prepared.topic(), System.currentTimeMillis(), prepared.data());
        return LedgerCodec.parseTransfer(entry).orElseThrow();
    }

    @Test
    void transfersSignedButNotAppliedTakeTheNextSequencesAndCountAgainstTheLimit() {
        assertThat(author.prepare(book, payee, 60, null).seq()).isEqualTo(1);
        // alone within the limit, but not with the 60 still on their way
        assertThat(refusal(60)).isEqualTo(LedgerVerdict.CREDIT_LIMIT);
        assertThat(rejected("credit_limit")).isEqualTo(1);
        assertThat(author.prepare(book, payee, 40, null).seq()).isEqualTo(2);
    }

    @Test
    void aTransferGossipDidNotTakeFreesItsSequenceAndAmount() {
        TransferAuthor.Prepared lost = author.prepare(book, payee, 60, null);
        author.release(lost);

        TransferAuthor.Prepared again = author.prepare(book, payee, 100, null);
        assertThat(again.seq()).isEqualTo(1);
        assertThat(again.topic()).isEqualTo("ledger:HOUR");
    }

    @Test
    void onceTheBookHasItsVerdictATransferIsNoLongerReserved() {
        Transfer first = signed(author.prepare(book, payee, 60, null));
        assertThat(book.offer(first).accepted()).containsExactly(first);
        author.settled(first);

        // the book now holds the debit, so only the rest of the limit is left, once and not twice
        assertThat(refusal(41)).isEqualTo(LedgerVerdict.CREDIT_LIMIT);
        Transfer second = signed(author.prepare(book, payee, 40, null));
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.frontier()).isEmpty();
        assertThat(book.offer(second).accepted()).containsExactly(second);
        assertThat(book.balance(me.did())).isEqualTo(-100);
    }

    @Test
    void aPaymentToItselfOrOfNothingIsRefusedAndCountedBeforeSigning() {
        assertThat(catchThrowableOfType(LedgerRejection.class, () -> author.prepare(book, me.did(), 5, null)).reason())
                .isEqualTo(LedgerVerdict.SELF);
        assertThat(refusal(0)).isEqualTo(LedgerVerdict.AMOUNT);
        assertThat(rejected("self")).isEqualTo(1);
        assertThat(rejected("amount")).isEqualTo(1);
        // nothing refused was reserved
        assertThat(author.prepare(book, payee, 100, null).seq()).isEqualTo(1);
    }
}
