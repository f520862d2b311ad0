package coop.icn.icnd.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>}; anything else is
 * answered 401 with a JSON error. A servlet filter rather than a Jersey one, so that it guards
 * unknown paths under {@code /v1} and the admin connector's {@code /tasks} alike, before any
 * resource runs. Jersey never sees a refused request, so this filter counts it itself, as
 * route {@code unauthenticated}, status 401, in {@code icn_rpc_requests_total} (and
 * {@code icn_rpc_client_errors_total}): the availability SLI counts every request answered.
 */
public final class BearerTokenFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenFilter.class);
    private static final String PREFIX = "Bearer ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RpcToken token;
    private final RpcMetrics metrics;

    BearerTokenFilter(RpcToken token, RpcMetrics metrics) {
        this.token = token;
        this.metrics = metrics;
    }

    /**
     * Guards {@code /v1/*} on the application connector and {@code /tasks/*} on the admin one
     * ({@code /metrics}, {@code /healthcheck} and {@code /ping} stay open for Prometheus and load
     * balancers). Returns the token, or empty with {@code rpc.auth: none}.
     */
    public static Optional<RpcToken> install(Environment environment, RpcConfig config, Path dataDir,
                                             RpcMetrics metrics) {
        if (config.getAuth() == RpcConfig.Auth.NONE) {
            LOG.warn("rpc.auth is none: anyone who can reach the RPC port can spend this node's credit");
            return Optional.empty();
        }
        RpcToken token = RpcToken.loadOrCreate(config.tokenFileOrDefault(dataDir));
        BearerTokenFilter filter = new BearerTokenFilter(token, metrics);
        environment.servlets().addFilter("rpc-token", filter)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/v1/*");
        environment.admin().addFilter("rpc-token", filter)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/tasks/*");
        LOG.info("RPC needs the bearer token in {}", token.file());
        return Optional.of(token);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long startNanos = System.nanoTime();
        String header = ((HttpServletRequest) request).getHeader("Authorization");
        String presented = header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? header.substring(PREFIX.length()).trim() : null;
        if (token.matches(presented)) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse http = (HttpServletResponse) response;
        http.setStatus(401);
        http.setHeader("WWW-Authenticate", "Bearer realm=\"icnd\"");
        http.setContentType("application/json");
        String message = presented == null
                ? "this API needs 'Authorization: Bearer <token>'; the token is in the node's rpc-token file"
                : "wrong bearer token";
        // counted before the body is written, as Jersey's answers are: the caller never sees an uncounted 401
        metrics.answered(RpcRoute.UNAUTHENTICATED, 401, System.nanoTime() - startNanos);
        JSON.writeValue(http.getOutputStream(), new ErrorMessage(401, message));
    }
}
