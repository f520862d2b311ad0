package coop.icn.icnd.obs;

import java.util.List;
import java.util.Map;

/** The seed journal's metric set with its types, written out by hand from the journal. */
public final class SeedMetrics {
    public static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("icn_network_connections_total", "counter"),
            Map.entry("icn_network_messages_sent_total", "counter"),
            Map.entry("icn_network_messages_received_total", "counter"),
            Map.entry("icn_network_bytes_sent_total", "counter"),
            Map.entry("icn_network_bytes_received_total", "counter"),
            Map.entry("icn_gossip_entries_published_total", "counter"),
            Map.entry("icn_gossip_entries_received_total", "counter"),
            Map.entry("icn_gossip_announces_sent_total", "counter"),
            Map.entry("icn_gossip_requests_sent_total", "counter"),
            Map.entry("icn_gossip_responses_sent_total", "counter"),
            Map.entry("icn_gossip_announces_received_total", "counter"),
            Map.entry("icn_gossip_requests_received_total", "counter"),
            Map.entry("icn_gossip_responses_received_total", "counter"),
            Map.entry("icn_ledger_transactions_total", "counter"),
            Map.entry("icn_network_connections_active", "gauge"),
            Map.entry("icn_network_peers_discovered", "gauge"),
            Map.entry("icn_gossip_topics_total", "gauge"),
            Map.entry("icn_gossip_entries_total", "gauge"),
            Map.entry("icn_ledger_accounts_total", "gauge"),
            Map.entry("icn_ledger_currencies_total", "gauge"),
            Map.entry("icn_system_uptime_seconds", "gauge"),
            Map.entry("icn_system_actors_active", "gauge"),
            Map.entry("icn_ledger_transaction_amount", "histogram"));

    /** The seed gauges whose names end in _total ({@code docs/metrics.md}): the only names allowed to break promtool's rules. */
    public static final List<String> GAUGES_ENDING_IN_TOTAL = List.of(
            "icn_gossip_topics_total", "icn_gossip_entries_total",
            "icn_ledger_accounts_total", "icn_ledger_currencies_total");

    private SeedMetrics() {
    }
}
