package coop.icn.icnd.rpc;

import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.util.Duration;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** Healthy when {@code GET /v1/status} on the application connector answers 200 in time, token and all. */
public final class RpcHealthCheck extends HealthCheck {
    private final RpcEndpoint endpoint;
    private final Duration timeout;
    private final HttpClient client;
    private final Optional<RpcToken> token;

    public RpcHealthCheck(RpcEndpoint endpoint, Duration timeout, Optional<RpcToken> token) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.token = token;
        this.client = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofMillis(timeout.toMilliseconds())).build();
    }

    @Override
    protected Result check() throws InterruptedException {
        URI base = endpoint.baseUri();
        if (base == null) {
            return Result.unhealthy("the application connector is not bound (state " + endpoint.state() + ")");
        }
        URI status = base.resolve(StatusResource.PATH);
        HttpRequest.Builder request = HttpRequest.newBuilder(status)
                .timeout(java.time.Duration.ofMillis(timeout.toMilliseconds()));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t.value()));
        try {
            HttpResponse<Void> response = client.send(request.GET().build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                return Result.unhealthy("GET " + status + " answered " + response.statusCode());
            }
            return Result.builder().healthy().withDetail("url", base.toString()).build();
        } catch (IOException e) {
            return Result.unhealthy("GET " + status + " failed: " + e);
        }
    }
}
