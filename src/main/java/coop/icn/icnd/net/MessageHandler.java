package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import io.netty.buffer.ByteBuf;

/**
 * Receives the frames of one {@link MessageType} from authenticated peers. Called on the
 * network's event loop with the payload, which is only valid during the call: decode it (a
 * {@link MalformedFrameException} is counted as a decode error) and hand the result to an actor.
 */
@FunctionalInterface
public interface MessageHandler {
    void onMessage(Did from, ByteBuf payload);
}
