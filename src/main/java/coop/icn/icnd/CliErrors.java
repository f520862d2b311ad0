package coop.icn.icnd;

import coop.icn.icnd.core.OperatorException;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.cli.Cli;

/**
 * How commands report failure: an error the operator can fix is one line on stderr (the exit
 * code is non-zero either way); anything else is a bug and keeps its stack trace.
 */
final class CliErrors {
    private CliErrors() {
    }

    static void report(Cli cli, Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof OperatorException || cause instanceof ConfigurationException) {
                cli.getStdErr().println("icnd: " + cause.getMessage().strip());
                return;
            }
        }
        error.printStackTrace(cli.getStdErr());
    }
}
