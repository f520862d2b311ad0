package coop.icn.icnd.bench;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Environment;

/**
 * The baseline of {@code scripts/startup-bench.sh}: a Dropwizard application with nothing of
 * its own, started from the same jar's classpath, so the script can report icnd's start-up
 * time and memory as a ratio to what Dropwizard alone costs on this machine in the same run.
 */
public class BareDropwizardApplication extends Application<Configuration> {
    public static void main(String[] args) throws Exception {
        new BareDropwizardApplication().run(args);
    }

    @Override
    public void run(Configuration configuration, Environment environment) {
        // nothing: the baseline is Dropwizard itself
    }
}
