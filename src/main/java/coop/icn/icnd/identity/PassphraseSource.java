package coop.icn.icnd.identity;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Where a keystore passphrase comes from, in order: a passphrase file, the {@value #ENV}
 * environment variable, and only when a terminal is attached, a prompt. A node under systemd or
 * in a container never needs a terminal.
 */
public final class PassphraseSource {
    public static final String ENV = "ICN_PASSPHRASE";

    private final Map<String, String> environment;
    private final Console console;

    PassphraseSource(Map<String, String> environment, Console console) {
        this.environment = environment;
        this.console = console;
    }

    public static PassphraseSource system() {
        return new PassphraseSource(System.getenv(), System.console());
    }

    /**
     * The passphrase from {@code file} if it exists (or must exist, when {@code fileRequired}),
     * else from the environment.
     */
    public Optional<char[]> find(Path file, boolean fileRequired) {
        if (fileRequired || Files.exists(file)) {
            return Optional.of(readFile(file));
        }
        String fromEnvironment = environment.get(ENV);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return Optional.of(fromEnvironment.toCharArray());
        }
        return Optional.empty();
    }

    /** As {@link #find}, then a terminal prompt (asked twice when {@code confirm}), else an error. */
    public char[] require(Path file, boolean fileRequired, boolean confirm) {
        Optional<char[]> found = find(file, fileRequired);
        if (found.isPresent()) {
            return found.get();
        }
        if (console == null) {
            throw new KeystoreException(KeystoreException.Reason.NO_PASSPHRASE, "no passphrase: " + file
                    + " does not exist, " + ENV + " is not set, and there is no terminal to ask on");
        }
        char[] first = console.readPassword("Keystore passphrase: ");
        if (first == null || first.length == 0) {
            throw new KeystoreException(KeystoreException.Reason.NO_PASSPHRASE, "no passphrase given");
        }
        if (confirm) {
            char[] second = console.readPassword("Repeat passphrase: ");
            if (!Arrays.equals(first, second)) {
                throw new KeystoreException(KeystoreException.Reason.NO_PASSPHRASE, "the passphrases differ");
            }
        }
        return first;
    }

    /** The file's content without its final line break; an empty passphrase is refused. */
    public static char[] readFile(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new KeystoreException(KeystoreException.Reason.UNREADABLE, "passphrase file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new KeystoreException(KeystoreException.Reason.UNREADABLE,
                    "passphrase file " + file + " is not readable (permission denied)");
        } catch (IOException e) {
            throw new KeystoreException(KeystoreException.Reason.UNREADABLE,
                    "cannot read passphrase file " + file + ": " + e.getMessage(), e);
        }
        if (content.endsWith("\n")) {
            content = content.substring(0, content.length() - (content.endsWith("\r\n") ? 2 : 1));
        }
        if (content.isEmpty()) {
            throw new KeystoreException(KeystoreException.Reason.UNREADABLE, "passphrase file " + file + " is empty");
        }
        return content.toCharArray();
    }

    /** Writes a new random passphrase (256 bits, base64url) to {@code file}, mode 0600. */
    public static char[] createRandomFile(Path file) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String passphrase = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            SecretFiles.writeNew(file, (passphrase + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new KeystoreException(KeystoreException.Reason.UNREADABLE,
                    "cannot write passphrase file " + file + ": " + e.getMessage(), e);
        }
        return passphrase.toCharArray();
    }
}
