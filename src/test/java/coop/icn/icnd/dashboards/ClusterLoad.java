package coop.icn.icnd.dashboards;

import coop.icn.icnd.NodeProcess;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The work a live monitoring test drives through a three-node cluster, so that every panel and SLI has data. */
final class ClusterLoad {
    static final String TOPIC = "monitoring:chat";
    static final int ENTRIES = 20;

    private ClusterLoad() {
    }

    /**
     * Once the nodes are all connected: a currency (known everywhere before anyone pays in it),
     * then entries published on the first node and transfers around the ring, one bad request,
     * until the last node holds every entry.
     */
    static void drive(List<NodeProcess> nodes) {
        NodeProcess first = nodes.get(0);
        NodeProcess last = nodes.get(nodes.size() - 1);
        await().atMost(30, TimeUnit.SECONDS).until(() -> first.peers().size() == nodes.size() - 1
                && last.peers().size() == nodes.size() - 1);
        assertThat(first.post("/v1/ledger/currencies", "{\"symbol\":\"HOUR\",\"decimals\":0,\"creditLimit\":100}")
                .statusCode()).isEqualTo(201);
        await().atMost(20, TimeUnit.SECONDS).until(() -> nodes.stream()
                .allMatch(node -> node.rpcGet("/v1/ledger/currencies").body().contains("HOUR")));
        for (int i = 0; i < ENTRIES; i++) {
            first.publish(TOPIC, ("entry " + i).getBytes(StandardCharsets.UTF_8));
            NodeProcess from = nodes.get(i % nodes.size());
            NodeProcess to = nodes.get((i + 1) % nodes.size());
            assertThat(from.post("/v1/ledger/transfers", "{\"to\":\"" + to.did() + "\",\"currency\":\"HOUR\",\"amount\":3}")
                    .statusCode()).isEqualTo(201);
        }
        assertThat(first.post("/v1/ledger/transfers", "{\"to\":\"not a did\",\"currency\":\"HOUR\",\"amount\":1}")
                .statusCode()).isEqualTo(400);
        await().atMost(20, TimeUnit.SECONDS).until(() -> last.entries(TOPIC) == ENTRIES);
    }
}
