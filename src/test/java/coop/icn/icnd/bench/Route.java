package coop.icn.icnd.bench;

import java.net.http.HttpResponse;

/**
 * How the benchmark sends items: many per request through a batch route, or one per request
 * where the jar under test has no batch route yet (it answers 404 or 405 for its path).
 */
public enum Route {
    BATCH, SINGLE;

    /** The route chosen, and what the batch route answered when probed. */
    public record Probe(Route route, int status) {
    }

    /** The route to use after probing the batch route once; {@code created} is its success status. */
    public static Probe afterProbe(HttpResponse<String> probe, int created) {
        int status = probe.statusCode();
        if (status == 404 || status == 405) {
            return new Probe(SINGLE, status);
        }
        BenchRpc.expect(probe, created);
        return new Probe(BATCH, status);
    }
}
