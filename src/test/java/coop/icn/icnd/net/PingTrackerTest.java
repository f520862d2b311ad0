package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Matching pongs to ping requests, with a clock the test sets. */
class PingTrackerTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final PingTracker tracker = new PingTracker(clock::get);
    private final Did alice = NodeIdentity.generate().did();
    private final Did bob = NodeIdentity.generate().did();

    private static long sent(FakeLink link, int index) {
        return link.pings.get(index).sentNanos();
    }

    @Test
    void pongsAreMatchedToTheRequestWhosePingTheyEcho() {
        FakeLink toAlice = FakeLink.dialledTo(alice);
        FakeLink toBob = FakeLink.dialledTo(bob);
        CompletableFuture<NetworkActor.PingResult> fromAlice = new CompletableFuture<>();
        CompletableFuture<NetworkActor.PingResult> fromBob = new CompletableFuture<>();
        tracker.send(toAlice, 2, 0, fromAlice);
        tracker.send(toBob, 1, 0, fromBob);

        tracker.answered(sent(toBob, 0), 0.003);
        assertThat(fromBob).isCompletedWithValue(new NetworkActor.PingResult(bob.value(), 1, 1, List.of(0.003)));
        assertThat(fromAlice).isNotDone();

        tracker.answered(sent(toAlice, 1), 0.002);
        assertThat(fromAlice).as("one of two pongs is back").isNotDone();
        tracker.answered(sent(toAlice, 0), 0.001);
        assertThat(fromAlice).isCompletedWithValue(new NetworkActor.PingResult(alice.value(), 2, 2, List.of(0.002, 0.001)));
    }

    @Test
    void aRequestThatTimesOutCompletesWithThePongsItHas() {
        FakeLink link = FakeLink.dialledTo(alice);
        CompletableFuture<NetworkActor.PingResult> result = new CompletableFuture<>();
        PingTracker.Request request = tracker.send(link, 3, 0, result);
        tracker.answered(sent(link, 1), 0.004);

        tracker.finish(request);

        assertThat(result).isCompletedWithValue(new NetworkActor.PingResult(alice.value(), 3, 1, List.of(0.004)));
    }

    @Test
    void aPongOfNoRequestIsIgnored() {
        FakeLink link = FakeLink.dialledTo(alice);
        CompletableFuture<NetworkActor.PingResult> result = new CompletableFuture<>();
        tracker.send(link, 1, 0, result);
        long keepAlive = tracker.nextPingNanos();

        tracker.answered(keepAlive, 0.001);

        assertThat(result).isNotDone();
    }

    @Test
    void pingsCarryTheirDataAndTheBurstIsFlushedOnceAtTheEnd() {
        FakeLink link = FakeLink.dialledTo(alice);

        tracker.send(link, 3, 64, new CompletableFuture<>());

        assertThat(link.pings).extracting(FakeLink.SentPing::bytes).containsExactly(64, 64, 64);
        assertThat(link.pings).extracting(FakeLink.SentPing::flush).containsExactly(false, false, true);
    }

    @Test
    void pingValuesNeverRepeatWhenTheClockStallsOrStepsBack() {
        assertThat(tracker.nextPingNanos()).isEqualTo(1_000);
        assertThat(tracker.nextPingNanos()).isEqualTo(1_001);
        clock.set(500);
        assertThat(tracker.nextPingNanos()).isEqualTo(1_002);
        clock.set(5_000);
        assertThat(tracker.nextPingNanos()).isEqualTo(5_000);
    }
}
