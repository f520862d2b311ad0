package coop.icn.icnd.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PassphraseSourceTest {
    @TempDir
    Path dir;

    @Test
    void fileContentLosesOnlyItsFinalLineBreak() throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, " spaced pass \r\n");

        assertThat(PassphraseSource.readFile(file)).isEqualTo(" spaced pass ".toCharArray());
    }

    @Test
    void anExistingFileWinsOverTheEnvironment() throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "from-file\n");
        PassphraseSource source = new PassphraseSource(Map.of(PassphraseSource.ENV, "from-env"), null);

        assertThat(source.find(file, false)).hasValueSatisfying(p -> assertThat(p).isEqualTo("from-file".toCharArray()));
        assertThat(source.find(dir.resolve("absent"), false))
                .hasValueSatisfying(p -> assertThat(p).isEqualTo("from-env".toCharArray()));
    }

    @Test
    void aConfiguredFileMustExist() {
        PassphraseSource source = new PassphraseSource(Map.of(PassphraseSource.ENV, "from-env"), null);

        assertThatThrownBy(() -> source.find(dir.resolve("absent"), true))
                .isInstanceOf(KeystoreException.class).hasMessageContaining("does not exist");
    }

    @Test
    void withoutFileEnvironmentOrTerminalItIsAClearError() {
        PassphraseSource source = new PassphraseSource(Map.of(), null);

        assertThatThrownBy(() -> source.require(dir.resolve("absent"), false, false))
                .isInstanceOfSatisfying(KeystoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.NO_PASSPHRASE))
                .hasMessageContaining(PassphraseSource.ENV).hasMessageContaining("terminal");
    }

    @Test
    void emptyAndUnreadableFilesAreRefused() throws Exception {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");
        assertThatThrownBy(() -> PassphraseSource.readFile(empty)).hasMessageContaining("is empty");

        Path directory = Files.createDirectory(dir.resolve("a-directory"));
        assertThatThrownBy(() -> PassphraseSource.readFile(directory))
                .isInstanceOf(KeystoreException.class).hasMessageContaining(directory.toString());
    }

    @Test
    void randomPassphraseFilesAreOwnerOnlyAndDistinct() throws Exception {
        char[] first = PassphraseSource.createRandomFile(dir.resolve("one"));
        char[] second = PassphraseSource.createRandomFile(dir.resolve("two"));

        assertThat(first).hasSize(43).isNotEqualTo(second);
        assertThat(PassphraseSource.readFile(dir.resolve("one"))).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("one")))).isEqualTo("rw-------");
    }
}
