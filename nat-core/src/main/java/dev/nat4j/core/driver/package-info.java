/**
 * The NIO driver: runs sans-IO {@link dev.nat4j.core.Engine}s on real UDP, TCP and TLS sockets with one selector
 * thread and {@link java.lang.System#nanoTime()}.
 *
 * <p>Entry point: {@link dev.nat4j.core.driver.NioDriver}. Register an engine with the sockets it owns
 * ({@link dev.nat4j.core.driver.SocketSpec}); the returned {@link dev.nat4j.core.driver.EngineHandle} runs commands
 * against it on the driver thread and opens outgoing connections. Engines that care about stream connections opening
 * and closing also implement {@link dev.nat4j.core.driver.ConnectionObserver}.
 *
 * <pre>{@code
 * try (NioDriver driver = NioDriver.start()) {
 *     EngineHandle<ServerEvent> server = driver.register(new BindingServer(),
 *             List.of(SocketSpec.udp(new InetSocketAddress("0.0.0.0", 3478)),
 *                     SocketSpec.tcp(new InetSocketAddress("0.0.0.0", 3478))),
 *             executor, event -> log.info("{}", event));
 *     ...
 * }
 * }</pre>
 */
package dev.nat4j.core.driver;
