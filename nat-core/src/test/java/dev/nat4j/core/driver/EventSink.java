package dev.nat4j.core.driver;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Collects events with the thread they were delivered on; tests wait on it with a deadline. */
final class EventSink implements Consumer<TestEvent> {
    record Delivered(TestEvent event, Thread thread) { }

    private final BlockingQueue<Delivered> queue = new LinkedBlockingQueue<>();

    @Override
    public void accept(TestEvent event) {
        queue.add(new Delivered(event, Thread.currentThread()));
    }

    /** The next event of {@code type}, skipping others, within two seconds. */
    <T extends TestEvent> T next(Class<T> type) throws InterruptedException {
        return type.cast(nextDelivered(type).event());
    }

    Delivered nextDelivered(Class<? extends TestEvent> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (true) {
            long left = deadline - System.nanoTime();
            Delivered d = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            assertNotNull(d, "no " + type.getSimpleName() + " event within 2 s");
            if (type.isInstance(d.event())) {
                return d;
            }
        }
    }

    /** Null unless an event of {@code type} arrives within {@code millis}. */
    <T extends TestEvent> T poll(Class<T> type, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            long left = deadline - System.nanoTime();
            Delivered d = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (d == null) {
                return null;
            }
            if (type.isInstance(d.event())) {
                return type.cast(d.event());
            }
        }
    }
}
