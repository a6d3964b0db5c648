/**
 * Shared pieces of nat4j: transport addresses, the sans-IO {@link dev.nat4j.core.Engine} contract, wire helpers,
 * timers, RFC 7983 demultiplexing and the NIO driver that runs engines on real sockets.
 */
module dev.nat4j.core {
    requires org.slf4j;

    exports dev.nat4j.core;
    exports dev.nat4j.core.buffer;
    exports dev.nat4j.core.timer;
    exports dev.nat4j.core.driver;
}
