package coop.icn.icnd.obs;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every {@code icn_*} metric the node can export: name, type, unit, help text and label names.
 *
 * <p>The seed's names (the original daemon's set, kept so its dashboards work) are marked
 * {@code seed}. Four seed gauges end in {@code _total}, which promtool flags; they keep their
 * names on purpose. Everything beyond the seed follows promtool's rules without exception.
 * Metrics are only ever created through {@link MetricFactory}, which takes an entry of this
 * catalogue, so an uncatalogued {@code icn_} name cannot reach the scrape.
 */
public enum MetricCatalogue {
    // system
    SYSTEM_UPTIME("icn_system_uptime_seconds", MetricType.GAUGE, "seconds", true,
            "Seconds since this node started, refreshed every observability.updateInterval."),
    SYSTEM_BUILD_INFO("icn_system_build_info", MetricType.GAUGE, "", false,
            "Always 1; its labels are the build this node runs: the version and the git revision.",
            "version", "revision"),
    SYSTEM_ACTORS_ACTIVE("icn_system_actors_active", MetricType.GAUGE, "", true,
            "Number of node actors currently running (0 in observer mode, without an identity)."),
    SYSTEM_ACTOR_RESTARTS("icn_system_actor_restarts_total", MetricType.COUNTER, "", false,
            "Times the supervisor restarted an actor after its loop crashed.", "actor"),
    SYSTEM_ACTOR_MAILBOX_DEPTH("icn_system_actor_mailbox_depth", MetricType.GAUGE, "messages", false,
            "Messages waiting in an actor's mailbox.", "actor"),
    SYSTEM_ACTOR_MAILBOX_REJECTED("icn_system_actor_mailbox_rejected_total", MetricType.COUNTER, "", false,
            "Messages refused because an actor's bounded mailbox was full.", "actor"),

    // network
    NETWORK_CONNECTIONS("icn_network_connections_total", MetricType.COUNTER, "", true,
            "Peer connections established, inbound and outbound."),
    NETWORK_CONNECTIONS_ACTIVE("icn_network_connections_active", MetricType.GAUGE, "", true,
            "Peer connections currently open."),
    NETWORK_MESSAGES_SENT("icn_network_messages_sent_total", MetricType.COUNTER, "", true,
            "Messages written to peers; a broadcast counts one per peer written."),
    NETWORK_MESSAGES_RECEIVED("icn_network_messages_received_total", MetricType.COUNTER, "", true,
            "Messages received from peers and decoded."),
    NETWORK_BYTES_SENT("icn_network_bytes_sent_total", MetricType.COUNTER, "bytes", true,
            "Bytes of framed messages written to peers."),
    NETWORK_BYTES_RECEIVED("icn_network_bytes_received_total", MetricType.COUNTER, "bytes", true,
            "Bytes of framed messages read from peers."),
    NETWORK_PEERS_DISCOVERED("icn_network_peers_discovered", MetricType.GAUGE, "", true,
            "Peers this node knows and keeps dialled: network.bootstrapPeers, mDNS, and peers learned from peers or remembered."),
    NETWORK_MESSAGES_SENT_BY_TYPE("icn_network_messages_sent_by_type_total", MetricType.COUNTER, "", false,
            "Messages written to peers, by message type.", "type"),
    NETWORK_MESSAGES_RECEIVED_BY_TYPE("icn_network_messages_received_by_type_total", MetricType.COUNTER, "", false,
            "Messages received from peers and decoded, by message type.", "type"),
    NETWORK_MESSAGE_SIZE("icn_network_message_size_bytes", "bytes", false,
            "Size of framed messages, length prefix included, by direction (sent, received).",
            new double[] {64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216},
            "direction"),
    NETWORK_CONNECTION_DURATION("icn_network_connection_duration_seconds", "seconds", false,
            "How long peer connections lasted, observed when they close.",
            new double[] {1, 10, 60, 300, 1800, 3600, 21_600, 86_400}),
    NETWORK_PEER_BYTES_SENT("icn_network_peer_bytes_sent_total", MetricType.COUNTER, "bytes", false,
            "Bytes of framed messages written to one peer (peer: its DID; beyond observability.maxLabelValues, other).",
            "peer"),
    NETWORK_PEER_BYTES_RECEIVED("icn_network_peer_bytes_received_total", MetricType.COUNTER, "bytes", false,
            "Bytes of framed messages read from one peer (peer: its DID; beyond observability.maxLabelValues, other).",
            "peer"),
    NETWORK_PEER_MESSAGES_SENT("icn_network_peer_messages_sent_total", MetricType.COUNTER, "", false,
            "Messages written to one peer (peer: its DID; beyond observability.maxLabelValues, other).", "peer"),
    NETWORK_PEER_MESSAGES_RECEIVED("icn_network_peer_messages_received_total", MetricType.COUNTER, "", false,
            "Messages received from one peer and decoded (peer: its DID; beyond observability.maxLabelValues, other).",
            "peer"),
    NETWORK_PEER_RTT("icn_network_peer_rtt_seconds", MetricType.GAUGE, "seconds", false,
            "The last round-trip time of a ping to one peer; a peer's series go observability.peerSeriesTtl after it left.",
            "peer"),
    NETWORK_RTT("icn_network_rtt_seconds", "seconds", false,
            "Round-trip time of pings to peers, from sending the ping to reading the pong.",
            new double[] {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}),
    NETWORK_ERRORS("icn_network_errors_total", MetricType.COUNTER, "", false,
            "Network failures by type: decode (malformed frame), oversize (frame above network.maxMessageBytes),"
                    + " handshake (TLS failed), auth (peer is not who it must be), timeout (no answer in time),"
                    + " full (an inbound peer refused at network.maxPeers),"
                    + " slow (peer left over network.maxPendingBytes unread for a keep-alive interval).",
            "type"),

    // rpc
    RPC_REQUESTS("icn_rpc_requests_total", MetricType.COUNTER, "", false,
            "RPC requests answered, by route (method and template, unmatched, or unauthenticated) and status.",
            "route", "status"),
    RPC_REQUEST_DURATION("icn_rpc_request_duration_seconds", "seconds", false,
            "Time from receiving an RPC request to its answer being ready to send, by route.",
            new double[] {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}, "route"),
    RPC_CLIENT_ERRORS("icn_rpc_client_errors_total", MetricType.COUNTER, "", false,
            "RPC requests answered with a 4xx status (malformed body, bad value, unknown path, missing token), by status.",
            "status"),

    // store
    STORE_POOL_ACTIVE("icn_store_pool_active_connections", MetricType.GAUGE, "connections", false,
            "Database connections in use."),
    STORE_POOL_IDLE("icn_store_pool_idle_connections", MetricType.GAUGE, "connections", false,
            "Database connections open and idle in the pool."),
    STORE_POOL_MAX("icn_store_pool_max_connections", MetricType.GAUGE, "connections", false,
            "Most database connections the pool may open (database.maxSize)."),
    STORE_POOL_WAITING("icn_store_pool_waiting_threads", MetricType.GAUGE, "threads", false,
            "Threads waiting for a database connection."),
    STORE_FILE_BYTES("icn_store_file_bytes", MetricType.GAUGE, "bytes", false,
            "Size of the embedded H2 database's file; absent with PostgreSQL (postgres_exporter has pg_database_size_bytes)."),
    STORE_DISK_AVAILABLE("icn_store_disk_available_bytes", MetricType.GAUGE, "bytes", false,
            "Bytes this node may still write on the file system of its data directory."),
    STORE_DISK_SIZE("icn_store_disk_size_bytes", MetricType.GAUGE, "bytes", false,
            "Size of the file system of this node's data directory."),
    STORE_COMMIT_DURATION("icn_store_commit_duration_seconds", "seconds", false,
            "Time to write and commit one batch of entries.",
            new double[] {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1}),

    // gossip
    GOSSIP_ENTRIES_PUBLISHED("icn_gossip_entries_published_total", MetricType.COUNTER, "", true,
            "Entries published by this node."),
    GOSSIP_ENTRIES_RECEIVED("icn_gossip_entries_received_total", MetricType.COUNTER, "", true,
            "New entries received from peers and stored."),
    GOSSIP_ANNOUNCES_SENT("icn_gossip_announces_sent_total", MetricType.COUNTER, "", true,
            "Announce messages sent to peers."),
    GOSSIP_ANNOUNCES_RECEIVED("icn_gossip_announces_received_total", MetricType.COUNTER, "", true,
            "Announce messages received from peers."),
    GOSSIP_REQUESTS_SENT("icn_gossip_requests_sent_total", MetricType.COUNTER, "", true,
            "Request messages sent to peers for entries this node lacks."),
    GOSSIP_REQUESTS_RECEIVED("icn_gossip_requests_received_total", MetricType.COUNTER, "", true,
            "Request messages received from peers."),
    GOSSIP_RESPONSES_SENT("icn_gossip_responses_sent_total", MetricType.COUNTER, "", true,
            "Response messages sent, each to the peer that requested the entry."),
    GOSSIP_RESPONSES_RECEIVED("icn_gossip_responses_received_total", MetricType.COUNTER, "", true,
            "Response messages received from peers."),
    GOSSIP_TOPICS("icn_gossip_topics_total", MetricType.GAUGE, "", true,
            "Gossip topics this node holds (a gauge; the seed's name ends in _total)."),
    GOSSIP_ENTRIES("icn_gossip_entries_total", MetricType.GAUGE, "", true,
            "Entries held across all topics (a gauge; the seed's name ends in _total)."),
    GOSSIP_TOPIC_ENTRIES("icn_gossip_topic_entries", MetricType.GAUGE, "entries", false,
            "Entries held per topic (topics beyond observability.maxLabelValues are summed under other).", "topic"),
    GOSSIP_TOPIC_ENTRIES_PUBLISHED("icn_gossip_topic_entries_published_total", MetricType.COUNTER, "", false,
            "Entries published by this node, per topic (beyond observability.maxLabelValues topics, under other).", "topic"),
    GOSSIP_TOPIC_ENTRIES_RECEIVED("icn_gossip_topic_entries_received_total", MetricType.COUNTER, "", false,
            "New entries received from peers and stored, per topic (beyond observability.maxLabelValues topics, under other).",
            "topic"),
    GOSSIP_DIGESTS_SENT("icn_gossip_digests_sent_total", MetricType.COUNTER, "", false,
            "Anti-entropy digests sent to peers."),
    GOSSIP_DIGESTS_RECEIVED("icn_gossip_digests_received_total", MetricType.COUNTER, "", false,
            "Anti-entropy digests received from peers."),
    GOSSIP_PULL_REQUESTS_SENT("icn_gossip_pull_requests_sent_total", MetricType.COUNTER, "", false,
            "Pull requests sent to a peer whose digest showed entries this node may lack."),
    GOSSIP_PULL_REQUESTS_RECEIVED("icn_gossip_pull_requests_received_total", MetricType.COUNTER, "", false,
            "Pull requests received from peers."),
    GOSSIP_PULL_RESPONSES_SENT("icn_gossip_pull_responses_sent_total", MetricType.COUNTER, "", false,
            "Pull responses sent (each bounded in bytes; a long pull takes several)."),
    GOSSIP_PULL_RESPONSES_RECEIVED("icn_gossip_pull_responses_received_total", MetricType.COUNTER, "", false,
            "Pull responses received."),
    GOSSIP_BYTES_PULLED("icn_gossip_bytes_pulled_total", MetricType.COUNTER, "bytes", false,
            "Entry bytes (data and headers) received in pull responses."),
    GOSSIP_BYTES_PUSHED("icn_gossip_bytes_pushed_total", MetricType.COUNTER, "bytes", false,
            "Entry bytes (data and headers) sent in pull responses."),
    GOSSIP_DUPLICATES("icn_gossip_duplicates_total", MetricType.COUNTER, "", false,
            "Entries received that this node already held or was already verifying."),
    GOSSIP_REJECTED("icn_gossip_rejected_total", MetricType.COUNTER, "", false,
            "Entries refused, by reason: size, topic, hash, signature, expired (older than a full topic keeps).",
            "reason"),
    GOSSIP_PROPAGATION("icn_gossip_propagation_seconds", "seconds", false,
            "Time from an entry's publication (its timestamp) to its storage on this node, for entries from peers.",
            new double[] {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300}),

    // ledger
    LEDGER_ACCOUNTS("icn_ledger_accounts_total", MetricType.GAUGE, "", true,
            "Ledger accounts with at least one applied transfer (a gauge; the seed's name ends in _total)."),
    LEDGER_CURRENCIES("icn_ledger_currencies_total", MetricType.GAUGE, "", true,
            "Currencies defined on the ledger (a gauge; the seed's name ends in _total)."),
    LEDGER_TRANSACTIONS("icn_ledger_transactions_total", MetricType.COUNTER, "", true,
            "Transfers accepted and applied to the ledger."),
    LEDGER_TRANSACTION_AMOUNT("icn_ledger_transaction_amount", "minor units", true,
            "Amounts of applied transfers, in the currency's minor units.",
            new double[] {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000}),
    LEDGER_REJECTED("icn_ledger_rejected_total", MetricType.COUNTER, "", false,
            "Transfers refused by the ledger rules, by reason: malformed, amount, self, sequence, frontier,"
                    + " credit_limit, equivocation, frozen; and currency definitions refused (currency).", "reason"),
    LEDGER_PENDING("icn_ledger_pending_transfers", MetricType.GAUGE, "transfers", false,
            "Transfers received but not yet applied: waiting for an earlier transfer of their payer, for credit"
                    + " they name, or for their currency's definition."),
    LEDGER_APPLY_LATENCY("icn_ledger_apply_latency_seconds", "seconds", false,
            "Time from a transfer's signing (its entry timestamp) to its application on this node.",
            new double[] {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60});

    private static final Map<String, MetricCatalogue> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(MetricCatalogue::metricName, Function.identity()));

    /**
     * Latencies of traced work: each of their buckets keeps the sampled span that observed it as
     * an exemplar. Other histograms (sizes, amounts, connection lifetimes) are not the time of a
     * span, and skip even the thread-local read.
     */
    private static final Set<MetricCatalogue> SPAN_EXEMPLARS =
            EnumSet.of(NETWORK_RTT, STORE_COMMIT_DURATION, GOSSIP_PROPAGATION, LEDGER_APPLY_LATENCY, RPC_REQUEST_DURATION);

    private final String metricName;
    private final MetricType type;
    private final String unit;
    private final boolean seed;
    private final String help;
    private final List<String> labelNames;
    private final double[] buckets;

    MetricCatalogue(String metricName, MetricType type, String unit, boolean seed, String help,
                    String... labelNames) {
        this.metricName = metricName;
        this.type = type;
        this.unit = unit;
        this.seed = seed;
        this.help = help;
        this.labelNames = List.of(labelNames);
        this.buckets = new double[0];
    }

    /** A histogram with fixed bucket upper bounds (the +Inf bucket is implicit). */
    MetricCatalogue(String metricName, String unit, boolean seed, String help, double[] buckets,
                    String... labelNames) {
        this.metricName = metricName;
        this.type = MetricType.HISTOGRAM;
        this.unit = unit;
        this.seed = seed;
        this.help = help;
        this.labelNames = List.of(labelNames);
        this.buckets = buckets.clone();
    }

    public static Optional<MetricCatalogue> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public String metricName() {
        return metricName;
    }

    public MetricType type() {
        return type;
    }

    /** Unit of the value, for the README reference; empty for plain counts. */
    public String unit() {
        return unit;
    }

    /** Whether the name comes from the seed journal (and must never change). */
    public boolean seed() {
        return seed;
    }

    public String help() {
        return help;
    }

    public List<String> labelNames() {
        return labelNames;
    }

    /** Whether this histogram's buckets carry exemplars of the current sampled span ({@code docs/metrics.md}). */
    public boolean exemplars() {
        return SPAN_EXEMPLARS.contains(this);
    }

    /** Bucket upper bounds of a histogram, ascending; empty for other types. */
    public double[] buckets() {
        return buckets.clone();
    }
}
