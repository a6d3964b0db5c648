package dev.nat4j.stun.server;

import dev.nat4j.stun.attribute.Software;

/**
 * What a {@link StunServerEngine} puts in its answers. Start from {@link #defaults()}: the smallest answers, to limit
 * what a spoofed request can reflect at a victim.
 *
 * <pre>{@code
 * StunServerConfig config = StunServerConfig.defaults()
 *         .withSoftware("nat4j")
 *         .withRfc5780(new Rfc5780Addresses(primary, alternate));
 * }</pre>
 *
 * @param software        SOFTWARE text added to every answer, or {@code null} for none (the default: it only makes
 *                        reflected answers bigger and tells an attacker what runs here)
 * @param mappedAddress   add MAPPED-ADDRESS next to XOR-MAPPED-ADDRESS even without RFC 5780, for clients that only
 *                        read the RFC 3489 attribute; off by default (RFC 5780 mode always adds it, §6.1 requires it)
 * @param rfc5780         the four addresses for NAT behaviour discovery (OTHER-ADDRESS, RESPONSE-ORIGIN,
 *                        CHANGE-REQUEST), or {@code null}: then CHANGE-REQUEST gets 420 (RFC 5780 §6)
 * @param responsePort    honour RESPONSE-PORT (RFC 5780 §7.5, optional for servers); when off, it gets 420
 * @param maxPaddingBytes cap on the PADDING echoed in an answer (RFC 5780 §7.6), 0..{@value #PADDING_LIMIT}; the
 *                        answer never pads more than the request did, so PADDING cannot amplify
 */
public record StunServerConfig(
        String software,
        boolean mappedAddress,
        Rfc5780Addresses rfc5780,
        boolean responsePort,
        int maxPaddingBytes) {

    /** The largest {@link #maxPaddingBytes} accepted: enough to force fragmentation on any common link. */
    public static final int PADDING_LIMIT = 9000;
    /** Default {@link #maxPaddingBytes}: an Ethernet MTU, what RFC 5780 §7.6 suggests a client pads to. */
    public static final int DEFAULT_MAX_PADDING = 1500;

    public StunServerConfig {
        if (software != null) {
            new Software(software); // validates length and UTF-8 now rather than on the first answer
        }
        if (maxPaddingBytes < 0 || maxPaddingBytes > PADDING_LIMIT) {
            throw new IllegalArgumentException("maxPaddingBytes out of range 0.." + PADDING_LIMIT + ": "
                    + maxPaddingBytes);
        }
    }

    /** No SOFTWARE, no MAPPED-ADDRESS, no RFC 5780, RESPONSE-PORT honoured, PADDING echoed up to 1500 bytes. */
    public static StunServerConfig defaults() {
        return new StunServerConfig(null, false, null, true, DEFAULT_MAX_PADDING);
    }

    /** A copy that adds SOFTWARE {@code text} to every answer ({@code null}: none). */
    public StunServerConfig withSoftware(String text) {
        return new StunServerConfig(text, mappedAddress, rfc5780, responsePort, maxPaddingBytes);
    }

    /** A copy that adds (or not) MAPPED-ADDRESS to every success answer. */
    public StunServerConfig withMappedAddress(boolean include) {
        return new StunServerConfig(software, include, rfc5780, responsePort, maxPaddingBytes);
    }

    /** A copy with RFC 5780 behaviour discovery on these addresses ({@code null}: off). */
    public StunServerConfig withRfc5780(Rfc5780Addresses addresses) {
        return new StunServerConfig(software, mappedAddress, addresses, responsePort, maxPaddingBytes);
    }

    /** A copy that honours RESPONSE-PORT, or answers it with 420. */
    public StunServerConfig withResponsePort(boolean honour) {
        return new StunServerConfig(software, mappedAddress, rfc5780, honour, maxPaddingBytes);
    }

    /** A copy with another PADDING cap. */
    public StunServerConfig withMaxPaddingBytes(int max) {
        return new StunServerConfig(software, mappedAddress, rfc5780, responsePort, max);
    }
}
