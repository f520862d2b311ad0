-- Gossip entries, addressed by the hex SHA-256 of their signed content.
CREATE TABLE gossip_entries (
    hash         CHAR(64)     NOT NULL PRIMARY KEY,
    topic        VARCHAR(129) NOT NULL,
    author       VARCHAR(128) NOT NULL,
    timestamp_ms BIGINT       NOT NULL,
    data         BYTEA        NOT NULL,
    signature    BYTEA        NOT NULL,
    stored_ms    BIGINT       NOT NULL
);

-- listing a topic, and evicting its oldest entries beyond gossip.maxEntriesPerTopic
CREATE INDEX gossip_entries_topic_time ON gossip_entries (topic, timestamp_ms, hash);
