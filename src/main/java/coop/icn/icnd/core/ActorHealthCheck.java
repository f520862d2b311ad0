package coop.icn.icnd.core;

import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.util.Duration;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Healthy when the actor is running and answers a round trip through its mailbox within the
 * timeout; the answer carries the actor's own details (peers, topics, last round...).
 */
public final class ActorHealthCheck extends HealthCheck {
    private final Actor actor;
    private final Duration timeout;

    public ActorHealthCheck(Actor actor, Duration timeout) {
        this.actor = actor;
        this.timeout = timeout;
    }

    @Override
    protected Result check() throws InterruptedException {
        ActorState state = actor.state();
        if (state != ActorState.RUNNING) {
            return base(Result.builder().unhealthy())
                    .withMessage("actor " + actor.name() + " is " + state)
                    .build();
        }
        try {
            Actor.HealthReport report = actor.healthReport().get(timeout.toMilliseconds(), TimeUnit.MILLISECONDS);
            ResultBuilder result = report.problem() == null
                    ? base(Result.builder().healthy())
                    : base(Result.builder().unhealthy()).withMessage(report.problem());
            report.details().forEach(result::withDetail);
            return result.build();
        } catch (TimeoutException e) {
            return base(Result.builder().unhealthy())
                    .withMessage("actor " + actor.name() + " did not answer within " + timeout)
                    .build();
        } catch (ExecutionException e) {
            return base(Result.builder().unhealthy())
                    .withMessage("actor " + actor.name() + " failed to answer: " + e.getCause().getMessage())
                    .build();
        }
    }

    private ResultBuilder base(ResultBuilder builder) {
        return builder.withDetail("state", actor.state().name())
                .withDetail("mailboxDepth", actor.mailboxDepth());
    }
}
