package coop.icn.icnd;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import net.sourceforge.argparse4j.inf.Namespace;

/** Dropwizard's {@code server} command, reporting operator errors in one line. */
final class IcndServerCommand extends ServerCommand<IcndConfiguration> {
    IcndServerCommand(Application<IcndConfiguration> application) {
        super(application);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        CliErrors.report(cli, error);
    }
}
