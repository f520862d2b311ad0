package coop.icn.icnd.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import coop.icn.icnd.IcndConfiguration;
import coop.icn.icnd.TestNodes;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.obs.Scrape;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.client.ClientProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static coop.icn.icnd.obs.Scrape.delta;
import static org.assertj.core.api.Assertions.assertThat;

/** The batch routes: all-or-nothing publishing in one commit, and transfers judged one after another. */
@ExtendWith(DropwizardExtensionsSupport.class)
class BatchRoutesTest {
    /** Small frames, so that the per-entry limit is easy to pass: 64 KiB less the 1 KiB envelope. */
    static final DropwizardAppExtension<IcndConfiguration> APP = TestNodes.node(TestNodes.tempDataDir(),
            io.dropwizard.testing.ConfigOverride.config("network.maxMessageBytes", "64KiB"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ENTRY_BYTES = 64 * 1024 - 1024;

    /** A JSON body's answer, read and closed. */
    private record Answer(int status, Map<String, Object> body) {
        @SuppressWarnings("unchecked")
        List<Object> list(String field) {
            return (List<Object>) body.get(field);
        }
    }

    private static Answer post(String path, String json) {
        // a batch does up to a thousand entries' work: more than the test client's 5 s on a loaded machine
        try (Response response = TestNodes.rpc(APP, path).property(ClientProperties.READ_TIMEOUT, 60_000)
                .post(Entity.entity(json, MediaType.APPLICATION_JSON))) {
            return new Answer(response.getStatus(), response.readEntity(new GenericType<Map<String, Object>>() { }));
        }
    }

    private static String dataBatch(List<String> items) throws Exception {
        return JSON.writeValueAsString(Map.of("data", items));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] entry(String hash) {
        try (Response response = TestNodes.rpc(APP, "/v1/entries/" + hash).get()) {
            assertThat(response.getStatus()).isEqualTo(200);
            return response.readEntity(byte[].class);
        }
    }

    private static int held(String topic) {
        try (Response response = TestNodes.rpc(APP, "/v1/topics").get()) {
            List<Map<String, Object>> topics = response.readEntity(new GenericType<>() { });
            return topics.stream().filter(t -> topic.equals(t.get("topic")))
                    .mapToInt(t -> ((Number) t.get("entries")).intValue()).findFirst().orElse(0);
        }
    }

    private static double requests(Scrape before, Scrape after, RpcRoute route, int status) {
        return delta(before, after, "icn_rpc_requests_total", "route", route.label(), "status", Integer.toString(status));
    }

    @Test
    void aBatchIsStoredInOneCommitAndAnswersItsHashesInTheOrderOfItsData() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            texts.add("batch entry " + i);
        }
        Scrape before = TestNodes.metrics(APP);

        Answer answer = post("/v1/topics/batch:happy/entries/batch", dataBatch(texts.stream().map(BatchRoutesTest::base64).toList()));

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(201);
        List<Object> hashes = answer.list("hashes");
        assertThat(hashes).hasSize(50).doesNotHaveDuplicates();
        for (int i = 0; i < 50; i++) {
            assertThat(new String(entry((String) hashes.get(i)), StandardCharsets.UTF_8)).isEqualTo(texts.get(i));
        }
        Scrape after = TestNodes.metrics(APP);
        assertThat(delta(before, after, "icn_store_commit_duration_seconds_count")).as("one transaction").isEqualTo(1);
        assertThat(delta(before, after, "icn_gossip_topic_entries_published_total", "topic", "batch:happy")).isEqualTo(50);
        assertThat(requests(before, after, RpcRoute.PUBLISH_BATCH, 201)).isEqualTo(1);
        assertThat(held("batch:happy")).isEqualTo(50);
    }

    @Test
    void identicalItemsSignedInOneMillisecondAreOneEntryAndEachIsAnswered() throws Exception {
        // an entry is its topic, author, millisecond and data: equal items signed within one
        // millisecond are the same entry, stored once, and each is answered with its hash
        Answer answer = post("/v1/topics/batch:same/entries/batch", dataBatch(Collections.nCopies(1000, base64("same"))));

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(201);
        List<Object> hashes = answer.list("hashes");
        assertThat(hashes).hasSize(1000);
        assertThat(hashes.stream().distinct().count()).as("some items shared a millisecond").isLessThan(1000);
        assertThat(held("batch:same")).isEqualTo((int) hashes.stream().distinct().count());
        assertThat(new String(entry((String) hashes.get(999)), StandardCharsets.UTF_8)).isEqualTo("same");
    }

    @Test
    void oneBadItemRefusesTheWholeBatchNamingItsIndexAndNothingIsStored() throws Exception {
        String good = base64("fine");
        String tooBig = Base64.getEncoder().encodeToString(new byte[MAX_ENTRY_BYTES + 1]);
        String fits = Base64.getEncoder().encodeToString(new byte[MAX_ENTRY_BYTES]);
        Scrape before = TestNodes.metrics(APP);

        Answer notBase64 = post("/v1/topics/batch:bad/entries/batch", dataBatch(List.of(good, good, good, "not*base64")));
        Answer empty = post("/v1/topics/batch:bad/entries/batch", dataBatch(List.of(good, "")));
        Answer oversize = post("/v1/topics/batch:bad/entries/batch", dataBatch(List.of(fits, good, tooBig)));
        Answer nullItem = post("/v1/topics/batch:bad/entries/batch", "{\"data\":[\"" + good + "\",null]}");

        assertThat(notBase64.status()).isEqualTo(400);
        assertThat(notBase64.body()).containsEntry("code", 400);
        assertThat((String) notBase64.body().get("message")).startsWith("data[3]: not base64");
        assertThat((String) empty.body().get("message")).startsWith("data[1]: ");
        assertThat((String) oversize.body().get("message"))
                .isEqualTo("data[2]: " + (MAX_ENTRY_BYTES + 1) + " bytes, over the limit of " + MAX_ENTRY_BYTES
                        + " bytes per entry");
        assertThat((String) nullItem.body().get("message")).startsWith("data[1]: ");
        assertThat(List.of(empty.status(), oversize.status(), nullItem.status())).containsOnly(400);
        Scrape after = TestNodes.metrics(APP);
        assertThat(held("batch:bad")).as("nothing of a refused batch is stored").isZero();
        assertThat(delta(before, after, "icn_gossip_entries_published_total")).isZero();
        assertThat(requests(before, after, RpcRoute.PUBLISH_BATCH, 400)).isEqualTo(4);
        assertThat(delta(before, after, "icn_rpc_client_errors_total", "status", "400")).isEqualTo(4);
    }

    @Test
    void tooManyItemsTooBigABodyAndMalformedBodiesAreRefused() throws Exception {
        String one = base64("x");
        Scrape before = TestNodes.metrics(APP);

        Answer tooMany = post("/v1/topics/batch:limits/entries/batch", dataBatch(Collections.nCopies(BatchBody.MAX_ITEMS + 1, one)));
        Answer tooBig = post("/v1/topics/batch:limits/entries/batch",
                "{\"data\":[\"" + "A".repeat(BatchBody.MAX_BYTES) + "\"]}");
        Answer none = post("/v1/topics/batch:limits/entries/batch", "{\"data\":[]}");
        Answer notJson = post("/v1/topics/batch:limits/entries/batch", "{\"data\":");
        Answer unknownField = post("/v1/topics/batch:limits/entries/batch", "{\"data\":[\"" + one + "\"],\"more\":1}");
        Answer badTopic = post("/v1/topics/nocolon/entries/batch", dataBatch(List.of(one)));
        Answer transfersTooMany = post("/v1/ledger/transfers/batch", JSON.writeValueAsString(Map.of("transfers",
                Collections.nCopies(BatchBody.MAX_ITEMS + 1, Map.of("to", "x", "currency", "X", "amount", 1)))));

        assertThat(tooMany.status()).isEqualTo(400);
        assertThat((String) tooMany.body().get("message")).isEqualTo("a batch holds at most 1000 items, got 1001");
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat((String) tooBig.body().get("message")).isEqualTo("a batch request body is limited to 16777216 bytes");
        assertThat((String) none.body().get("message")).isEqualTo("\"data\" must hold at least one item");
        assertThat((String) notJson.body().get("message")).startsWith("the body must be {\"data\":[\"<base64>\", ...]}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(badTopic.status()).isEqualTo(400);
        assertThat((String) transfersTooMany.body().get("message")).isEqualTo("a batch holds at most 1000 items, got 1001");
        Scrape after = TestNodes.metrics(APP);
        assertThat(delta(before, after, "icn_rpc_client_errors_total", "status", "400")).isEqualTo(6);
        assertThat(delta(before, after, "icn_rpc_client_errors_total", "status", "413")).isEqualTo(1);
        assertThat(held("batch:limits")).isZero();
    }

    @Test
    void aBatchOfTransfersIsJudgedInOrderSoTheFirstItemOverTheLimitIsRefused() throws Exception {
        assertThat(post("/v1/ledger/currencies", "{\"symbol\":\"BATCH\",\"decimals\":0,\"creditLimit\":10}").status())
                .isEqualTo(201);
        String payee = NodeIdentity.generate().did().value();
        List<Map<String, Object>> transfers = new ArrayList<>();
        for (int amount : new int[] {3, 3, 3, 3, 3, 1}) {
            transfers.add(Map.of("to", payee, "currency", "BATCH", "amount", amount, "memo", "item of " + amount));
        }
        transfers.add(Map.of("to", payee, "currency", "NOPE", "amount", 1));
        Scrape before = TestNodes.metrics(APP);

        Answer answer = post("/v1/ledger/transfers/batch", JSON.writeValueAsString(Map.of("transfers", transfers)));

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) (List<?>) answer.list("results");
        assertThat(results).hasSize(7);
        for (int i : new int[] {0, 1, 2, 5}) {
            assertThat(results.get(i)).containsOnlyKeys("hash");
        }
        for (int i : new int[] {3, 4}) {
            // 3 + 3 + 3 is 9; a fourth 3 would take the payer to -12, below its limit of -10
            assertThat(results.get(i)).containsOnlyKeys("error");
            assertThat(results.get(i).get("error")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("code", 422).hasEntrySatisfying("message",
                            message -> assertThat((String) message).startsWith("credit_limit: "));
        }
        assertThat(results.get(6).get("error")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("code", 404);
        try (Response response = TestNodes.rpc(APP, "/v1/ledger/transfers?currency=BATCH").get()) {
            List<Map<String, Object>> held = response.readEntity(new GenericType<>() { });
            assertThat(held).extracting(t -> t.get("hash"))
                    .containsExactly(results.get(0).get("hash"), results.get(1).get("hash"), results.get(2).get("hash"),
                            results.get(5).get("hash"));
            assertThat(held).extracting(t -> ((Number) t.get("seq")).longValue()).containsExactly(1L, 2L, 3L, 4L);
            assertThat(held).extracting(t -> t.get("status")).containsOnly("accepted");
        }
        Scrape after = TestNodes.metrics(APP);
        assertThat(delta(before, after, "icn_ledger_rejected_total", "reason", "credit_limit")).isEqualTo(2);
        assertThat(delta(before, after, "icn_ledger_transactions_total")).isEqualTo(4);
        assertThat(delta(before, after, "icn_store_commit_duration_seconds_count")).as("one transaction").isEqualTo(1);
        assertThat(requests(before, after, RpcRoute.TRANSFER_BATCH, 200)).isEqualTo(1);
    }

    @Test
    void aMalformedTransferRefusesTheBatchNamingItsIndexAndNothingIsPaid() throws Exception {
        assertThat(post("/v1/ledger/currencies", "{\"symbol\":\"BADB\",\"decimals\":0,\"creditLimit\":100}").status())
                .isEqualTo(201);
        String payee = NodeIdentity.generate().did().value();
        Map<String, Object> fine = Map.of("to", payee, "currency", "BADB", "amount", 1);
        Scrape before = TestNodes.metrics(APP);

        Answer noAmount = post("/v1/ledger/transfers/batch", JSON.writeValueAsString(Map.of("transfers",
                List.of(fine, fine, Map.of("to", payee, "currency", "BADB")))));
        Answer badDid = post("/v1/ledger/transfers/batch", JSON.writeValueAsString(Map.of("transfers",
                List.of(fine, Map.of("to", "did:icn:nope", "currency", "BADB", "amount", 1)))));
        Answer longMemo = post("/v1/ledger/transfers/batch", JSON.writeValueAsString(Map.of("transfers",
                List.of(Map.of("to", payee, "currency", "BADB", "amount", 1, "memo", "m".repeat(1025))))));

        assertThat(noAmount.status()).isEqualTo(400);
        assertThat((String) noAmount.body().get("message")).startsWith("transfers[2]: give \"to\"");
        assertThat(badDid.status()).isEqualTo(400);
        assertThat((String) badDid.body().get("message")).startsWith("transfers[1]: ");
        assertThat((String) longMemo.body().get("message")).isEqualTo("transfers[0]: a memo is at most 1024 characters");
        try (Response response = TestNodes.rpc(APP, "/v1/ledger/transfers?currency=BADB").get()) {
            assertThat(response.readEntity(new GenericType<List<Object>>() { })).as("nothing paid").isEmpty();
        }
        Scrape after = TestNodes.metrics(APP);
        assertThat(requests(before, after, RpcRoute.TRANSFER_BATCH, 400)).isEqualTo(3);
        assertThat(delta(before, after, "icn_gossip_entries_published_total")).isZero();
    }

    @Test
    void bothBatchRoutesNeedTheToken() {
        String payee = Did.fromPublicKey(new byte[32]).value();
        Scrape before = TestNodes.metrics(APP);
        for (String path : List.of("/v1/topics/batch:auth/entries/batch", "/v1/ledger/transfers/batch")) {
            String body = path.contains("ledger") ? "{\"transfers\":[{\"to\":\"" + payee + "\",\"currency\":\"X\",\"amount\":1}]}"
                    : "{\"data\":[\"" + base64("x") + "\"]}";
            try (Response response = APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + path).request()
                    .post(Entity.json(body))) {
                assertThat(response.getStatus()).isEqualTo(401);
            }
        }
        Scrape after = TestNodes.metrics(APP);
        assertThat(requests(before, after, RpcRoute.UNAUTHENTICATED, 401)).isEqualTo(2);
        assertThat(held("batch:auth")).isZero();
    }
}
