package coop.icn.icnd.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeystoreTest {
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    private Path created(NodeIdentity identity) {
        Path keystore = dir.resolve("sub").resolve("identity.keystore");
        Keystore.create(keystore, identity, PASSPHRASE);
        return keystore;
    }

    @Test
    void roundTripGivesTheSameIdentity() {
        NodeIdentity identity = NodeIdentity.generate();
        Path keystore = created(identity);

        NodeIdentity unlocked = Keystore.unlock(keystore, PASSPHRASE);

        assertThat(unlocked.did()).isEqualTo(identity.did());
        assertThat(unlocked.seed()).isEqualTo(identity.seed());
    }

    @Test
    void fileIsOwnerOnlyAndHoldsNoPlaintextKey() throws Exception {
        NodeIdentity identity = NodeIdentity.generate();
        Path keystore = created(identity);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore))).isEqualTo("rw-------");
        String content = Files.readString(keystore);
        assertThat(content).contains("\"version\" : 1", "scrypt", "ChaCha20-Poly1305", identity.did().value());
        assertThat(content).doesNotContain(java.util.Base64.getEncoder().encodeToString(identity.seed()));
        assertThat(Files.list(keystore.getParent())).containsExactly(keystore);
    }

    @Test
    void wrongPassphraseIsAClearError() {
        Path keystore = created(NodeIdentity.generate());

        assertThatThrownBy(() -> Keystore.unlock(keystore, "not it".toCharArray()))
                .isInstanceOfSatisfying(KeystoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.WRONG_PASSPHRASE))
                .hasMessageContaining("wrong passphrase").hasMessageContaining(keystore.toString());
    }

    @Test
    void truncatedFileIsCorrupt() throws Exception {
        Path keystore = created(NodeIdentity.generate());
        byte[] bytes = Files.readAllBytes(keystore);
        Files.write(keystore, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> Keystore.unlock(keystore, PASSPHRASE))
                .isInstanceOfSatisfying(KeystoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.CORRUPT))
                .hasMessageContaining("corrupt or truncated");
    }

    @Test
    void garbageAndMissingFieldsAreCorrupt() throws Exception {
        Path keystore = dir.resolve("identity.keystore");
        for (String content : new String[] {"", "not json", "{}", "{\"format\":\"icnd-keystore\",\"version\":1}",
                "{\"format\":\"other\",\"version\":1,\"did\":\"x\",\"kdf\":{},\"cipher\":{},\"ciphertext\":\"\"}"}) {
            Files.writeString(keystore, content, StandardCharsets.UTF_8);
            assertThatThrownBy(() -> Keystore.unlock(keystore, PASSPHRASE)).as(content)
                    .isInstanceOfSatisfying(KeystoreException.class,
                            e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.CORRUPT));
        }
    }

    @Test
    void absurdKdfParametersAreRefusedBeforeAnyWork() throws Exception {
        Path keystore = created(NodeIdentity.generate());
        Files.writeString(keystore, Files.readString(keystore).replace("\"n\" : 32768", "\"n\" : 1073741824"));

        assertThatThrownBy(() -> Keystore.unlock(keystore, PASSPHRASE))
                .isInstanceOfSatisfying(KeystoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.CORRUPT))
                .hasMessageContaining("out of range");
    }

    @Test
    void swappingTheDidInTheHeaderIsDetected() throws Exception {
        NodeIdentity identity = NodeIdentity.generate();
        Path keystore = created(identity);
        String other = NodeIdentity.generate().did().value();
        Files.writeString(keystore, Files.readString(keystore).replace(identity.did().value(), other));

        // the header is authenticated: an altered file cannot be told from a wrong passphrase
        assertThatThrownBy(() -> Keystore.unlock(keystore, PASSPHRASE))
                .isInstanceOfSatisfying(KeystoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.WRONG_PASSPHRASE))
                .hasMessageContaining("altered");
    }

    @Test
    void anExistingKeystoreIsNeverOverwritten() {
        Path keystore = created(NodeIdentity.generate());

        assertThatThrownBy(() -> Keystore.create(keystore, NodeIdentity.generate(), PASSPHRASE))
                .isInstanceOfSatisfying(KeystoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.EXISTS));
    }

    @Test
    void aMissingKeystoreSaysSo() {
        assertThatThrownBy(() -> Keystore.unlock(dir.resolve("none"), PASSPHRASE))
                .isInstanceOfSatisfying(KeystoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.MISSING));
    }
}
