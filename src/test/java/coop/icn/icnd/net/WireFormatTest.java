package coop.icn.icnd.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireFormatTest {
    private static ByteBuf withoutPrefix(ByteBuf frame) {
        assertThat(frame.readInt()).isEqualTo(frame.readableBytes());
        return frame;
    }

    @Test
    void helloRoundTrips() {
        ByteBuf frame = withoutPrefix(FrameCodec.encode(ByteBufAllocator.DEFAULT, MessageType.HELLO,
                new Hello(4433, 9090, -2L, "node.example", "icnd/test").encode(ByteBufAllocator.DEFAULT)));

        assertThat(FrameCodec.readHeader(frame)).isEqualTo(MessageType.HELLO);
        assertThat(Hello.decode(frame)).isEqualTo(new Hello(4433, 9090, -2L, "node.example", "icnd/test"));
    }

    @Test
    void peerListsRoundTripAndRefuseWhatCannotBeDialled() {
        String did = coop.icn.icnd.identity.NodeIdentity.generate().did().value();
        List<PeerAddress> peers = List.of(PeerAddress.parse(did + "@10.0.0.7:4433"), PeerAddress.parse(did + "@::1:5"));
        ByteBuf frame = withoutPrefix(FrameCodec.encode(ByteBufAllocator.DEFAULT, MessageType.PEERS,
                PeerList.encode(ByteBufAllocator.DEFAULT, peers)));

        assertThat(FrameCodec.readHeader(frame)).isEqualTo(MessageType.PEERS);
        assertThat(PeerList.decode(frame)).isEqualTo(peers);
        ByteBuf noPort = Unpooled.buffer().writeShort(1);
        FrameCodec.writeString(noPort, did);
        FrameCodec.writeString(noPort, "10.0.0.7");
        noPort.writeShort(0);
        assertThatThrownBy(() -> PeerList.decode(noPort)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("no address");
        ByteBuf badDid = Unpooled.buffer().writeShort(1);
        FrameCodec.writeString(badDid, "did:icn:nope");
        FrameCodec.writeString(badDid, "10.0.0.7");
        badDid.writeShort(4433);
        assertThatThrownBy(() -> PeerList.decode(badDid)).isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> PeerList.decode(Unpooled.buffer().writeShort(PeerList.MAX_ADDRESSES + 1)))
                .hasMessageContaining("at most");
    }

    @Test
    void pingCarriesItsTimeAndData() {
        ByteBuf frame = withoutPrefix(FrameCodec.encode(ByteBufAllocator.DEFAULT, MessageType.PING,
                new Ping(42L, Unpooled.wrappedBuffer(new byte[] {7, 8})).encode(ByteBufAllocator.DEFAULT)));

        assertThat(FrameCodec.readHeader(frame)).isEqualTo(MessageType.PING);
        Ping ping = Ping.decode(frame);
        assertThat(ping.sentNanos()).isEqualTo(42L);
        assertThat(ping.data().readableBytes()).isEqualTo(2);
        assertThat(frame.isReadable()).isFalse();
    }

    @Test
    void decodingIsStrict() {
        assertThatThrownBy(() -> FrameCodec.readHeader(Unpooled.wrappedBuffer(new byte[] {1})))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("no header");
        assertThatThrownBy(() -> FrameCodec.readHeader(Unpooled.wrappedBuffer(new byte[] {2, 1})))
                .hasMessageContaining("unknown protocol version 2");
        assertThatThrownBy(() -> FrameCodec.readHeader(Unpooled.wrappedBuffer(new byte[] {1, (byte) 200})))
                .hasMessageContaining("unknown message type 200");
        assertThatThrownBy(() -> Ping.decode(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})))
                .hasMessageContaining("short frame");
        ByteBuf helloWithTrailer = new Hello(1, 0, 7L, "", "x").encode(ByteBufAllocator.DEFAULT).writeByte(0);
        assertThatThrownBy(() -> Hello.decode(helloWithTrailer)).hasMessageContaining("1 trailing bytes");
        ByteBuf helloCut = Unpooled.wrappedBuffer(new byte[] {0, 1, 0, 0, 0, 0, 0, 9, 'a'});
        assertThatThrownBy(() -> Hello.decode(helloCut)).hasMessageContaining("short frame");
    }

    @Test
    void peerAddressesParse() {
        PeerAddress plain = PeerAddress.parse("127.0.0.1:4433");
        assertThat(plain.did()).isEmpty();
        assertThat(plain.hostPort()).isEqualTo("127.0.0.1:4433");
        String did = coop.icn.icnd.identity.NodeIdentity.generate().did().value();
        PeerAddress withDid = PeerAddress.parse(did + "@node.example:14433");
        assertThat(withDid.did()).hasValueSatisfying(d -> assertThat(d.value()).isEqualTo(did));
        assertThat(withDid.host()).isEqualTo("node.example");
        assertThat(PeerAddress.parse("[::1]:4433").host()).isEqualTo("::1");
        assertThat(PeerAddress.parse("[::1]:4433").hostPort()).isEqualTo("[::1]:4433");
        for (String bad : new String[] {"nohost", ":4433", "host:", "host:70000", "host:x", "did:icn:zzz@host:1"}) {
            assertThatThrownBy(() -> PeerAddress.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
