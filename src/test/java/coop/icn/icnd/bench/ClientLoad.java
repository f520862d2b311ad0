package coop.icn.icnd.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Concurrent RPC clients for a fixed time: each thread sends one request after another (one in
 * flight per thread) until the time is up. A failed request stops every thread and is rethrown.
 */
public final class ClientLoad {
    /** One request from client {@code client}; answers how many items the node accepted. */
    @FunctionalInterface
    public interface Request {
        int send(int client) throws Exception;
    }

    private ClientLoad() {
    }

    /** Items accepted by {@code clients} threads sending {@code request} for {@code millis}. */
    public static long run(int clients, long millis, Request request) throws InterruptedException {
        AtomicLong accepted = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long deadline = System.nanoTime() + millis * 1_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread thread = new Thread(() -> {
                try {
                    while (failure.get() == null && System.nanoTime() < deadline) {
                        accepted.addAndGet(request.send(client));
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-client-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a client failed: " + failure.get().getMessage(), failure.get());
        }
        return accepted.get();
    }
}
