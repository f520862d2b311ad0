package coop.icn.icnd.rpc;

import coop.icn.icnd.IcndConfiguration;
import coop.icn.icnd.TestNodes;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.obs.Scrape;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** icn_rpc_requests_total and icn_rpc_request_duration_seconds: by route template and status, bounded. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RpcMetricsTest {
    static final DropwizardAppExtension<IcndConfiguration> APP = TestNodes.node(TestNodes.tempDataDir());
    private static final SecureRandom RANDOM = new SecureRandom();

    private static double requests(Scrape before, Scrape after, RpcRoute route, int status) {
        return Scrape.delta(before, after, "icn_rpc_requests_total", "route", route.label(), "status",
                Integer.toString(status));
    }

    private static double timed(Scrape before, Scrape after, RpcRoute route) {
        return Scrape.delta(before, after, "icn_rpc_request_duration_seconds_count", "route", route.label());
    }

    /** The status, the response closed: an unread response holds its pooled connection. */
    private static int status(Response response) {
        try (response) {
            return response.getStatus();
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    @Test
    void distinctHashesDidsAndUnknownPathsAreEachOneRoute() {
        Scrape before = TestNodes.metrics(APP);

        for (int i = 0; i < 50; i++) {
            assertThat(status(TestNodes.rpc(APP, "/v1/entries/" + randomHex(32)).get())).isEqualTo(404);
        }
        for (int i = 0; i < 30; i++) {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            assertThat(status(TestNodes.rpc(APP, "/v1/ledger/accounts/" + Did.fromPublicKey(key).value()).get()))
                    .isEqualTo(200);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(status(TestNodes.rpc(APP, "/v1/nothing/" + randomHex(8)).get())).isEqualTo(404);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(status(TestNodes.rpc(APP, "/v1/peers").delete())).isEqualTo(405);
        }
        Scrape after = TestNodes.metrics(APP);

        assertThat(requests(before, after, RpcRoute.ENTRY, 404)).isEqualTo(50);
        assertThat(requests(before, after, RpcRoute.ACCOUNT, 200)).isEqualTo(30);
        assertThat(requests(before, after, RpcRoute.UNMATCHED, 404)).isEqualTo(20);
        assertThat(requests(before, after, RpcRoute.UNMATCHED, 405)).isEqualTo(5);
        assertThat(timed(before, after, RpcRoute.ENTRY)).isEqualTo(50);
        assertThat(timed(before, after, RpcRoute.ACCOUNT)).isEqualTo(30);
        assertThat(timed(before, after, RpcRoute.UNMATCHED)).isEqualTo(25);
        assertThat(Scrape.delta(before, after, "icn_rpc_client_errors_total", "status", "404")).isEqualTo(70);
        assertThat(Scrape.delta(before, after, "icn_rpc_client_errors_total", "status", "405")).isEqualTo(5);
        // no raw path became a label value: the series are exactly the routes times the statuses
        Set<String> routes = after.family("icn_rpc_requests_total").orElseThrow().samples().stream()
                .map(sample -> sample.labels().get("route")).collect(Collectors.toSet());
        assertThat(routes).containsExactlyInAnyOrderElementsOf(
                EnumSet.allOf(RpcRoute.class).stream().map(RpcRoute::label).toList());
        assertThat(after.family("icn_rpc_requests_total").orElseThrow().samples())
                .hasSize(RpcRoute.values().length * RpcStatus.values().length);
    }

    @Test
    void publishesAndTransfersAreCountedAndTimedUnderTheirOwnRoutes() {
        Scrape before = TestNodes.metrics(APP);

        for (int i = 0; i < 3; i++) {
            assertThat(status(TestNodes.rpc(APP, "/v1/topics/rpc:metrics/entries")
                    .post(Entity.entity(new byte[] {(byte) i}, MediaType.APPLICATION_OCTET_STREAM))))
                    .isEqualTo(201);
        }
        assertThat(status(TestNodes.rpc(APP, "/v1/topics/rpc:metrics/entries").get())).isEqualTo(200);
        assertThat(status(TestNodes.rpc(APP, "/v1/ledger/currencies").post(Entity.json(
                "{\"symbol\":\"RPCM\",\"decimals\":0,\"creditLimit\":10}")))).isEqualTo(201);
        String payee = Did.fromPublicKey(new byte[32]).value();
        assertThat(status(TestNodes.rpc(APP, "/v1/ledger/transfers").post(Entity.json(
                "{\"to\":\"" + payee + "\",\"currency\":\"RPCM\",\"amount\":4}")))).isEqualTo(201);
        assertThat(status(TestNodes.rpc(APP, "/v1/ledger/transfers").post(Entity.json(
                "{\"to\":\"" + payee + "\",\"currency\":\"RPCM\",\"amount\":100}")))).isEqualTo(422);
        Scrape after = TestNodes.metrics(APP);

        assertThat(requests(before, after, RpcRoute.PUBLISH, 201)).isEqualTo(3);
        assertThat(timed(before, after, RpcRoute.PUBLISH)).isEqualTo(3);
        assertThat(requests(before, after, RpcRoute.ENTRIES, 200)).isEqualTo(1);
        assertThat(requests(before, after, RpcRoute.CREATE_CURRENCY, 201)).isEqualTo(1);
        assertThat(requests(before, after, RpcRoute.TRANSFER, 201)).isEqualTo(1);
        assertThat(requests(before, after, RpcRoute.TRANSFER, 422)).isEqualTo(1);
        assertThat(timed(before, after, RpcRoute.TRANSFER)).isEqualTo(2);
        assertThat(Scrape.delta(before, after, "icn_rpc_request_duration_seconds_sum", "route",
                RpcRoute.TRANSFER.label())).isPositive();
    }

    @Test
    void requestsTheTokenFilterRefusesAreCountedAsUnauthenticated401() {
        Scrape before = TestNodes.metrics(APP);

        for (String path : new String[] {"/v1/status", "/v1/entries/" + randomHex(32), "/v1/nothing"}) {
            assertThat(status(APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + path).request().get()))
                    .isEqualTo(401);
        }
        Scrape after = TestNodes.metrics(APP);

        assertThat(requests(before, after, RpcRoute.UNAUTHENTICATED, 401)).isEqualTo(3);
        assertThat(timed(before, after, RpcRoute.UNAUTHENTICATED)).isEqualTo(3);
        assertThat(Scrape.delta(before, after, "icn_rpc_client_errors_total", "status", "401")).isEqualTo(3);
        assertThat(requests(before, after, RpcRoute.STATUS, 401) + timed(before, after, RpcRoute.STATUS)
                + timed(before, after, RpcRoute.ENTRY) + timed(before, after, RpcRoute.UNMATCHED)).isZero();
    }

    @Test
    void everyResourceMethodOfTheApiHasItsRoute() {
        Set<String> declared = new HashSet<>();
        // Dropwizard registers each resource's class and binds the instance to it
        for (Class<?> resource : APP.getEnvironment().jersey().getResourceConfig().getClasses()) {
            if (resource.isAnnotationPresent(Path.class)) {
                collect(Resource.from(resource), "", declared);
            }
        }

        EnumSet<RpcRoute> routed = EnumSet.complementOf(EnumSet.of(RpcRoute.UNMATCHED, RpcRoute.UNAUTHENTICATED));
        assertThat(declared).containsExactlyInAnyOrderElementsOf(routed.stream().map(RpcRoute::label).toList());
    }

    private static void collect(Resource resource, String parentPath, Set<String> routes) {
        String path = parentPath + "/" + resource.getPath().replaceAll("^/+|/+$", "");
        for (ResourceMethod method : resource.getResourceMethods()) {
            routes.add(method.getHttpMethod() + " " + path);
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, routes);
        }
    }
}
