package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.net.MalformedFrameException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GossipWireTest {
    private final NodeIdentity author = NodeIdentity.generate();
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    private Entry entry(String data) {
        return Entry.create(author, "test:wire", 1234, data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void entriesRoundTripAndStillVerify() {
        Entry one = entry("one");
        Entry two = entry("two");

        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        GossipCodec.Received received = GossipCodec.readResponse(GossipCodec.response(alloc, List.of(one, two),
                entry -> entry == one ? traceparent : ""));
        List<Entry> read = received.entries();

        assertThat(read).containsExactly(one, two);
        assertThat(received.traceparents()).as("transport metadata beside the signed entry")
                .containsExactly(traceparent, "");
        assertThat(read.get(1).data()).isEqualTo("two".getBytes(StandardCharsets.UTF_8));
        assertThat(read.get(0).problem(1024)).isNull();
        // the count, then the entry, then its empty traceparent (a u16 length)
        assertThat(GossipCodec.entryBytes(one))
                .isEqualTo(GossipCodec.response(alloc, List.of(one), entry -> "").readableBytes() - 4 - 2);
    }

    @Test
    void digestsAnnouncementsAndPullsRoundTrip() {
        Digest digest = new Digest();
        digest.add(entry("a").hash());
        GossipCodec.ReceivedDigest received = GossipCodec.readDigest(GossipCodec.digest(alloc, "test:wire", true, digest));
        assertThat(received.reply()).isTrue();
        assertThat(received.digest().differingWhereOtherHolds(digest)).isZero();

        byte[] hash = entry("b").hash();
        assertThat(GossipCodec.readAnnounce(GossipCodec.announce(alloc, List.of(new GossipCodec.Announcement("test:wire", hash)))))
                .singleElement().satisfies(a -> assertThat(a.hash()).isEqualTo(hash));

        GossipCodec.PullRequest pull = new GossipCodec.PullRequest("test:wire", 0b1010L, hash, List.of(hash));
        GossipCodec.PullRequest back = GossipCodec.readPullRequest(GossipCodec.pullRequest(alloc, pull));
        assertThat(back.bucketMask()).isEqualTo(0b1010L);
        assertThat(back.cursor()).isEqualTo(hash);
        assertThat(back.held()).hasSize(1);
        assertThat(GossipCodec.readSubscriptions(GossipCodec.subscriptions(alloc, List.of("ledger:*"))))
                .containsExactly("ledger:*");
    }

    @Test
    void eachEntryKeepsItsOwnAuthorAndABadAuthorAfterAGoodOneIsRefused() {
        Entry mine = entry("mine");
        Entry theirs = Entry.create(NodeIdentity.generate(), "test:wire", 1234, "theirs".getBytes(StandardCharsets.UTF_8));
        Entry mineAgain = entry("again");

        List<Entry> read = GossipCodec.readResponse(GossipCodec.response(alloc, List.of(mine, theirs, mineAgain), e -> ""))
                .entries();
        assertThat(read).extracting(Entry::author).containsExactly(mine.author(), theirs.author(), mine.author());
        assertThat(read).allSatisfy(e -> assertThat(e.problem(1024)).isNull());

        ByteBuf bad = GossipCodec.response(alloc, List.of(mine), e -> "");
        bad.setInt(0, 2);
        bad.writeBytes(mine.hash());
        coop.icn.icnd.net.FrameCodec.writeString(bad, mine.topic());
        coop.icn.icnd.net.FrameCodec.writeString(bad, "did:icn:z2222");
        bad.writeLong(1234).writeInt(1).writeByte(0).writeBytes(new byte[64]);
        coop.icn.icnd.net.FrameCodec.writeString(bad, "");
        assertThatThrownBy(() -> GossipCodec.readResponse(bad)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("bad author did:icn:z2222");
    }

    @Test
    void countsThatCannotFitAreRefusedBeforeAllocating() {
        ByteBuf lying = Unpooled.buffer().writeInt(1_000_000_000).writeBytes(new byte[32]);
        assertThatThrownBy(() -> GossipCodec.readRequest(lying)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("cannot fit");
        ByteBuf trailing = GossipCodec.request(alloc, List.of(new byte[32])).writeByte(1);
        assertThatThrownBy(() -> GossipCodec.readRequest(trailing)).hasMessageContaining("trailing");
    }

    @Test
    void digestBucketsShowWhereTwoSetsDiffer() {
        Digest mine = new Digest();
        Digest theirs = new Digest();
        byte[] shared = HexFormat.of().parseHex("04" + "11".repeat(31));   // bucket 1
        byte[] onlyTheirs = HexFormat.of().parseHex("fc" + "22".repeat(31)); // bucket 63
        mine.add(shared);
        theirs.add(shared);
        theirs.add(onlyTheirs);

        assertThat(mine.differingWhereOtherHolds(theirs)).isEqualTo(1L << 63);
        assertThat(theirs.differingWhereOtherHolds(mine)).isZero();
        theirs.remove(onlyTheirs);
        assertThat(mine.differingWhereOtherHolds(theirs)).isZero();
    }

    @Test
    void topicNamesAndSubscriptionPatterns() {
        assertThat(Entry.isValidTopic("ledger:USD")).isTrue();
        assertThat(Entry.isValidTopic("global:identity")).isTrue();
        assertThat(Entry.isValidTopic("nocolon")).isFalse();
        assertThat(Entry.isValidTopic("a:b:c")).isFalse();
        assertThat(Entry.isValidTopic("Upper:case")).isFalse();
        assertThat(new Subscriptions(List.of()).replicates("any:topic")).isTrue();
        assertThat(TopicPattern.parse("ledger:*").matches("ledger:USD")).isTrue();
        assertThat(TopicPattern.parse("ledger:*").matches("ledgers:USD")).isFalse();
        assertThat(TopicPattern.parse("ledger:*").matches("ledgerx:foo")).isFalse();
        assertThat(TopicPattern.parse("test:a").matches("test:b")).isFalse();
        assertThat(TopicPattern.ALL.matches("test:b")).isTrue();
        assertThat(new Subscriptions(TopicPattern.parseAll(List.of("test:a"))).replicates("test:b")).isFalse();
        for (String bad : new String[] {"ledger", "ledger*", ":*", "Upper:*", "a:b:*", ""}) {
            assertThat(TopicPattern.isValid(bad)).as(bad).isFalse();
        }
    }

    @Test
    void aMalformedOrOverlongTraceparentIsNoErrorAndStartsANewTrace() {
        Entry one = entry("one");
        String overlong = "00-" + "a".repeat(200);

        GossipCodec.Received received = GossipCodec.readResponse(GossipCodec.response(alloc, List.of(one), e -> "garbage"));
        assertThat(received.entries()).containsExactly(one);
        assertThat(coop.icn.icnd.trace.TraceContexts.parent(received.traceparents().get(0)))
                .isEqualTo(io.opentelemetry.context.Context.root());
        io.netty.buffer.ByteBuf withLong = GossipCodec.response(alloc, List.of(one), e -> "");
        // replace the empty traceparent by an overlong one, as a careless or hostile peer might send
        withLong.writerIndex(withLong.writerIndex() - 2);
        coop.icn.icnd.net.FrameCodec.writeString(withLong, overlong);
        assertThat(GossipCodec.readResponse(withLong).traceparents()).containsExactly("");
    }
}
