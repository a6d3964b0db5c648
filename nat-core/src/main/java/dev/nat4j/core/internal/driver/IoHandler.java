package dev.nat4j.core.internal.driver;

import java.nio.channels.SelectionKey;

/** What a selection key's attachment does when its channel is ready. Selector thread only. */
interface IoHandler {

    /** The channel behind {@code key} is ready for the operations in {@code key.readyOps()}. */
    void ready(SelectionKey key, long now);

    /** Closes the channel; {@code why} is for the debug log. Idempotent. */
    void close(String why);
}
