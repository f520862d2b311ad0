package coop.icn.icnd.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.crypto.generators.SCrypt;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The keystore file: one JSON document, mode 0600, holding the node's Ed25519 private key seed
 * encrypted with ChaCha20-Poly1305 under a key derived from the passphrase with scrypt.
 *
 * <pre>{@code
 * {"format":"icnd-keystore","version":1,"did":"did:icn:z...",
 *  "kdf":{"name":"scrypt","n":32768,"r":8,"p":1,"salt":"<base64>"},
 *  "cipher":{"name":"ChaCha20-Poly1305","nonce":"<base64>"},
 *  "ciphertext":"<base64>"}
 * }</pre>
 *
 * The header (format, version, DID, KDF parameters) is the cipher's associated data, so
 * altering any of it fails decryption; the DID is also re-derived from the decrypted key.
 * The KDF parameters are stored, so a later version can raise them and still read this one.
 */
public final class Keystore {
    static final String FORMAT = "icnd-keystore";
    static final int VERSION = 1;
    private static final String KDF = "scrypt";
    private static final String CIPHER = "ChaCha20-Poly1305";
    /** scrypt N=2^15, r=8, p=1: 32 MiB and about a tenth of a second here. */
    static final KdfParams DEFAULT_KDF = new KdfParams(1 << 15, 8, 1);
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final SecureRandom RANDOM = new SecureRandom();

    record KdfParams(int n, int r, int p) {
        void check() {
            // bounds keep a forged file from making us allocate gigabytes or spin for minutes
            if (n < 1024 || n > (1 << 22) || Integer.bitCount(n) != 1 || r < 1 || r > 32 || p < 1 || p > 16) {
                throw new IllegalArgumentException("scrypt parameters out of range: n=" + n + " r=" + r + " p=" + p);
            }
        }
    }

    record KdfSection(@JsonProperty("name") String name, @JsonProperty("n") int n, @JsonProperty("r") int r,
                      @JsonProperty("p") int p, @JsonProperty("salt") String salt) {
    }

    record CipherSection(@JsonProperty("name") String name, @JsonProperty("nonce") String nonce) {
    }

    record Document(@JsonProperty("format") String format, @JsonProperty("version") int version,
                    @JsonProperty("did") String did, @JsonProperty("kdf") KdfSection kdf,
                    @JsonProperty("cipher") CipherSection cipher, @JsonProperty("ciphertext") String ciphertext) {
    }

    private Keystore() {
    }

    /** Writes a new keystore for {@code identity}; refuses to overwrite an existing file. */
    public static void create(Path path, NodeIdentity identity, char[] passphrase) {
        create(path, identity, passphrase, DEFAULT_KDF);
    }

    static void create(Path path, NodeIdentity identity, char[] passphrase, KdfParams params) {
        if (Files.exists(path)) {
            throw new KeystoreException(KeystoreException.Reason.EXISTS, "keystore " + path + " already exists");
        }
        params.check();
        byte[] salt = random(SALT_BYTES);
        byte[] nonce = random(NONCE_BYTES);
        String did = identity.did().value();
        byte[] key = deriveKey(passphrase, salt, params);
        byte[] seed = identity.seed();
        byte[] ciphertext;
        try {
            ciphertext = cipher(Cipher.ENCRYPT_MODE, key, nonce, header(did, params, salt)).doFinal(seed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot encrypt with " + CIPHER, e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(seed, (byte) 0);
        }
        Base64.Encoder b64 = Base64.getEncoder();
        Document document = new Document(FORMAT, VERSION, did,
                new KdfSection(KDF, params.n(), params.r(), params.p(), b64.encodeToString(salt)),
                new CipherSection(CIPHER, b64.encodeToString(nonce)), b64.encodeToString(ciphertext));
        try {
            SecretFiles.writeNew(path, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
        } catch (IOException e) {
            throw new KeystoreException(KeystoreException.Reason.UNREADABLE,
                    "cannot write keystore " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads and decrypts the keystore at {@code path}. */
    public static NodeIdentity unlock(Path path, char[] passphrase) {
        Document document = read(path);
        KdfParams params;
        byte[] salt;
        byte[] nonce;
        byte[] ciphertext;
        try {
            if (!FORMAT.equals(document.format())) {
                throw new IllegalArgumentException("not an icnd keystore (format " + document.format() + ")");
            }
            if (document.version() != VERSION) {
                throw new IllegalArgumentException("unsupported keystore version " + document.version());
            }
            if (!KDF.equals(document.kdf().name()) || !CIPHER.equals(document.cipher().name())) {
                throw new IllegalArgumentException("unsupported algorithms "
                        + document.kdf().name() + "/" + document.cipher().name());
            }
            Did.parse(document.did());
            params = new KdfParams(document.kdf().n(), document.kdf().r(), document.kdf().p());
            params.check();
            Base64.Decoder b64 = Base64.getDecoder();
            salt = b64.decode(document.kdf().salt());
            nonce = b64.decode(document.cipher().nonce());
            ciphertext = b64.decode(document.ciphertext());
            if (salt.length < SALT_BYTES || nonce.length != NONCE_BYTES
                    || ciphertext.length != NodeIdentity.SEED_BYTES + TAG_BYTES) {
                throw new IllegalArgumentException("field lengths are wrong");
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            throw corrupt(path, e.getMessage());
        }
        byte[] key = deriveKey(passphrase, salt, params);
        byte[] seed;
        try {
            seed = cipher(Cipher.DECRYPT_MODE, key, nonce, header(document.did(), params, salt)).doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new KeystoreException(KeystoreException.Reason.WRONG_PASSPHRASE,
                    "wrong passphrase for keystore " + path + " (or the file was altered)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot decrypt with " + CIPHER, e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        NodeIdentity identity = NodeIdentity.fromSeed(seed);
        Arrays.fill(seed, (byte) 0);
        if (!identity.did().value().equals(document.did())) {
            throw corrupt(path, "the key does not match the DID it is filed under");
        }
        return identity;
    }

    private static Document read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new KeystoreException(KeystoreException.Reason.MISSING, "keystore " + path + " does not exist");
        } catch (IOException e) {
            throw new KeystoreException(KeystoreException.Reason.UNREADABLE,
                    "cannot read keystore " + path + ": " + e.getMessage(), e);
        }
        try {
            Document document = JSON.readValue(bytes, Document.class);
            if (document == null || document.kdf() == null || document.cipher() == null) {
                throw corrupt(path, "sections are missing");
            }
            return document;
        } catch (JsonProcessingException e) {
            throw corrupt(path, e.getOriginalMessage());
        } catch (IOException e) {
            throw corrupt(path, e.getMessage());
        }
    }

    private static KeystoreException corrupt(Path path, String detail) {
        return new KeystoreException(KeystoreException.Reason.CORRUPT,
                "keystore " + path + " is corrupt or truncated: " + detail);
    }

    private static byte[] header(String did, KdfParams params, byte[] salt) {
        return String.join(":", FORMAT, Integer.toString(VERSION), did, KDF, Integer.toString(params.n()),
                        Integer.toString(params.r()), Integer.toString(params.p()),
                        Base64.getEncoder().encodeToString(salt))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(CIPHER);
        cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        cipher.updateAAD(aad);
        return cipher;
    }

    private static byte[] deriveKey(char[] passphrase, byte[] salt, KdfParams params) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        try {
            return SCrypt.generate(bytes, salt, params.n(), params.r(), params.p(), 32);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
