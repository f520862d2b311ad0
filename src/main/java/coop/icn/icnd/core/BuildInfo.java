package coop.icn.icnd.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Which build this node runs: the Maven version and the git revision it was built from
 * ({@code build.properties}, filled in by the build). Nodes of builds whose wire formats differ
 * cannot talk (docs/wire-format.md), so the operator sees each node's build in
 * {@code icn_system_build_info}, {@code GET /v1/status}, and every peer's hello.
 *
 * @param version  the project's version, as in {@code pom.xml}
 * @param revision the abbreviated git commit, with {@code -dirty} when the tree had changes;
 *                 {@code unknown} when built outside a git checkout
 */
public record BuildInfo(String version, String revision) {
    private static final BuildInfo CURRENT = load();

    public static BuildInfo current() {
        return CURRENT;
    }

    /** What a hello's agent says: {@code icnd/<version>+<revision>}. */
    public String agent() {
        return "icnd/" + version + "+" + revision;
    }

    private static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/coop/icn/icnd/build.properties")) {
            if (in == null) {
                throw new IllegalStateException("build.properties is missing from the class path: build with Maven");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(properties.getProperty("version"), properties.getProperty("revision"));
    }
}
