package coop.icn.icnd.rpc;

import com.fasterxml.jackson.annotation.JsonProperty;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.ledger.LedgerActor;
import coop.icn.icnd.ledger.LedgerRejection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** {@code /v1/ledger}: currencies, transfers paid from this node's DID, balances. */
@Path("/v1/ledger")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class LedgerResource {
    private static final long TIMEOUT_MILLIS = 15_000;
    private final LedgerActor ledger;

    public LedgerResource(LedgerActor ledger) {
        this.ledger = ledger;
    }

    public record CurrencyRequest(@JsonProperty("symbol") String symbol, @JsonProperty("decimals") Integer decimals,
                                  @JsonProperty("creditLimit") Long creditLimit) {
    }

    public record TransferRequest(@JsonProperty("to") String to, @JsonProperty("currency") String currency,
                                  @JsonProperty("amount") Long amount, @JsonProperty("memo") String memo) {
    }

    @POST
    @Path("/currencies")
    public Response createCurrency(CurrencyRequest request) {
        if (request == null || request.symbol() == null || request.decimals() == null || request.creditLimit() == null) {
            throw RpcErrors.badRequest("give \"symbol\", \"decimals\" and \"creditLimit\"");
        }
        return Response.status(201).entity(RpcErrors.await(ledger.createCurrency(request.symbol(), request.decimals(),
                request.creditLimit()), TIMEOUT_MILLIS, LedgerResource::refused)).build();
    }

    @GET
    @Path("/currencies")
    public List<LedgerActor.CurrencyView> currencies() {
        return RpcErrors.await(ledger.currencies(), TIMEOUT_MILLIS);
    }

    @POST
    @Path("/transfers")
    public Response transfer(TransferRequest request) {
        if (request == null || request.to() == null || request.currency() == null || request.amount() == null) {
            throw RpcErrors.badRequest("give \"to\" (a DID), \"currency\" (a symbol) and \"amount\" (minor units)");
        }
        if (request.memo() != null && request.memo().length() > 1024) {
            throw RpcErrors.badRequest("a memo is at most 1024 characters");
        }
        Did payee;
        try {
            payee = Did.parse(request.to());
        } catch (IllegalArgumentException e) {
            throw RpcErrors.badRequest(e.getMessage());
        }
        String hash = RpcErrors.await(ledger.transfer(payee, request.currency(), request.amount(), request.memo()),
                TIMEOUT_MILLIS, LedgerResource::refused);
        return Response.status(201).entity(Map.of("hash", hash)).build();
    }

    @GET
    @Path("/accounts/{did}")
    public Map<String, Object> account(@PathParam("did") String did) {
        Did account;
        try {
            account = Did.parse(did);
        } catch (IllegalArgumentException e) {
            throw RpcErrors.badRequest(e.getMessage());
        }
        return Map.of("did", account.value(), "balances", RpcErrors.await(ledger.balances(account), TIMEOUT_MILLIS));
    }

    @GET
    @Path("/transfers")
    public List<LedgerActor.TransferView> transfers(@QueryParam("currency") String currency) {
        return RpcErrors.await(ledger.transfers(currency), TIMEOUT_MILLIS);
    }

    /** The node saw the request break a ledger rule: 422 with the reason (409 and 404 for the two lookups). */
    private static WebApplicationException refused(Throwable cause) {
        if (!(cause instanceof LedgerRejection rejection)) {
            return null;
        }
        int status = switch (rejection.reason()) {
            case EXISTS -> 409;
            case CURRENCY -> 404;
            default -> 422;
        };
        return RpcErrors.error(status, rejection.getMessage());
    }
}
