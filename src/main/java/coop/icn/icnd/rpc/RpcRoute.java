package coop.icn.icnd.rpc;

import coop.icn.icnd.obs.LabelValue;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code route} label of the {@code icn_rpc_*} metrics: the HTTP method and JAX-RS template
 * of the resource method that answered, never the raw path, so that a million distinct hashes
 * or DIDs are one series. {@code RpcRouteTest} keeps this list equal to the resources' methods.
 */
public enum RpcRoute implements LabelValue {
    STATUS("GET", StatusResource.PATH),
    PEERS("GET", "/v1/peers"),
    DIAL("POST", "/v1/peers"),
    PING("POST", "/v1/peers/{did}/ping"),
    TOPICS("GET", "/v1/topics"),
    PUBLISH("POST", "/v1/topics/{topic}/entries"),
    PUBLISH_BATCH("POST", "/v1/topics/{topic}/entries/batch"),
    ENTRIES("GET", "/v1/topics/{topic}/entries"),
    ENTRY("GET", "/v1/entries/{hash}"),
    CREATE_CURRENCY("POST", "/v1/ledger/currencies"),
    CURRENCIES("GET", "/v1/ledger/currencies"),
    TRANSFER("POST", "/v1/ledger/transfers"),
    TRANSFER_BATCH("POST", "/v1/ledger/transfers/batch"),
    TRANSFERS("GET", "/v1/ledger/transfers"),
    ACCOUNT("GET", "/v1/ledger/accounts/{did}"),
    /** No resource method answered: an unknown path, a method the path lacks, Jersey's automatic OPTIONS. */
    UNMATCHED("unmatched"),
    /** Refused by {@link BearerTokenFilter} before any routing: no token, another scheme, a wrong one. */
    UNAUTHENTICATED("unauthenticated");

    private static final Map<String, RpcRoute> BY_LABEL = new HashMap<>();

    static {
        for (RpcRoute route : values()) {
            BY_LABEL.put(route.label, route);
        }
    }

    private final String label;

    RpcRoute(String method, String template) {
        this.label = method + " " + template;
    }

    RpcRoute(String label) {
        this.label = label;
    }

    /** The route of a resource method, {@link #UNMATCHED} for one not listed here. */
    static RpcRoute of(String method, String template) {
        return BY_LABEL.getOrDefault(method + " " + template, UNMATCHED);
    }

    @Override
    public String label() {
        return label;
    }
}
