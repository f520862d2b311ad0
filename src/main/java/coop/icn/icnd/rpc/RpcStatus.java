package coop.icn.icnd.rpc;

import coop.icn.icnd.obs.LabelValue;

import java.util.HashMap;
import java.util.Map;

/**
 * The HTTP statuses the RPC API answers, the {@code status} label of the {@code icn_rpc_*}
 * counters. Every one is exported at 0 from the start; a status outside the list (none is
 * expected) is counted under its class ({@code 2xx} … {@code 5xx}), so {@code status=~"5.."}
 * still selects every server error and the label stays bounded.
 */
public enum RpcStatus implements LabelValue {
    OK(200),
    CREATED(201),
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    CONFLICT(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    UNPROCESSABLE_ENTITY(422),
    INTERNAL_SERVER_ERROR(500),
    BAD_GATEWAY(502),
    SERVICE_UNAVAILABLE(503),
    GATEWAY_TIMEOUT(504),
    OTHER_2XX("2xx"),
    OTHER_3XX("3xx"),
    OTHER_4XX("4xx"),
    OTHER_5XX("5xx");

    private static final Map<Integer, RpcStatus> BY_CODE = new HashMap<>();

    static {
        for (RpcStatus status : values()) {
            if (Character.isDigit(status.label.charAt(1))) {
                BY_CODE.put(Integer.parseInt(status.label), status);
            }
        }
    }

    private final String label;

    RpcStatus(int code) {
        this.label = Integer.toString(code);
    }

    RpcStatus(String statusClass) {
        this.label = statusClass;
    }

    /** The status answered, or its class when it is not one of the listed codes. */
    public static RpcStatus of(int code) {
        RpcStatus exact = BY_CODE.get(code);
        if (exact != null) {
            return exact;
        }
        return switch (Math.max(2, Math.min(5, code / 100))) {
            case 2 -> OTHER_2XX;
            case 3 -> OTHER_3XX;
            case 4 -> OTHER_4XX;
            default -> OTHER_5XX;
        };
    }

    /** A 4xx: the caller's fault, also counted in {@code icn_rpc_client_errors_total}. */
    public boolean isClientError() {
        return label.charAt(0) == '4';
    }

    @Override
    public String label() {
        return label;
    }
}
