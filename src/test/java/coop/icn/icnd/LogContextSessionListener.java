package coop.icn.icnd;

import coop.icn.icnd.core.MdcContextStorage;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs the trace log context before any test runs, as {@code IcndApplication} does before a
 * node touches a trace context: OpenTelemetry fixes its context storage on first use, and tests
 * share one JVM in whatever order.
 */
public final class LogContextSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        MdcContextStorage.install();
    }
}
