/**
 * Timers on explicit time for sans-IO engines and event loops: {@link dev.nat4j.core.timer.TimerTable}, a few named
 * deadlines per engine (what {@code pollTimeout()} returns), and {@link dev.nat4j.core.timer.TimerWheel}, many
 * {@code long}-keyed expiries swept in batches. Neither reads a clock nor allocates in steady state.
 */
package dev.nat4j.core.timer;
