package coop.icn.icnd.rpc;

import coop.icn.icnd.core.OperatorException;
import coop.icn.icnd.identity.SecretFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The RPC credential, kept in a file the way bitcoind keeps its cookie: created on first start
 * as 32 random bytes in hex (mode 0600), read as is (trimmed) when it exists, so an operator
 * may put a token of their own there. Whoever can read the file can call the API.
 */
public final class RpcToken {
    private final String value;
    private final byte[] digest;
    private final Path file;

    private RpcToken(String value, Path file) {
        this.value = value;
        this.digest = sha256(value);
        this.file = file;
    }

    public static RpcToken loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                SecretFiles.writeNew(file, (HexFormat.of().formatHex(random) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (token.isEmpty()) {
                throw new OperatorException("the RPC token file " + file + " is empty: delete it to have a new token made,"
                        + " or write one in it");
            }
            return new RpcToken(token, file);
        } catch (IOException e) {
            throw new OperatorException("cannot read or create the RPC token file " + file + ": " + e, e);
        }
    }

    /**
     * Compares digests of both, so the comparison takes the same time wherever the first
     * difference lies and whatever the presented length.
     */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    /** For the node's own calls (the {@code rpc} health check). */
    String value() {
        return value;
    }

    public Path file() {
        return file;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }
}
