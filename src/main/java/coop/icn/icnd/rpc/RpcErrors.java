package coop.icn.icnd.rpc;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Errors in the API's shape: {@code {"code":…,"message":…}}, as Dropwizard's own. */
final class RpcErrors {
    private RpcErrors() {
    }

    static WebApplicationException badRequest(String message) {
        return new WebApplicationException(Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(400, message)).build());
    }
}
