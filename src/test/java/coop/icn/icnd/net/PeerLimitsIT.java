package coop.icn.icnd.net;

import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.TestCluster;
import coop.icn.icnd.identity.NodeIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What a real node allows one peer: how long a quiet connection may last (QUIC's idle timeout, from network.keepAliveInterval). */
class PeerLimitsIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    @Test
    void theIdleTimeoutANodeAnnouncesIsFiveKeepAliveIntervals() throws Exception {
        NodeProcess a = cluster.node(dir, "a").network("keepAliveInterval", "12s").start();

        RawPeer peer = cluster.closeAfter(new RawPeer(NodeIdentity.generate())).connect(a);

        // 30 s was hard-coded: shorter than the 48 s keep-alive takes to call a silent peer gone
        assertThat(peer.nodeIdleTimeoutMillis()).isEqualTo(60_000);
    }
}
