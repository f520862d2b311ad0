package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** A peer connection without a network: it records the pings sent over it and how it was closed. */
final class FakeLink implements PeerLink {
    record SentPing(long sentNanos, int bytes, boolean flush) {
    }

    /** The peer's run when a test does not say: see {@link PeerLink#peerInstance}. */
    static final long FIRST_RUN = 1;

    private final Did peer;
    private final Direction direction;
    private final long openedNanos;
    private final long peerInstance;
    private boolean open = true;
    final List<SentPing> pings = new ArrayList<>();
    /** Frames sent with {@link #send}, by type, payload released. */
    final List<MessageType> sent = new ArrayList<>();
    /** The PEERS lists sent over it, decoded. */
    final List<List<PeerAddress>> peerLists = new ArrayList<>();
    /** Where it can be dialled; null until set (no hello yet). */
    PeerAddress dialAddress;
    /** The application error codes it was closed with, in order. */
    final List<Integer> closes = new ArrayList<>();
    /** What the test has written to it and the peer has not read. */
    final SendBacklog backlog = new SendBacklog(1024);

    FakeLink(Did peer, Direction direction, long openedNanos) {
        this(peer, direction, openedNanos, FIRST_RUN);
    }

    FakeLink(Did peer, Direction direction, long openedNanos, long peerInstance) {
        this.peer = peer;
        this.direction = direction;
        this.openedNanos = openedNanos;
        this.peerInstance = peerInstance;
    }

    static FakeLink dialledTo(Did peer) {
        return dialledTo(peer, FIRST_RUN);
    }

    static FakeLink dialledBy(Did peer) {
        return dialledBy(peer, FIRST_RUN);
    }

    /** A connection this node dialled, to the run {@code peerInstance} of the peer. */
    static FakeLink dialledTo(Did peer, long peerInstance) {
        return new FakeLink(peer, Direction.OUTBOUND, 0, peerInstance);
    }

    /** A connection the run {@code peerInstance} of the peer dialled. */
    static FakeLink dialledBy(Did peer, long peerInstance) {
        return new FakeLink(peer, Direction.INBOUND, 0, peerInstance);
    }

    /** The connection ended without this node closing it (the peer went away). */
    void drop() {
        open = false;
    }

    @Override
    public Did peer() {
        return peer;
    }

    @Override
    public Direction direction() {
        return direction;
    }

    @Override
    public long openedNanos() {
        return openedNanos;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public long backloggedNanos(long nowNanos) {
        return backlog.backloggedNanos(nowNanos);
    }

    @Override
    public long peerInstance() {
        return peerInstance;
    }

    @Override
    public PeerAddress dialAddress() {
        return dialAddress;
    }

    @Override
    public boolean send(MessageType type, ByteBuf payload) {
        sent.add(type);
        if (type == MessageType.PEERS) {
            peerLists.add(PeerList.decode(payload));
        }
        payload.release();
        return true;
    }

    @Override
    public void ping(long sentNanos, ByteBuf data, boolean flush) {
        pings.add(new SentPing(sentNanos, data.readableBytes(), flush));
    }

    @Override
    public Future<?> close(int applicationError, String reason) {
        closes.add(applicationError);
        open = false;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public String toString() {
        return "FakeLink[" + peer + " " + direction + "]";
    }
}
