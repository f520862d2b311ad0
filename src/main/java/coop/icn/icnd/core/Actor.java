package coop.icn.icnd.core;

import com.codahale.metrics.Counter;
import io.dropwizard.util.Duration;
import io.opentelemetry.context.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A component that owns its state on one thread and is reached only through its bounded
 * mailbox. Subclasses keep their mutable state private and expose small methods that
 * {@link #ask} or {@link #tell} the actor; nothing else touches that state.
 *
 * <p>An exception escaping a {@link #tell} message, or any {@link Error}, crashes the loop: the
 * actor turns {@link ActorState#FAILED} and the {@link Supervisor} restarts the loop after a
 * backoff. Messages already queued stay queued and run after the restart. An exception in an
 * {@link #ask} message only fails the caller's future; the caller asked, the caller handles it.
 */
public abstract class Actor implements Supervised {
    private static final Logger LOG = LoggerFactory.getLogger(Actor.class);

    private final String name;
    private final ActorContext context;
    private final BlockingQueue<Message> mailbox;
    private final Counter mailboxRejected;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private volatile ActorState state = ActorState.NEW;
    private volatile Thread loop;
    private volatile Supervisor supervisor;

    protected Actor(String name, ActorContext context) {
        this.name = name;
        this.context = context;
        this.mailbox = new ArrayBlockingQueue<>(context.mailboxCapacity());
        this.mailboxRejected = context.systemMetrics().mailboxRejected(name);
        context.systemMetrics().mailboxDepth(name, mailbox::size);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ActorState state() {
        return state;
    }

    protected final ActorContext context() {
        return context;
    }

    public final int mailboxDepth() {
        return mailbox.size();
    }

    /** Runs {@code question} on the actor's thread; its result or exception completes the future. */
    public final <T> CompletableFuture<T> ask(Callable<T> question) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Message message = new Message(carryingContext(() -> {
            try {
                answer.complete(question.call());
            } catch (Exception e) {
                answer.completeExceptionally(e);
            }
        }), answer::completeExceptionally);
        if (!enqueue(message)) {
            answer.completeExceptionally(refusal());
        }
        return answer;
    }

    /**
     * Queues {@code message} without waiting for it. Returns false (and counts it) when the
     * mailbox is full or the actor has stopped.
     */
    public final boolean tell(Runnable message) {
        if (!enqueue(new Message(carryingContext(message), refused -> LOG.debug("{}: dropped a message: {}", name, refused.getMessage())))) {
            LOG.debug("{}: {}", name, refusal().getMessage());
            return false;
        }
        return true;
    }

    /**
     * A message runs in the trace context it was sent in, so a trace crosses mailboxes; outside
     * any span (tracing off, or no span current) nothing is wrapped and nothing allocated.
     */
    static {
        MdcContextStorage.install();
    }

    private static Runnable carryingContext(Runnable message) {
        Context current = Context.current();
        return current == Context.root() ? message : current.wrap(message);
    }

    private boolean enqueue(Message message) {
        if (state == ActorState.STOPPED) {
            return false;
        }
        if (!mailbox.offer(message)) {
            mailboxRejected.inc();
            return false;
        }
        return true;
    }

    /** Called on the supervisor's thread before the loop first runs: bind, open, schedule. */
    protected void doStart() throws Exception {
    }

    /** Called after the loop has ended for good: release what {@link #doStart} took. */
    protected void doStop() throws Exception {
    }

    /** What the health check reports; runs on the actor's thread, so it may read actor state. */
    protected Map<String, Object> healthDetails() {
        return Map.of();
    }

    /**
     * Why the actor, though running and answering, cannot do its job (an endpoint not bound,
     * say), or null when nothing is wrong. Runs on the actor's thread.
     */
    protected String healthProblem() {
        return null;
    }

    /** One round trip through the mailbox for the health check: the problem, if any, and the details. */
    final CompletableFuture<HealthReport> healthReport() {
        return ask(() -> new HealthReport(healthProblem(), healthDetails()));
    }

    record HealthReport(String problem, Map<String, Object> details) {
    }

    /** Runs {@code task} on the actor's thread every {@code period}, from {@link #doStart} on. */
    protected final void every(Duration period, Runnable task) {
        long millis = period.toMilliseconds();
        timers.add(context.scheduler().scheduleAtFixedRate(() -> {
            if (state == ActorState.RUNNING) {
                tell(task);
            }
        }, millis, millis, TimeUnit.MILLISECONDS));
    }

    final void start(Supervisor owner) throws Exception {
        this.supervisor = owner;
        doStart();
        spawnLoop();
    }

    final void restart() {
        if (state == ActorState.FAILED) {
            spawnLoop();
        }
    }

    final void stop() throws Exception {
        if (state == ActorState.STOPPED) {
            return;
        }
        setState(ActorState.STOPPING);
        timers.forEach(timer -> timer.cancel(false));
        Thread thread = loop;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        setState(ActorState.STOPPED);
        List<Message> unanswered = new ArrayList<>();
        mailbox.drainTo(unanswered);
        RejectedExecutionException stopped = refusal();
        unanswered.forEach(message -> message.refuse(stopped));
        doStop();
    }

    private void spawnLoop() {
        Thread thread = new Thread(this::runLoop, "actor-" + name);
        thread.setDaemon(true);
        loop = thread;
        setState(ActorState.RUNNING);
        thread.start();
    }

    private void runLoop() {
        try {
            while (state == ActorState.RUNNING) {
                mailbox.take().body().run();
            }
        } catch (InterruptedException e) {
            // stop() interrupts us; nothing else does
            Thread.currentThread().interrupt();
        } catch (Throwable crash) {
            LOG.error("actor {} crashed; the supervisor will restart it", name, crash);
            setState(ActorState.FAILED);
            Supervisor owner = supervisor;
            if (owner != null) {
                owner.crashed(this, crash);
            }
        }
    }

    private RejectedExecutionException refusal() {
        return new RejectedExecutionException(state == ActorState.STOPPED
                ? "actor " + name + " has stopped"
                : "mailbox of actor " + name + " is full (" + mailbox.size() + " messages)");
    }

    /** A queued message, and how to tell its sender it will never run. */
    private record Message(Runnable body, Consumer<Exception> refuse) {
        void refuse(Exception reason) {
            refuse.accept(reason);
        }
    }

    private void setState(ActorState next) {
        state = next;
        Supervisor owner = supervisor;
        if (owner != null) {
            owner.refresh();
        }
    }
}
