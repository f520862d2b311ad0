package coop.icn.icnd.identity;

import com.codahale.metrics.health.HealthCheck;

import java.nio.file.Path;
import java.util.Optional;

/** Healthy when the node holds an identity; in observer mode it says why there is none. */
public final class IdentityHealthCheck extends HealthCheck {
    private final Optional<NodeIdentity> identity;
    private final Path keystore;

    public IdentityHealthCheck(Optional<NodeIdentity> identity, Path keystore) {
        this.identity = identity;
        this.keystore = keystore;
    }

    @Override
    protected Result check() {
        if (identity.isEmpty()) {
            return Result.builder().unhealthy()
                    .withMessage("no identity: keystore " + keystore + " does not exist and identity.createIfMissing"
                            + " is false, so the node runs in observer mode; create one with"
                            + " 'java -jar icnd.jar identity create --passphrase-file FILE icnd.yml'")
                    .withDetail("mode", "observer")
                    .build();
        }
        NodeIdentity node = identity.get();
        // a signature round trip proves the key in memory is usable, not just present
        byte[] probe = keystore.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (!NodeIdentity.verify(node.publicKeyBytes(), probe, node.sign(probe))) {
            return Result.unhealthy("identity key failed a sign/verify round trip");
        }
        return Result.builder().healthy()
                .withDetail("did", node.did().value())
                .withDetail("keystore", keystore.toString())
                .withDetail("mode", "node")
                .build();
    }
}
