-- Peers this node has been connected to, with the address to dial them at: a restarted node
-- redials them, so it does not depend on its bootstrap list alone.
CREATE TABLE network_peers (
    did                VARCHAR(128) NOT NULL PRIMARY KEY,
    host               VARCHAR(255) NOT NULL,
    port               INT          NOT NULL,
    last_connected_ms  BIGINT       NOT NULL
);
