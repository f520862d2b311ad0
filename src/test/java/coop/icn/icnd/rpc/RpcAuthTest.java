package coop.icn.icnd.rpc;

import coop.icn.icnd.IcndApplication;
import coop.icn.icnd.IcndConfiguration;
import coop.icn.icnd.TestNodes;
import coop.icn.icnd.obs.Scrape;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The RPC API and admin tasks need the bearer token; metrics, health and ping stay open. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RpcAuthTest {
    private static final Path DATA = TestNodes.tempDataDir();
    static final DropwizardAppExtension<IcndConfiguration> APP = TestNodes.node(DATA);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> call(String method, String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String rpc(DropwizardAppExtension<IcndConfiguration> app, String path) {
        return "http://127.0.0.1:" + app.getLocalPort() + path;
    }

    private static String admin(String path) {
        return "http://127.0.0.1:" + APP.getAdminPort() + path;
    }

    @Test
    void theFirstStartWritesARandomTokenReadableOnlyByTheOwner() throws Exception {
        Path file = DATA.resolve("rpc-token");

        assertThat(Files.readString(file).trim()).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void requestsWithoutTheRightTokenAre401WithAJsonErrorAndCounted() throws Exception {
        String token = TestNodes.rpcToken(APP);
        Scrape before = TestNodes.metrics(APP);

        HttpResponse<String> none = call("GET", rpc(APP, "/v1/status"), null);
        HttpResponse<String> wrong = call("GET", rpc(APP, "/v1/status"), "Bearer " + token.substring(1) + "0");
        HttpResponse<String> basic = call("GET", rpc(APP, "/v1/topics"), "Basic " + token);
        HttpResponse<String> unknownPath = call("GET", rpc(APP, "/v1/nothing/here"), null);
        HttpResponse<String> right = call("GET", rpc(APP, "/v1/status"), "Bearer " + token);

        for (HttpResponse<String> refused : new HttpResponse[] {none, wrong, basic, unknownPath}) {
            assertThat(refused.statusCode()).as(refused.uri().toString()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/json"));
            assertThat(refused.body()).contains("\"code\":401");
        }
        assertThat(none.body()).contains("Authorization: Bearer");
        assertThat(wrong.body()).contains("wrong bearer token");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(Scrape.delta(before, TestNodes.metrics(APP), "icn_rpc_client_errors_total", "status", "401"))
                .isEqualTo(4);
    }

    @Test
    void adminTasksNeedTheTokenButMetricsHealthAndPingDoNot() throws Exception {
        String token = TestNodes.rpcToken(APP);
        Scrape before = TestNodes.metrics(APP);

        assertThat(call("POST", admin("/tasks/gc"), null).statusCode()).isEqualTo(401);
        assertThat(call("POST", admin("/tasks/gc"), "Bearer nope").statusCode()).isEqualTo(401);
        assertThat(call("POST", admin("/tasks/gc"), "Bearer " + token).statusCode()).isEqualTo(200);
        assertThat(call("GET", admin("/metrics"), null).statusCode()).isEqualTo(200);
        assertThat(call("GET", admin("/healthcheck"), null).statusCode()).isEqualTo(200);
        assertThat(call("GET", admin("/ping"), null).statusCode()).isEqualTo(200);
        assertThat(Scrape.delta(before, TestNodes.metrics(APP), "icn_rpc_client_errors_total", "status", "401"))
                .isEqualTo(2);
    }

    @Test
    void anExistingTokenFileIsUsedAsItIsAndTokenFileMovesIt() throws Exception {
        Path data = TestNodes.tempDataDir();
        Path file = data.resolve("elsewhere").resolve("my-token");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "  operator-chosen-token \n");
        DropwizardTestSupport<IcndConfiguration> node = support(data,
                ConfigOverride.config("rpc.tokenFile", file.toString()));
        node.before();
        try {
            assertThat(call("GET", "http://127.0.0.1:" + node.getLocalPort() + "/v1/status",
                    "Bearer operator-chosen-token").statusCode()).isEqualTo(200);
            assertThat(data.resolve("rpc-token")).doesNotExist();
            assertThat(Files.readString(file)).isEqualTo("  operator-chosen-token \n");
        } finally {
            node.after();
        }
    }

    @Test
    void authNoneLetsEveryoneInAndWritesNoToken() throws Exception {
        Path data = TestNodes.tempDataDir();
        DropwizardTestSupport<IcndConfiguration> node = support(data, ConfigOverride.config("rpc.auth", "none"));
        node.before();
        try {
            HttpResponse<String> status = call("GET", "http://127.0.0.1:" + node.getLocalPort() + "/v1/status", null);
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("\"mode\":\"node\"");
            assertThat(data.resolve("rpc-token")).doesNotExist();
            // the rpc health check works without a token too
            HttpResponse<String> health = call("GET", "http://127.0.0.1:" + node.getAdminPort() + "/healthcheck", null);
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        } finally {
            node.after();
        }
    }

    @Test
    void theRpcHealthCheckPassesTheToken() throws Exception {
        HttpResponse<String> health = call("GET", admin("/healthcheck"), null);

        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"rpc\":{\"healthy\":true");
    }

    private static DropwizardTestSupport<IcndConfiguration> support(Path data, ConfigOverride... more) {
        ConfigOverride[] all = new ConfigOverride[more.length + 1];
        System.arraycopy(more, 0, all, 0, more.length);
        all[more.length] = ConfigOverride.config("dataDir", data.toString());
        return new DropwizardTestSupport<>(IcndApplication.class, ResourceHelpers.resourceFilePath("test-icnd.yml"), all);
    }
}
