package coop.icn.icnd;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.time.Duration;

/** A real PostgreSQL for the tests (zonky's embedded binaries). */
public final class TestPostgres {
    private TestPostgres() {
    }

    /** Starts one, given a minute: zonky's own 10 s is too short for a start on a busy machine. */
    public static EmbeddedPostgres start() throws IOException {
        return EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
    }
}
