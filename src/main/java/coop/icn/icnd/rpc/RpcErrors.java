package coop.icn.icnd.rpc;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Errors in the API's shape, {@code {"code":…,"message":…}} as Dropwizard's own, and the wait
 * for an actor's answer that turns its failures into them: the resource's own mapping first
 * (null when it has none for that failure), then {@code IllegalArgumentException} as 400, and
 * anything else as 503; no answer in time is 504.
 */
final class RpcErrors {
    private RpcErrors() {
    }

    static WebApplicationException badRequest(String message) {
        return error(400, message);
    }

    static <T> T await(CompletableFuture<T> future, long timeoutMillis, Function<Throwable, WebApplicationException> mapping) {
        try {
            return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            WebApplicationException mapped = mapping.apply(cause);
            if (mapped != null) {
                throw mapped;
            }
            if (cause instanceof IllegalArgumentException bad) {
                throw badRequest(bad.getMessage());
            }
            throw error(503, "the node could not answer: " + cause.getMessage());
        } catch (TimeoutException e) {
            throw error(504, "no answer within " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw error(503, "interrupted");
        }
    }

    static <T> T await(CompletableFuture<T> future, long timeoutMillis) {
        return await(future, timeoutMillis, cause -> null);
    }

    static WebApplicationException error(int status, String message) {
        return new WebApplicationException(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(status, message)).build());
    }

}
