package coop.icn.icnd.net;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code network:} block of {@code icnd.yml}. */
public class NetworkConfig {
    @NotNull
    private String listen = "0.0.0.0:4433";

    @NotNull
    private List<String> bootstrapPeers = new ArrayList<>();

    private boolean mdns = true;

    @NotNull
    @MinDataSize(1024)
    @MaxDataSize(1024 * 1024 * 1024)
    private DataSize maxMessageBytes = DataSize.mebibytes(10);

    @NotNull
    @MinDataSize(1024)
    @MaxDataSize(1024 * 1024 * 1024)
    private DataSize maxPendingBytes = DataSize.mebibytes(16);

    /** QUIC {@code host:port} to bind. */
    @JsonProperty
    public String getListen() {
        return listen;
    }

    @JsonProperty
    public void setListen(String listen) {
        this.listen = listen;
    }

    /** Peers to dial and keep dialled: {@code host:port} or {@code did@host:port}. */
    @JsonProperty
    public List<String> getBootstrapPeers() {
        return bootstrapPeers;
    }

    @JsonProperty
    public void setBootstrapPeers(List<String> bootstrapPeers) {
        this.bootstrapPeers = bootstrapPeers;
    }

    @JsonProperty
    public boolean isMdns() {
        return mdns;
    }

    @JsonProperty
    public void setMdns(boolean mdns) {
        this.mdns = mdns;
    }

    @JsonProperty
    public DataSize getMaxMessageBytes() {
        return maxMessageBytes;
    }

    @JsonProperty
    public void setMaxMessageBytes(DataSize maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Bytes written to one peer that its QUIC stream has not taken yet; past this, frames to it
     * are refused, and a peer that stays over it for a keep-alive interval is disconnected.
     */
    @JsonProperty
    public DataSize getMaxPendingBytes() {
        return maxPendingBytes;
    }

    @JsonProperty
    public void setMaxPendingBytes(DataSize maxPendingBytes) {
        this.maxPendingBytes = maxPendingBytes;
    }

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    private Duration keepAliveInterval = Duration.seconds(10);

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    private Duration handshakeTimeout = Duration.seconds(5);

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    private Duration dialBackoff = Duration.seconds(1);

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    private Duration maxDialBackoff = Duration.minutes(1);

    /**
     * Period of keep-alive pings; a peer that misses three is disconnected. QUIC's idle timeout
     * and the time a peer may stay over {@code maxPendingBytes} follow from it.
     */
    @JsonProperty
    public Duration getKeepAliveInterval() {
        return keepAliveInterval;
    }

    @JsonProperty
    public void setKeepAliveInterval(Duration keepAliveInterval) {
        this.keepAliveInterval = keepAliveInterval;
    }

    /** Time a new connection has to finish TLS and exchange hellos. */
    @JsonProperty
    public Duration getHandshakeTimeout() {
        return handshakeTimeout;
    }

    @JsonProperty
    public void setHandshakeTimeout(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    /** First delay before redialling a lost or unreachable peer; doubles per failure, less a random part of up to half. */
    @JsonProperty
    public Duration getDialBackoff() {
        return dialBackoff;
    }

    @JsonProperty
    public void setDialBackoff(Duration dialBackoff) {
        this.dialBackoff = dialBackoff;
    }

    @JsonProperty
    public Duration getMaxDialBackoff() {
        return maxDialBackoff;
    }

    @JsonProperty
    public void setMaxDialBackoff(Duration maxDialBackoff) {
        this.maxDialBackoff = maxDialBackoff;
    }

    @ValidationMethod(message = "network.maxPendingBytes must hold at least one frame of network.maxMessageBytes")
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isPendingBoundValid() {
        // a frame larger than the bound could never be sent, and its peer would be dropped as slow
        return maxPendingBytes == null || maxMessageBytes == null
                || maxPendingBytes.toBytes() >= maxMessageBytes.toBytes() + FrameCodec.LENGTH_BYTES;
    }

    /** Where peers are told to dial this node ({@code host:port}); absent means what they observe. */
    private String advertiseAddress;

    @Min(0)
    private int targetPeers = 8;

    @Min(1)
    private int maxPeers = 64;

    @JsonProperty
    public String getAdvertiseAddress() {
        return advertiseAddress;
    }

    @JsonProperty
    public void setAdvertiseAddress(String advertiseAddress) {
        this.advertiseAddress = advertiseAddress;
    }

    /** Connections this node dials learned peers for; bootstrap peers are dialled whatever the count. */
    @JsonProperty
    public int getTargetPeers() {
        return targetPeers;
    }

    @JsonProperty
    public void setTargetPeers(int targetPeers) {
        this.targetPeers = targetPeers;
    }

    /** Connections this node accepts; an inbound peer beyond them is refused ({@code full}). */
    @JsonProperty
    public int getMaxPeers() {
        return maxPeers;
    }

    @JsonProperty
    public void setMaxPeers(int maxPeers) {
        this.maxPeers = maxPeers;
    }

    @ValidationMethod(message = "network.listen, network.advertiseAddress and network.bootstrapPeers must be host:port"
            + " (bootstrap peers may be did@host:port), with a port from 0 to 65535")
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isAddressesValid() {
        if (listen == null || !PeerAddress.isHostPort(listen)) {
            return false;
        }
        if (advertiseAddress != null && !PeerAddress.isHostPort(advertiseAddress)) {
            return false;
        }
        return bootstrapPeers == null || bootstrapPeers.stream().allMatch(PeerAddress::isValid);
    }

    @ValidationMethod(message = "network.targetPeers must not exceed network.maxPeers")
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isPeerCountsValid() {
        return targetPeers <= maxPeers;
    }
}
