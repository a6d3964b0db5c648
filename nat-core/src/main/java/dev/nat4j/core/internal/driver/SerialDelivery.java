package dev.nat4j.core.internal.driver;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an engine's events to the application on its executor, one at a time and in order, whatever the executor's
 * thread count. The selector thread only enqueues; a single task at a time drains the queue on the executor.
 *
 * <p>The queue is bounded: a listener that falls {@code capacity} events behind loses the newest ones (logged), so a
 * stuck application cannot exhaust the heap through the driver.
 */
public final class SerialDelivery<E> implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialDelivery.class);

    private final Queue<E> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor executor;
    private final Consumer<? super E> listener;
    private final int capacity;
    private long dropped; // selector thread only

    public SerialDelivery(Executor executor, Consumer<? super E> listener, int capacity) {
        this.executor = executor;
        this.listener = listener;
        this.capacity = capacity;
    }

    /** Queues an event; call {@link #flush()} once a batch is queued. Selector thread. */
    public void offer(E event) {
        if (pending.get() >= capacity) {
            if (dropped++ == 0 || Long.bitCount(dropped) == 1) {
                LOG.warn("event listener {} behind by {} events; {} dropped so far", listener, capacity, dropped);
            }
            return;
        }
        pending.incrementAndGet();
        queue.add(event);
    }

    /** Makes sure a delivery task is on its way when events are waiting. */
    public void flush() {
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            submit();
        }
    }

    private void submit() {
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            scheduled.set(false);
            LOG.warn("event executor rejected delivery; {} events wait for the next attempt", pending.get(), e);
        }
    }

    @Override
    public void run() {
        // Bounded batch, then resubmit: a busy engine must not monopolise a pool thread.
        for (int i = 0; i < 1024; i++) {
            E event = queue.poll();
            if (event == null) {
                break;
            }
            pending.decrementAndGet();
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event listener threw on {}", event, e);
            }
        }
        scheduled.set(false);
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            submit();
        }
    }
}
