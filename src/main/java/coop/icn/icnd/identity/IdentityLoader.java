package coop.icn.icnd.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the node's identity at start: unlocks the keystore, creates one when allowed, or
 * reports that there is none (the node then runs in observer mode).
 */
public final class IdentityLoader {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityLoader.class);

    private final IdentityConfig config;
    private final Path dataDir;
    private final PassphraseSource passphrases;

    public IdentityLoader(IdentityConfig config, Path dataDir, PassphraseSource passphrases) {
        this.config = config;
        this.dataDir = dataDir;
        this.passphrases = passphrases;
    }

    public Path keystorePath() {
        return config.keystorePath(dataDir);
    }

    /** The identity, or empty when there is no keystore and creating one is not allowed. */
    public Optional<NodeIdentity> load() {
        Path keystore = keystorePath();
        Path passphraseFile = config.passphraseFilePath(dataDir);
        if (Files.exists(keystore)) {
            NodeIdentity identity = Keystore.unlock(keystore,
                    passphrases.require(passphraseFile, config.passphraseFileConfigured(), false));
            LOG.info("identity {} unlocked from {}", identity.did(), keystore);
            return Optional.of(identity);
        }
        if (!config.isCreateIfMissing()) {
            LOG.warn("no keystore at {} and identity.createIfMissing is false: running in observer mode", keystore);
            return Optional.empty();
        }
        char[] passphrase = passphrases.find(passphraseFile, config.passphraseFileConfigured())
                .orElseGet(() -> {
                    LOG.info("writing a new random keystore passphrase to {}", passphraseFile);
                    return PassphraseSource.createRandomFile(passphraseFile);
                });
        NodeIdentity identity = NodeIdentity.generate();
        Keystore.create(keystore, identity, passphrase);
        LOG.info("created identity {} in keystore {}", identity.did(), keystore);
        return Optional.of(identity);
    }
}
