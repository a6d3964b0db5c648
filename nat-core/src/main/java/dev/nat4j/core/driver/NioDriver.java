package dev.nat4j.core.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import dev.nat4j.core.Engine;
import dev.nat4j.core.internal.driver.EngineSlot;
import dev.nat4j.core.internal.driver.EventLoop;
import dev.nat4j.core.internal.driver.LoopTask;

/**
 * Runs sans-IO {@link Engine}s on real sockets: one selector thread owns every socket and every engine registered
 * with it, and feeds them datagrams, stream frames and {@link System#nanoTime()}.
 *
 * <p>After every input (a datagram, a frame, a due deadline, a posted command) the driver drains the engine's
 * {@link Engine#pollTransmit() transmits} and {@link Engine#pollEvent() events} and re-arms its
 * {@link Engine#pollTimeout() deadline}. A transmit's source picks the socket, in one lookup however many sockets
 * the engine has: for UDP the bound socket with that transport address ({@code null}: the engine's oldest open UDP
 * socket), for TCP/TLS the connection identified by (source, destination); a source with no open socket is dropped
 * (debug log). Events go to the listener on the executor given at registration, in order, never on the selector
 * thread. Engines are not thread-safe, so other threads reach them only through {@link EngineHandle#call} or
 * {@link #call}, which run on the selector thread.
 *
 * <p>On TCP and TLS both directions carry STUN messages (20 + length bytes) and TURN ChannelData (4 + length bytes,
 * padded to a multiple of 4, RFC 8656 §12.5) back to back; a byte stream that is neither, or a frame over
 * {@link DriverConfig#maxFrameBytes()}, closes the connection. Stalled and idle connections are closed after the
 * configured timeouts. An exception thrown by an engine is logged and never stops the loop.
 *
 * <pre>{@code
 * try (NioDriver driver = NioDriver.start()) {
 *     EngineHandle<BindingEvent> client = driver.register(new BindingClient(server),
 *             List.of(SocketSpec.udp(new InetSocketAddress("0.0.0.0", 0))),
 *             executor, event -> System.out.println(event));
 *     client.execute(() -> client.engine().start(NioDriver.now()));
 *     ...
 * }
 * }</pre>
 */
public final class NioDriver implements AutoCloseable {
    private static final long STOP_TIMEOUT_MILLIS = 5_000;

    private final EventLoop loop;
    private final DriverConfig config;

    private NioDriver(DriverConfig config) throws IOException {
        this.config = config;
        this.loop = new EventLoop(config);
        loop.start();
    }

    /** Starts a driver with {@link DriverConfig#defaults()}. */
    public static NioDriver start() {
        return start(DriverConfig.defaults());
    }

    /**
     * Starts a driver thread with {@code config}.
     *
     * @throws UncheckedIOException when no selector can be opened
     */
    public static NioDriver start(DriverConfig config) {
        Objects.requireNonNull(config, "config");
        try {
            return new NioDriver(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    /** The driver's clock: {@link System#nanoTime()}. Use it for the {@code now} of calls made through the driver. */
    public static long now() {
        return System.nanoTime();
    }

    /** The configuration this driver runs with. */
    public DriverConfig config() {
        return config;
    }

    /**
     * Opens {@code sockets} for {@code engine} and starts driving it. Blocks until the sockets are bound.
     *
     * @param engine        the engine; from now on touch it only through the returned handle's {@code call}
     * @param sockets       UDP sockets and TCP/TLS listeners to open; may be empty for an engine that only makes
     *                      outgoing connections
     * @param eventExecutor where {@code listener} runs
     * @param listener      receives the engine's events, one at a time, in order
     * @throws IOException when a socket cannot be opened or bound (the ones already opened are closed again)
     */
    public <E> EngineHandle<E> register(Engine<E> engine, List<SocketSpec> sockets, Executor eventExecutor,
                                        Consumer<? super E> listener) throws IOException {
        Objects.requireNonNull(engine, "engine");
        List<SocketSpec> specs = List.copyOf(sockets);
        Objects.requireNonNull(eventExecutor, "eventExecutor");
        Objects.requireNonNull(listener, "listener");
        EngineSlot<E> slot = new EngineSlot<>(loop, engine, eventExecutor, listener);
        onLoop(() -> {
            try {
                for (SocketSpec spec : specs) {
                    slot.open(spec);
                }
            } catch (IOException | RuntimeException e) {
                slot.close();
                throw e;
            }
            slot.attach();
            return null;
        });
        return new EngineHandle<>(this, slot);
    }

    /** As {@link #register(Engine, List, Executor, Consumer)}, delivering events on the common fork-join pool. */
    public <E> EngineHandle<E> register(Engine<E> engine, List<SocketSpec> sockets, Consumer<? super E> listener)
            throws IOException {
        return register(engine, sockets, ForkJoinPool.commonPool(), listener);
    }

    /**
     * Runs {@code command} on the selector thread, then drains every engine. The future completes on the
     * {@linkplain DriverConfig#callbackExecutor() callback executor}; it fails when the driver is closed.
     */
    public <T> CompletableFuture<T> call(Callable<T> command) {
        return submit(command, null);
    }

    /** As {@link #call(Callable)} for a command without a result. */
    public CompletableFuture<Void> execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        return submit(() -> {
            command.run();
            return null;
        }, null);
    }

    /** True when the calling thread is the driver's selector thread. */
    public boolean isDriverThread() {
        return loop.inLoop();
    }

    /** True until {@link #close()} (or a fatal loop failure). */
    public boolean isOpen() {
        return loop.isRunning();
    }

    /**
     * Closes every socket of every engine, stops the selector thread and waits for it to end. Pending commands fail.
     * Idempotent. Called on the selector thread itself it cannot wait, and returns once the stop is requested.
     */
    @Override
    public void close() {
        try {
            loop.stop(STOP_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The selector thread (tests check that it ended). */
    Thread thread() {
        return loop.thread();
    }

    EventLoop loop() {
        return loop;
    }

    <T> CompletableFuture<T> submit(Callable<T> command, EngineSlot<?> slot) {
        Objects.requireNonNull(command, "command");
        CompletableFuture<T> future = new CompletableFuture<>();
        LoopTask task = new LoopTask() {
            @Override
            public void run() {
                if (slot != null && slot.isClosed()) {
                    loop.fail(future, new IllegalStateException("engine is closed"));
                    return;
                }
                T value;
                try {
                    value = command.call();
                } catch (Throwable t) {
                    drainAfter(slot);
                    loop.fail(future, t);
                    return;
                }
                drainAfter(slot);
                loop.complete(future, value);
            }

            @Override
            public void abandon(Throwable cause) {
                future.completeExceptionally(cause);
            }
        };
        if (loop.inLoop()) {
            task.run();
            return future;
        }
        try {
            loop.post(task);
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    private void drainAfter(EngineSlot<?> slot) {
        if (slot == null) {
            loop.drainAll();
        } else {
            slot.afterCommand();
        }
    }

    /** Loop-side work that may throw an IOException, run to completion while the caller waits. */
    interface LoopWork<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} on the selector thread and waits for it, rethrowing its IOException. */
    <T> T onLoop(LoopWork<T> work) throws IOException {
        if (loop.inLoop()) {
            return work.run();
        }
        // Completed on the loop thread directly: only this caller waits on it, nothing chains onto it.
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            loop.post(new LoopTask() {
                @Override
                public void run() {
                    try {
                        result.complete(work.run());
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                }

                @Override
                public void abandon(Throwable cause) {
                    result.completeExceptionally(cause);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new IOException("driver is closed", e);
        }
        try {
            return result.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RejectedExecutionException) {
                throw new IOException("driver is closed", cause);
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }
}
