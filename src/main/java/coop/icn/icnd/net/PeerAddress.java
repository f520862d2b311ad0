package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;

import java.util.Optional;

/** A peer to dial: {@code host:port}, optionally with the DID it must prove, {@code did@host:port}. */
public record PeerAddress(Optional<Did> did, String host, int port) {

    public static PeerAddress parse(String text) {
        String rest = text.trim();
        Optional<Did> did = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            did = Optional.of(Did.parse(rest.substring(0, at)));
            rest = rest.substring(at + 1);
        }
        int colon = rest.lastIndexOf(':');
        if (colon <= 0 || colon == rest.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + text + "'");
        }
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(rest.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + text + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range in '" + text + "'");
        }
        return new PeerAddress(did, host, port);
    }

    static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isHostPort(String text) {
        return !text.contains("@") && isValid(text);
    }

    /** {@code host:port} without the DID: what identifies a place to dial. */
    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return did.map(d -> d + "@" + hostPort()).orElse(hostPort());
    }
}
