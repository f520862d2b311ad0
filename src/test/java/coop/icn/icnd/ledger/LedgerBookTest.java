package coop.icn.icnd.ledger;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger rules, without a network: arrival order must not matter. */
class LedgerBookTest {
    private static final long LIMIT = 500;
    private final Currency currency = new Currency("c1", "USD", 2, LIMIT, NodeIdentity.generate().did());
    private final List<Did> members = List.of(NodeIdentity.generate().did(), NodeIdentity.generate().did(),
            NodeIdentity.generate().did(), NodeIdentity.generate().did());
    private int hashes;

    private Transfer transfer(LedgerBook authorsView, Did payer, Did payee, long amount) {
        return new Transfer("t" + (hashes++), currency.id(), currency.symbol(), payer, payee, amount,
                authorsView.nextSeq(payer), authorsView.frontierFor(payer), null, 0);
    }

    /**
     * A workload as honest authors make it (each signs against what it has applied), sprinkled
     * with transfers their own node would have refused (overdrafts, zero amounts).
     */
    private List<Transfer> workload(Random random, int size) {
        LedgerBook author = new LedgerBook(currency);
        List<Transfer> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Did payer = members.get(random.nextInt(members.size()));
            Did payee = members.get(random.nextInt(members.size()));
            if (payer.equals(payee)) {
                continue;
            }
            long amount = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(300);
            Transfer t = transfer(author, payer, payee, amount);
            out.add(t);
            author.offer(t);
        }
        return out;
    }

    private static LedgerBook deliver(Currency currency, List<Transfer> transfers) {
        LedgerBook state = new LedgerBook(currency);
        transfers.forEach(state::offer);
        return state;
    }

    @Test
    void anyArrivalOrderGivesTheSameVerdictsAndBalances() {
        for (int seed = 0; seed < 40; seed++) {
            Random random = new Random(seed);
            List<Transfer> transfers = workload(random, 200);
            LedgerBook reference = deliver(currency, transfers);
            Map<String, LedgerVerdict> verdicts = new HashMap<>();
            transfers.forEach(t -> verdicts.put(t.hash(), reference.verdict(t.hash()).orElse(null)));
            assertThat(verdicts.values()).as("seed %d", seed).doesNotContainNull().contains(LedgerVerdict.ACCEPTED);

            for (int order = 0; order < 5; order++) {
                List<Transfer> shuffled = new ArrayList<>(transfers);
                shuffled.addAll(transfers.subList(0, transfers.size() / 4)); // duplicates too
                Collections.shuffle(shuffled, random);
                LedgerBook other = deliver(currency, shuffled);
                assertThat(other.balances()).as("seed %d order %d", seed, order).isEqualTo(reference.balances());
                transfers.forEach(t -> assertThat(other.verdict(t.hash())).hasValue(verdicts.get(t.hash())));
                assertThat(other.pending()).isZero();
            }
            assertThat(reference.balances().values().stream().mapToLong(Long::longValue).sum()).isZero();
            assertThat(reference.balances().values()).allMatch(balance -> balance >= -LIMIT);
        }
    }

    @Test
    void aTransferWaitsForItsPrerequisitesInsteadOfFailingEarly() {
        LedgerBook author = new LedgerBook(currency);
        Did a = members.get(0);
        Did b = members.get(1);
        Did c = members.get(2);
        // A pays B its whole limit; B, credited, pays C beyond B's own limit
        Transfer aToB = transfer(author, a, b, LIMIT);
        author.offer(aToB);
        Transfer bToC = transfer(author, b, c, LIMIT + 100);
        author.offer(bToC);
        assertThat(author.verdict(bToC.hash())).hasValue(LedgerVerdict.ACCEPTED);

        LedgerBook late = new LedgerBook(currency);
        late.offer(bToC);
        assertThat(late.verdict(bToC.hash())).isEmpty();
        assertThat(late.pending()).isEqualTo(1);
        LedgerBook.Outcome outcome = late.offer(aToB);
        assertThat(outcome.accepted()).containsExactly(aToB, bToC);
        assertThat(late.balance(b)).isEqualTo(-100);
    }

    @Test
    void overdraftsAndBadAmountsAreRefused() {
        LedgerBook state = new LedgerBook(currency);
        Did a = members.get(0);
        Did b = members.get(1);
        Transfer tooMuch = transfer(state, a, b, LIMIT + 1);
        assertThat(state.offer(tooMuch).refused()).containsEntry(tooMuch, LedgerVerdict.CREDIT_LIMIT);
        Transfer zero = transfer(state, a, b, 0);
        assertThat(state.offer(zero).refused()).containsEntry(zero, LedgerVerdict.AMOUNT);
        Transfer self = transfer(state, a, a, 5);
        assertThat(state.offer(self).refused()).containsEntry(self, LedgerVerdict.SELF);
        Transfer fine = transfer(state, a, b, LIMIT);
        assertThat(state.offer(fine).accepted()).containsExactly(fine);
        assertThat(state.balance(a)).isEqualTo(-LIMIT);
    }

    @Test
    void anEquivocationVoidsBothAndFreezesThePayerWhateverTheOrder() {
        Did a = members.get(0);
        Did b = members.get(1);
        Did c = members.get(2);
        LedgerBook author = new LedgerBook(currency);
        Transfer first = transfer(author, a, b, 10);
        author.offer(first);
        Transfer twin = new Transfer("twin", currency.id(), currency.symbol(), a, c, 20, 1, Map.of(), null, 0);
        Transfer later = transfer(author, a, b, 5);

        for (List<Transfer> order : List.of(List.of(first, twin, later), List.of(twin, later, first),
                List.of(later, first, twin))) {
            LedgerBook state = deliver(currency, order);
            assertThat(state.verdict(first.hash())).hasValue(LedgerVerdict.EQUIVOCATION);
            assertThat(state.verdict(twin.hash())).hasValue(LedgerVerdict.EQUIVOCATION);
            assertThat(state.verdict(later.hash())).hasValue(LedgerVerdict.FROZEN);
            assertThat(state.balances().values()).allMatch(balance -> balance == 0);
        }
    }

    @Test
    void aFrontierThatGoesBackwardsIsRefused() {
        LedgerBook state = new LedgerBook(currency);
        Did a = members.get(0);
        Did b = members.get(1);
        Transfer aToB = transfer(state, a, b, 50);
        state.offer(aToB);
        Transfer bToA = transfer(state, b, a, 10);
        state.offer(bToA);
        assertThat(bToA.frontier()).containsEntry(a, 1L);
        Transfer backwards = new Transfer("back", currency.id(), currency.symbol(), b, a, 1, 2, Map.of(), null, 0);

        assertThat(state.offer(backwards).refused()).containsEntry(backwards, LedgerVerdict.FRONTIER);
    }
}
