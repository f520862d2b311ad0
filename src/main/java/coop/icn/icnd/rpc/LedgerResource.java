package coop.icn.icnd.rpc;

import com.fasterxml.jackson.annotation.JsonProperty;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.ledger.LedgerActor;
import coop.icn.icnd.ledger.LedgerRejection;
import io.dropwizard.jersey.errors.ErrorMessage;
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

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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
        LedgerActor.TransferOrder order;
        try {
            order = order(request);
        } catch (IllegalArgumentException e) {
            throw RpcErrors.badRequest(e.getMessage());
        }
        String hash = RpcErrors.await(ledger.transfer(order.payee(), order.symbol(), order.amount(), order.memo()),
                TIMEOUT_MILLIS, LedgerResource::refused);
        return Response.status(201).entity(Map.of("hash", hash)).build();
    }

    public record TransferBatchRequest(@JsonProperty("transfers") List<TransferRequest> transfers) {
    }

    /**
     * Pays each transfer in order, each judged after those before it: every item is checked
     * first (one malformed item is a 400 naming it, and nothing is paid); then each answer is its
     * hash or its refusal, as the one-transfer route would give it.
     */
    @POST
    @Path("/transfers/batch")
    public Response transferBatch(InputStream body) throws IOException {
        List<TransferRequest> items = BatchBody.items(BatchBody.read(body, TransferBatchRequest.class,
                "{\"transfers\":[{\"to\",\"currency\",\"amount\",\"memo\"?}, ...]}").transfers(), "transfers");
        List<LedgerActor.TransferOrder> orders = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                orders.add(order(items.get(i)));
            } catch (IllegalArgumentException e) {
                throw RpcErrors.badRequest("transfers[" + i + "]: " + e.getMessage());
            }
        }
        // the timeout grows with the batch: each transfer waits to be applied
        List<Map<String, Object>> results = RpcErrors.await(ledger.pay(orders), TIMEOUT_MILLIS + 10L * orders.size())
                .stream().map(outcome -> outcome.refusal() == null ? Map.<String, Object>of("hash", outcome.hash())
                        : Map.<String, Object>of("error", new ErrorMessage(status(outcome.refusal()),
                        outcome.refusal().getMessage())))
                .toList();
        return Response.ok(Map.of("results", results)).build();
    }

    /** The order a request asks for; {@link IllegalArgumentException} saying what is wrong with it. */
    private static LedgerActor.TransferOrder order(TransferRequest request) {
        if (request == null || request.to() == null || request.currency() == null || request.amount() == null) {
            throw new IllegalArgumentException(
                    "give \"to\" (a DID), \"currency\" (a symbol) and \"amount\" (minor units)");
        }
        if (request.memo() != null && request.memo().length() > 1024) {
            throw new IllegalArgumentException("a memo is at most 1024 characters");
        }
        return new LedgerActor.TransferOrder(Did.parse(request.to()), request.currency(), request.amount(),
                request.memo());
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
        return cause instanceof LedgerRejection rejection ? RpcErrors.error(status(rejection), rejection.getMessage()) : null;
    }

    private static int status(LedgerRejection rejection) {
        return switch (rejection.reason()) {
            case EXISTS -> 409;
            case CURRENCY -> 404;
            default -> 422;
        };
    }
}
