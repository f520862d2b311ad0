package coop.icn.icnd.rpc;

import coop.icn.icnd.core.ActorState;
import coop.icn.icnd.core.Supervised;
import io.dropwizard.lifecycle.PortDescriptor;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

import java.net.URI;

/**
 * The RPC side of the node as the supervisor sees it: Jersey on the application connector,
 * running from the moment Jetty has bound that connector until Jetty stops.
 */
public final class RpcEndpoint implements Supervised, ServerLifecycleListener {
    public static final String NAME = "rpc";

    private final Runnable onChange;
    private volatile ActorState state = ActorState.NEW;
    private volatile URI baseUri;

    /** {@code onChange} runs whenever the state changes, so the supervisor's gauges follow. */
    public RpcEndpoint(Runnable onChange) {
        this.onChange = onChange;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ActorState state() {
        return state;
    }

    /** Where the application connector listens, once it does. */
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public void serverStarted(Server server) {
        for (PortDescriptor port : getPortDescriptorList(server)) {
            if ("application".equals(port.getConnectorType())) {
                String host = port.getHost() == null || port.getHost().isEmpty() || "0.0.0.0".equals(port.getHost())
                        ? "127.0.0.1" : port.getHost();
                // the descriptor's protocol reads like "HTTP/1.1" or "SSL, ALPN, HTTP/1.1"
                String scheme = port.getProtocol().toLowerCase(java.util.Locale.ROOT).contains("ssl") ? "https" : "http";
                baseUri = URI.create(scheme + "://" + host + ":" + port.getPort());
                break;
            }
        }
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                setState(ActorState.STOPPING);
            }

            @Override
            public void lifeCycleStopped(LifeCycle event) {
                setState(ActorState.STOPPED);
            }
        });
        setState(baseUri != null ? ActorState.RUNNING : ActorState.FAILED);
    }

    private void setState(ActorState next) {
        state = next;
        onChange.run();
    }
}
