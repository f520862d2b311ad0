package coop.icn.icnd.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;

/** The {@code identity:} block of {@code icnd.yml}. Paths default to files under {@code dataDir}. */
public class IdentityConfig {
    private Path keystore;
    private Path passphraseFile;
    private boolean createIfMissing;

    @JsonProperty
    public Path getKeystore() {
        return keystore;
    }

    @JsonProperty
    public void setKeystore(Path keystore) {
        this.keystore = keystore;
    }

    @JsonProperty
    public Path getPassphraseFile() {
        return passphraseFile;
    }

    @JsonProperty
    public void setPassphraseFile(Path passphraseFile) {
        this.passphraseFile = passphraseFile;
    }

    /** Create a keystore (and a random passphrase file) on first start. False unless configured. */
    @JsonProperty
    public boolean isCreateIfMissing() {
        return createIfMissing;
    }

    @JsonProperty
    public void setCreateIfMissing(boolean createIfMissing) {
        this.createIfMissing = createIfMissing;
    }

    public Path keystorePath(Path dataDir) {
        return keystore != null ? keystore : dataDir.resolve("identity.keystore");
    }

    public Path passphraseFilePath(Path dataDir) {
        return passphraseFile != null ? passphraseFile : dataDir.resolve("passphrase");
    }

    /** An explicitly configured passphrase file must exist; the default one may be absent. */
    public boolean passphraseFileConfigured() {
        return passphraseFile != null;
    }
}
