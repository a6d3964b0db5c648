package dev.nat4j.core.internal.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.driver.DriverConfig;

/**
 * The selector thread: owns every channel and engine slot, runs posted commands, fires engine deadlines and reaps
 * stalled connections. Everything here except {@link #post}, {@link #stop} and {@link #inLoop} runs on that thread.
 */
public final class EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final long MAX_SWEEP_INTERVAL = TimeUnit.SECONDS.toNanos(1);
    private static final long MIN_SWEEP_INTERVAL = TimeUnit.MILLISECONDS.toNanos(5);

    final DriverConfig config;
    final long idleTimeoutNanos;
    final long frameTimeoutNanos;
    private final long sweepInterval;

    private final Selector selector;
    private final Thread thread;
    private final Queue<LoopTask> commands = new ConcurrentLinkedQueue<>();
    private final List<EngineSlot<?>> slots = new ArrayList<>();
    private final Set<StreamConnection> connections = new LinkedHashSet<>();
    private final List<StreamConnection> sweepScratch = new ArrayList<>();
    /** One receive buffer for every UDP socket: the loop handles one datagram at a time. */
    final ByteBuffer datagramBuffer = ByteBuffer.allocate(65536);

    private volatile boolean running = true;
    private long nextSweepAt;
    /** The select action, kept in a field: the select(Consumer) form avoids the selected-key set's garbage. */
    private final java.util.function.Consumer<SelectionKey> onReady = this::dispatch;
    private boolean haveDispatchTime;
    private long dispatchTime;
    private boolean inSelect;
    /** A channel was closed by a handler during a select: its port is let go right after that select returns. */
    private boolean releasePending;
    private static final java.util.function.Consumer<SelectionKey> IGNORE_READINESS = key -> { };

    public EventLoop(DriverConfig config) throws IOException {
        this.config = config;
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        this.frameTimeoutNanos = config.frameTimeout().toNanos();
        long shortest = Math.min(idleTimeoutNanos, frameTimeoutNanos);
        this.sweepInterval = Math.max(MIN_SWEEP_INTERVAL, Math.min(MAX_SWEEP_INTERVAL, shortest / 4));
        this.selector = Selector.open();
        this.thread = new Thread(this::run, config.threadName());
        this.thread.setDaemon(true);
    }

    /** Starts the selector thread. */
    public void start() {
        thread.start();
    }

    /** True on the selector thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** True until {@link #stop()}. */
    public boolean isRunning() {
        return running;
    }

    /**
     * Queues {@code task} for the selector thread and wakes it.
     *
     * @throws RejectedExecutionException when the loop has stopped
     */
    public void post(LoopTask task) {
        if (!running) {
            throw new RejectedExecutionException("driver is closed");
        }
        commands.add(task);
        if (!running) {
            // Raced with stop(): the loop may have drained the queue already; make sure the task hears about it.
            if (commands.remove(task)) {
                task.abandon(new RejectedExecutionException("driver is closed"));
            }
            return;
        }
        if (!inLoop()) {
            selector.wakeup();
        }
    }

    /** Runs {@code task} on the selector thread again at the next iteration (fairness for long work). */
    void later(LoopTask task) {
        commands.add(task);
    }

    /** Stops the loop, closes every channel and waits (up to {@code timeoutMillis}) for the thread to end. */
    public void stop(long timeoutMillis) throws InterruptedException {
        running = false;
        selector.wakeup();
        if (!inLoop() && thread.isAlive()) {
            thread.join(timeoutMillis);
            if (thread.isAlive()) {
                LOG.warn("driver thread {} did not stop within {} ms", thread.getName(), timeoutMillis);
            }
        }
    }

    /** Completes {@code future} on the callback executor, so that its dependent stages never run on this thread. */
    public <T> void complete(java.util.concurrent.CompletableFuture<T> future, T value) {
        try {
            config.callbackExecutor().execute(() -> future.complete(value));
        } catch (RejectedExecutionException e) {
            future.complete(value);
        }
    }

    /** Fails {@code future} on the callback executor. */
    public void fail(java.util.concurrent.CompletableFuture<?> future, Throwable cause) {
        try {
            config.callbackExecutor().execute(() -> future.completeExceptionally(cause));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(cause);
        }
    }

    /** The selector thread, for tests that check it ended. */
    public Thread thread() {
        return thread;
    }

    // ------------------------------------------------------------------------------------------ selector thread

    Selector selector() {
        return selector;
    }

    void addSlot(EngineSlot<?> slot) {
        slots.add(slot);
    }

    void removeSlot(EngineSlot<?> slot) {
        slots.remove(slot);
    }

    boolean admitConnection() {
        return connections.size() < config.maxConnections();
    }

    void track(StreamConnection connection) {
        connections.add(connection);
    }

    void untrack(StreamConnection connection) {
        connections.remove(connection);
    }

    /**
     * Makes channels closed since the last select really let go of their ports. NIO defers the close of a registered
     * channel until its selector deregisters the key at the next select; without this, a port closed by a command
     * could still be bound when the command's caller resumes. Readiness seen by this extra select is dropped on
     * purpose: the selector is level-triggered, so it is reported again at the next regular select.
     *
     * <p>Inside a select (a readiness handler closed something) a nested select would clobber the one in progress,
     * so the flush is done right after it returns, before any command or deadline runs.
     */
    void releaseClosedChannels() {
        if (inSelect) {
            releasePending = true;
            return;
        }
        releasePending = false;
        if (!selector.isOpen()) {
            return;
        }
        try {
            selector.selectNow(IGNORE_READINESS);
        } catch (IOException | ClosedSelectorException e) {
            LOG.debug("flushing cancelled keys failed", e);
        }
    }

    /** Drains every engine, after a command that may have touched any of them. */
    public void drainAll() {
        long now = System.nanoTime();
        for (int i = 0; i < slots.size(); i++) {
            slots.get(i).drain(now);
        }
    }

    /** Number of open stream connections (tests). */
    public int connectionCount() {
        return connections.size();
    }

    private void run() {
        try {
            nextSweepAt = System.nanoTime() + sweepInterval;
            while (running) {
                long now = System.nanoTime();
                long wakeAt = Math.min(earliestDeadline(), connections.isEmpty() ? Long.MAX_VALUE : nextSweepAt);
                haveDispatchTime = false;
                inSelect = true;
                try {
                    if (!commands.isEmpty() || wakeAt <= now) {
                        selector.selectNow(onReady);
                    } else if (wakeAt == Long.MAX_VALUE) {
                        selector.select(onReady);
                    } else {
                        selector.select(onReady, ceilMillis(wakeAt - now));
                    }
                } finally {
                    inSelect = false;
                }
                if (!running) {
                    break;
                }
                if (releasePending) {
                    releaseClosedChannels();
                }
                if (Thread.interrupted()) {
                    // An interrupt makes every later select return at once: clear it or the loop spins. Only
                    // close() stops the driver.
                    LOG.debug("driver thread {} interrupted; ignored (use close() to stop it)", thread.getName());
                }
                runCommands();
                now = System.nanoTime();
                fireTimeouts(now);
                if (now >= nextSweepAt) {
                    sweep(now);
                    nextSweepAt = now + sweepInterval;
                }
            }
        } catch (ClosedSelectorException e) {
            LOG.debug("selector closed under the driver loop");
        } catch (Throwable t) {
            LOG.error("driver loop {} failed; closing every socket", thread.getName(), t);
        } finally {
            running = false;
            shutdown();
        }
    }

    /** Milliseconds to wait for {@code nanos} (rounded up, so we never wake early), saturating instead of wrapping. */
    static long ceilMillis(long nanos) {
        if (nanos <= 0 || nanos > Long.MAX_VALUE - 999_999) {
            // A non-positive difference of a future deadline means it overflowed: the deadline is very far away.
            return Long.MAX_VALUE / 1_000_000;
        }
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    private long earliestDeadline() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < slots.size(); i++) {
            long d = slots.get(i).deadline();
            if (d < min) {
                min = d;
            }
        }
        return min;
    }

    private void dispatch(SelectionKey key) {
        if (!running || !key.isValid()) {
            return;
        }
        if (!haveDispatchTime) {
            // One clock read per select round: every key of the round sees the same "now".
            dispatchTime = System.nanoTime();
            haveDispatchTime = true;
        }
        IoHandler handler = (IoHandler) key.attachment();
        try {
            handler.ready(key, dispatchTime);
        } catch (RuntimeException e) {
            // Our own bug (engines are guarded in EngineSlot): lose the channel, keep the loop.
            LOG.warn("I/O handler {} failed; closing it", handler, e);
            handler.close("handler failure");
        }
    }

    private void runCommands() {
        // Only what is queued now: tasks that re-post themselves wait for the next turn.
        for (int n = commands.size(); n > 0; n--) {
            LoopTask task = commands.poll();
            if (task == null) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("driver command {} failed", task, e);
            }
        }
    }

    private void fireTimeouts(long now) {
        for (int i = 0; i < slots.size(); i++) {
            EngineSlot<?> slot = slots.get(i);
            if (slot.deadline() <= now) {
                slot.fireTimeout(now);
            }
        }
    }

    private void sweep(long now) {
        sweepScratch.addAll(connections);
        for (int i = 0; i < sweepScratch.size(); i++) {
            sweepScratch.get(i).checkTimeouts(now);
        }
        sweepScratch.clear();
    }

    private void shutdown() {
        RejectedExecutionException closed = new RejectedExecutionException("driver is closed");
        for (LoopTask task; (task = commands.poll()) != null; ) {
            task.abandon(closed);
        }
        for (EngineSlot<?> slot : new ArrayList<>(slots)) {
            slot.closeSockets("driver closed");
        }
        slots.clear();
        for (StreamConnection c : new ArrayList<>(connections)) {
            c.close("driver closed");
        }
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            try {
                key.channel().close();
            } catch (IOException e) {
                LOG.debug("closing {} failed", key.channel(), e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector failed", e);
        }
        // A command posted while we were closing.
        for (LoopTask task; (task = commands.poll()) != null; ) {
            task.abandon(closed);
        }
    }
}
