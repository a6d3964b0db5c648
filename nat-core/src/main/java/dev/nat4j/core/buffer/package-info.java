/**
 * Helpers over {@link java.nio.ByteBuffer} for wire formats: unsigned network-order fields and 4-byte padding
 * ({@link dev.nat4j.core.buffer.Wire}).
 */
package dev.nat4j.core.buffer;
