package coop.icn.icnd;

import coop.icn.icnd.identity.Keystore;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.identity.PassphraseSource;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

import java.nio.file.Path;
import java.util.HexFormat;

/**
 * {@code identity create [--passphrase-file F] icnd.yml} and {@code identity show icnd.yml}:
 * make or open the keystore that {@code icnd.yml} names, with no terminal needed.
 */
final class IdentityCommand extends ConfiguredCommand<IcndConfiguration> {
    private static final String ACTION = "action";
    private static final String PASSPHRASE_FILE = "passphraseFile";

    IdentityCommand() {
        super("identity", "Create or show this node's identity (keystore named by icnd.yml)");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument(ACTION).choices("create", "show")
                .help("create: make a new keystore; show: unlock it and print the DID");
        subparser.addArgument("--passphrase-file").dest(PASSPHRASE_FILE)
                .help("file holding the passphrase (else identity.passphraseFile, " + PassphraseSource.ENV
                        + ", or a prompt on a terminal)");
        super.configure(subparser);
    }

    @Override
    protected void run(Bootstrap<IcndConfiguration> bootstrap, Namespace namespace, IcndConfiguration config) {
        Path dataDir = config.getDataDir();
        Path keystore = config.getIdentity().keystorePath(dataDir);
        boolean create = "create".equals(namespace.getString(ACTION));
        String option = namespace.getString(PASSPHRASE_FILE);
        char[] passphrase = option != null
                ? PassphraseSource.readFile(Path.of(option))
                : PassphraseSource.system().require(config.getIdentity().passphraseFilePath(dataDir),
                        config.getIdentity().passphraseFileConfigured(), create);
        NodeIdentity identity;
        if (create) {
            identity = NodeIdentity.generate();
            Keystore.create(keystore, identity, passphrase);
            System.out.println("created " + identity.did());
        } else {
            identity = Keystore.unlock(keystore, passphrase);
            System.out.println(identity.did());
        }
        System.out.println("keystore:   " + keystore.toAbsolutePath());
        System.out.println("public key: " + HexFormat.of().formatHex(identity.publicKeyBytes()));
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        CliErrors.report(cli, error);
    }
}
