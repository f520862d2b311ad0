package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import io.netty.handler.codec.quic.BoringSSLContextOption;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicSslEngine;
import io.netty.handler.ssl.ClientAuth;
import io.netty.util.AttributeKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.math.BigInteger;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mutual TLS in which a certificate is a node's identity: each node presents a certificate
 * self-signed with its Ed25519 identity key, and a peer's DID is derived from the public key of
 * the certificate it presented, never from anything it says later. A dial that names the DID it
 * expects fails the handshake when another key answers.
 *
 * <p>Facts this relies on ({@code docs/lessons.md}): BoringSSL needs {@code ed25519} in the
 * signature algorithms on both sides, and the JDK's key manager never offers an EdDSA key, so
 * a key manager that always answers with the one identity is used.
 */
final class PeerTls {
    static final String ALPN = "icn/1";
    static final AttributeKey<Did> EXPECTED_DID = AttributeKey.valueOf("icn.expectedDid");
    private static final String ALIAS = "icn";
    private static final String[] SIGNATURE_ALGORITHMS = {"ed25519"};

    private final NodeIdentity identity;
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final NetworkMetrics metrics;
    private final X509ExtendedKeyManager keyManager;
    /**
     * The engine of every connection and its channel, so the trust manager can see the expected
     * DID and mark a failure counted. An entry goes when the transport {@link #forget}s the
     * connection, however it ended: many never reach the certificate check (a dial to an
     * unreachable peer, redialled forever, times out before any certificate arrives).
     */
    private final Map<SSLEngine, QuicChannel> connections = new ConcurrentHashMap<>();
    private final QuicSslContext serverContext;
    private final QuicSslContext clientContext;

    PeerTls(NodeIdentity identity, NetworkMetrics metrics) {
        this.identity = identity;
        this.privateKey = identity.privateKey();
        this.certificate = selfSigned(identity, privateKey);
        this.metrics = metrics;
        this.keyManager = new KeyManager();
        this.serverContext = QuicSslContextBuilder.forServer(keyManager, null)
                .applicationProtocols(ALPN)
                .clientAuth(ClientAuth.REQUIRE)
                .trustManager(new TrustManager())
                .option(BoringSSLContextOption.SIGNATURE_ALGORITHMS, SIGNATURE_ALGORITHMS)
                .build();
        this.clientContext = QuicSslContextBuilder.forClient()
                .keyManager(keyManager, null)
                .applicationProtocols(ALPN)
                .trustManager(new TrustManager())
                .option(BoringSSLContextOption.SIGNATURE_ALGORITHMS, SIGNATURE_ALGORITHMS)
                .build();
    }

    /** The engine of an inbound connection, remembered with its channel for the trust manager. */
    QuicSslEngine serverEngine(QuicChannel channel) {
        return remember(serverContext.newEngine(channel.alloc()), channel);
    }

    /** The engine of a dial, remembered with its channel for the trust manager. */
    QuicSslEngine clientEngine(QuicChannel channel) {
        return remember(clientContext.newEngine(channel.alloc()), channel);
    }

    private QuicSslEngine remember(QuicSslEngine engine, QuicChannel channel) {
        connections.put(engine, channel);
        return engine;
    }

    /** The connection is gone: once the failure it ended with, if any, has been counted. */
    void forget(QuicChannel connection) {
        connections.remove(connection.sslEngine());
    }

    /** Connections remembered and not forgotten yet. */
    int connectionsRemembered() {
        return connections.size();
    }

    /** Presents this node's identity; for tests that speak TLS by other rules. */
    X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    /** The DID proven by the peer's certificate once the handshake is done. */
    static Did peerDid(SSLEngine engine) throws SSLPeerUnverifiedException {
        Certificate[] chain = engine.getSession().getPeerCertificates();
        return didOf(((X509Certificate) chain[0]).getPublicKey());
    }

    static Did didOf(PublicKey key) {
        byte[] encoded = key.getEncoded();
        // an X.509 SubjectPublicKeyInfo of Ed25519 is 44 bytes; the raw key is the last 32
        return Did.fromPublicKey(Arrays.copyOfRange(encoded, encoded.length - NodeIdentity.PUBLIC_KEY_BYTES, encoded.length));
    }

    private static X509Certificate selfSigned(NodeIdentity identity, PrivateKey privateKey) {
        X500Name subject = new X500Name("CN=" + identity.did().value());
        Instant now = Instant.now();
        try {
            return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                    subject, identity.publicKey())
                    .build(new JcaContentSignerBuilder("Ed25519").build(privateKey)));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot make this node's certificate", e);
        }
    }

    /** Always this node's one identity, whatever key type BoringSSL asks for. */
    private final class KeyManager extends X509ExtendedKeyManager {
        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {certificate};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return privateKey;
        }
    }

    /**
     * Accepts a peer whose certificate is a well-formed Ed25519 certificate signed by its own key
     * (the handshake itself proves the peer holds that key); on a dial, also checks the DID.
     * Runs on the event loop, so it stays cheap.
     */
    private final class TrustManager extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain, connections.get(engine), false);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain, connections.get(engine), true);
        }

        /**
         * Checks the certificate of the connection {@code channel} (null when unknown); a dial
         * also checks the DID it expects. A failure is counted once for the connection: a bad
         * certificate as {@code handshake}, the wrong identity as {@code auth}.
         */
        private void check(X509Certificate[] chain, QuicChannel channel, boolean dialled) throws CertificateException {
            Did presented;
            try {
                presented = presented(chain);
            } catch (CertificateException e) {
                count(channel, NetworkError.HANDSHAKE);
                throw e;
            }
            if (presented.equals(identity.did())) {
                throw wrongIdentity(channel, "peer presents this node's own identity");
            }
            Did expected = dialled && channel != null ? channel.attr(EXPECTED_DID).get() : null;
            if (expected != null && !expected.equals(presented)) {
                throw wrongIdentity(channel, "expected " + expected + " but the peer is " + presented);
            }
        }

        private CertificateException wrongIdentity(QuicChannel channel, String why) {
            count(channel, NetworkError.AUTH);
            return new CertificateException(why);
        }

        /** The DID of a well-formed, self-signed, valid Ed25519 certificate. */
        private Did presented(X509Certificate[] chain) throws CertificateException {
            try {
                if (chain == null || chain.length == 0) {
                    throw new CertificateException("no certificate");
                }
                X509Certificate leaf = chain[0];
                if (!"EdDSA".equals(leaf.getPublicKey().getAlgorithm()) && !"Ed25519".equals(leaf.getPublicKey().getAlgorithm())) {
                    throw new CertificateException("not an Ed25519 certificate: " + leaf.getPublicKey().getAlgorithm());
                }
                leaf.verify(leaf.getPublicKey());
                leaf.checkValidity();
                return didOf(leaf.getPublicKey());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw e instanceof CertificateException ce ? ce : new CertificateException(e.getMessage(), e);
            }
        }

        private void count(QuicChannel channel, NetworkError error) {
            if (channel == null) {
                metrics.error(error);
            } else {
                metrics.errorOnce(channel, error);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain, null, false);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain, null, true);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, null, false);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, null, true);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
