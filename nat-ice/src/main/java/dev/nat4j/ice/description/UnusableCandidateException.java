package dev.nat4j.ice.description;

/**
 * A well-formed candidate attribute that nat4j's agent cannot use: a TCP candidate (RFC 6544, the agent is UDP-only),
 * an mDNS ({@code *.local}) or other host name (never resolved: a name handed over by a peer must not make us query
 * DNS), an unknown transport or candidate type. A subclass of {@link IllegalArgumentException} so a caller that
 * only wants "valid and usable" catches one type; a caller that wants to tell "skip quietly" from "peer is broken"
 * catches this one first.
 *
 * <pre>{@code
 * try {
 *     agent.addRemoteCandidate(CandidateAttribute.parse(trickled));
 * } catch (UnusableCandidateException e) {
 *     log.debug("skipping {}", e.getMessage());
 * }
 * }</pre>
 */
public final class UnusableCandidateException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message why the candidate is unusable, naming the attribute */
    public UnusableCandidateException(String message) {
        super(message);
    }
}
