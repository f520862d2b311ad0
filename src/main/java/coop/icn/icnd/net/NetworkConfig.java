package coop.icn.icnd.net;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotNull;

import java.util.ArrayList;
import java.util.List;

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

    @ValidationMethod(message = "network.listen and network.bootstrapPeers must be host:port"
            + " (bootstrap peers may be did@host:port), with a port from 0 to 65535")
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isAddressesValid() {
        if (listen == null || !PeerAddress.isHostPort(listen)) {
            return false;
        }
        return bootstrapPeers == null || bootstrapPeers.stream().allMatch(PeerAddress::isValid);
    }
}
