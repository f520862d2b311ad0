package coop.icn.icnd;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The identity commands, run as the CLI runs them, with no terminal attached (surefire has none). */
class IdentityCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private Optional<Throwable> run(String... args) throws Exception {
        stdout.reset();
        stderr.reset();
        IcndApplication application = new IcndApplication();
        Bootstrap<IcndConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        PrintStream originalOut = System.out;
        // the command prints its result with System.out, as a CLI does
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            Cli cli = new Cli(new JarLocation(IcndApplication.class), bootstrap,
                    new PrintStream(stdout, true, StandardCharsets.UTF_8),
                    new PrintStream(stderr, true, StandardCharsets.UTF_8));
            return cli.run(args);
        } finally {
            System.setOut(originalOut);
        }
    }

    private Path config() throws Exception {
        Path config = dir.resolve("icnd.yml");
        Files.writeString(config, "dataDir: " + dir.resolve("data") + "\nlogging:\n  level: WARN\n");
        return config;
    }

    @Test
    void createThenShowWithAPassphraseFile() throws Exception {
        Path passphrase = dir.resolve("pw.txt");
        Files.writeString(passphrase, "s3cret\n");
        Path config = config();

        assertThat(run("identity", "create", "--passphrase-file", passphrase.toString(), config.toString())).isEmpty();
        String created = stdout.toString(StandardCharsets.UTF_8);
        assertThat(created).startsWith("created did:icn:z");
        String did = created.lines().findFirst().orElseThrow().substring("created ".length());
        assertThat(dir.resolve("data/identity.keystore")).exists();

        assertThat(run("identity", "show", "--passphrase-file", passphrase.toString(), config.toString())).isEmpty();
        assertThat(stdout.toString(StandardCharsets.UTF_8).lines().findFirst()).hasValue(did);
    }

    @Test
    void showTakesThePassphraseFromTheDefaultPassphraseFile() throws Exception {
        Path config = config();
        Files.createDirectories(dir.resolve("data"));
        // the default identity.passphraseFile is ${dataDir}/passphrase
        Files.writeString(dir.resolve("data/passphrase"), "from-default-file\n");

        assertThat(run("identity", "create", config.toString())).isEmpty();
        assertThat(run("identity", "show", config.toString())).isEmpty();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).startsWith("did:icn:z");
    }

    @Test
    void aWrongPassphraseIsOneLineAndAFailure() throws Exception {
        Path good = dir.resolve("good");
        Path bad = dir.resolve("bad");
        Files.writeString(good, "right\n");
        Files.writeString(bad, "wrong\n");
        Path config = config();
        assertThat(run("identity", "create", "--passphrase-file", good.toString(), config.toString())).isEmpty();

        Optional<Throwable> failure = run("identity", "show", "--passphrase-file", bad.toString(), config.toString());

        assertThat(failure).isPresent();
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertThat(err.lines()).singleElement().asString().startsWith("icnd: wrong passphrase for keystore");
    }

    @Test
    void createRefusesToOverwriteAndWithoutPassphraseSaysWhy() throws Exception {
        Path config = config();
        Path passphrase = dir.resolve("pw.txt");
        Files.writeString(passphrase, "s3cret\n");
        assertThat(run("identity", "create", "--passphrase-file", passphrase.toString(), config.toString())).isEmpty();

        assertThat(run("identity", "create", "--passphrase-file", passphrase.toString(), config.toString())).isPresent();
        assertThat(stderr.toString(StandardCharsets.UTF_8).lines()).singleElement().asString().contains("already exists");

        Files.delete(dir.resolve("data/identity.keystore"));
        assertThat(run("identity", "create", config.toString())).isPresent();
        assertThat(stderr.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .contains("no passphrase", "ICN_PASSPHRASE");
    }
}
