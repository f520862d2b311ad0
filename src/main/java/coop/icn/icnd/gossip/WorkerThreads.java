package coop.icn.icnd.gossip;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A fixed pool of named daemon threads for the gossip actor's signature work ({@link SignerPool},
 * {@link VerifierPool}): started with the actor, and on stop given up to 5 s to finish what it
 * was handed, so that nothing acknowledged is cut off and a stuck signature cannot hold the node.
 */
final class WorkerThreads {
    private final String name;
    private final int count;
    private ExecutorService executor;

    WorkerThreads(String name, int count) {
        this.name = name;
        this.count = count;
    }

    int count() {
        return count;
    }

    void start() {
        executor = Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** @throws RejectedExecutionException once stopped */
    void execute(Runnable task) {
        executor.execute(task);
    }

    void stop() throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
