package coop.icn.icnd.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * The wire envelope of every message on a peer stream:
 * <pre>
 *   u32 length   (big-endian; bytes that follow, at most network.maxMessageBytes)
 *   u8  version  (1)
 *   u8  type     ({@link MessageType} code)
 *   ... payload  (type-specific; must be consumed exactly)
 * </pre>
 * Decoding is strict: an unknown version or type, a payload too short for its type, or bytes
 * left after it, is a {@link MalformedFrameException}.
 */
public final class FrameCodec {
    public static final int VERSION = 1;
    public static final int LENGTH_BYTES = 4;
    /** Version and type. */
    public static final int HEADER_BYTES = 2;

    private FrameCodec() {
    }

    /** A whole frame (length prefix included) around {@code payload}, which it releases. */
    public static ByteBuf encode(ByteBufAllocator alloc, MessageType type, ByteBuf payload) {
        ByteBuf frame = alloc.buffer(LENGTH_BYTES + HEADER_BYTES + payload.readableBytes());
        frame.writeInt(HEADER_BYTES + payload.readableBytes());
        frame.writeByte(VERSION);
        frame.writeByte(type.code());
        frame.writeBytes(payload);
        payload.release();
        return frame;
    }

    /** The type of a frame without its length prefix; the reader is left at the payload. */
    public static MessageType readHeader(ByteBuf frame) {
        if (frame.readableBytes() < HEADER_BYTES) {
            throw new MalformedFrameException("frame of " + frame.readableBytes() + " bytes has no header");
        }
        int version = frame.readUnsignedByte();
        if (version != VERSION) {
            throw new MalformedFrameException("unknown protocol version " + version);
        }
        int code = frame.readUnsignedByte();
        MessageType type = MessageType.fromCode(code);
        if (type == null) {
            throw new MalformedFrameException("unknown message type " + code);
        }
        return type;
    }

    // -- payload helpers: each read checks the bytes are there --

    public static void need(ByteBuf in, int bytes, String what) {
        if (in.readableBytes() < bytes) {
            throw new MalformedFrameException("short frame: " + what + " needs " + bytes + " bytes, "
                    + in.readableBytes() + " left");
        }
    }

    public static void end(ByteBuf in, MessageType type) {
        if (in.isReadable()) {
            throw new MalformedFrameException(in.readableBytes() + " trailing bytes after a " + type.label());
        }
    }

    public static String readString(ByteBuf in, String what) {
        need(in, 2, what);
        int length = in.readUnsignedShort();
        need(in, length, what);
        return in.readCharSequence(length, StandardCharsets.UTF_8).toString();
    }

    public static void writeString(ByteBuf out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeShort(bytes.length);
        out.writeBytes(bytes);
    }
}
