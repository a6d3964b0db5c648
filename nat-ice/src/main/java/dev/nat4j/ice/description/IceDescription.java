package dev.nat4j.ice.description;

import dev.nat4j.ice.IceCandidate;
import dev.nat4j.ice.IceCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one ICE agent tells its peer over the signalling channel (RFC 8445 §5.3): credentials, candidates, ICE
 * options and whether gathering is over. Two interchangeable text forms:
 *
 * <p><b>SDP attribute lines</b> (RFC 8839 §5, RFC 8840 for end-of-candidates), in this order, CRLF-terminated by
 * {@link #toSdp()}:
 * <pre>
 * a=ice-ufrag:EsAw1234
 * a=ice-pwd:P4ssw0rdP4ssw0rdP4ssw0
 * a=ice-options:trickle
 * a=candidate:1 1 udp 2130706431 192.0.2.10 5000 typ host
 * a=candidate:2 1 udp 1694498815 203.0.113.7 62000 typ srflx raddr 192.0.2.10 rport 5000
 * a=end-of-candidates
 * </pre>
 *
 * <p><b>Compact JSON</b>, keys always in this order, no white space, candidates as the same attribute values as in
 * SDP (the shape of the W3C {@code RTCIceCandidateInit.candidate}); {@code options} and {@code candidates} are
 * always written (maybe empty):
 * <pre>
 * {"ufrag":"EsAw1234","pwd":"P4ssw0rdP4ssw0rdP4ssw0","options":["trickle"],
 *  "candidates":["candidate:1 1 udp 2130706431 192.0.2.10 5000 typ host"],"endOfCandidates":true}
 * </pre>
 * (one line in reality). When reading, keys may come in any order, unknown keys are skipped, {@code ufrag} and
 * {@code pwd} are required, the rest optional.
 *
 * <p><b>Reading a peer's description is lenient about candidates and strict about the rest</b>, as browsers are: a
 * candidate that is malformed, or well formed but unusable by nat4j's UDP-only agent (TCP with any {@code tcptype},
 * an mDNS {@code *.local} or other host name, which is never resolved, an unknown transport or type) is left out of
 * {@link #candidates()} and its reason is added to {@link #ignored()}; the description still parses. A missing or
 * invalid {@code ice-ufrag}/{@code ice-pwd}, two different values for either, a malformed {@code ice-options}, and
 * any cap below being exceeded throw {@link IllegalArgumentException} naming the line. Unrelated SDP lines
 * ({@code v=}, {@code m=}, {@code c=}, {@code a=rtpmap}...) are skipped; lines may carry {@code a=} or not and end
 * in CRLF or LF.
 *
 * <p>Caps, checked before any work proportional to the input: {@value #MAX_TEXT_LENGTH} characters of text,
 * {@value #MAX_LINE_LENGTH} characters per ICE line ({@code ice-*} or {@code candidate}), {@value #MAX_CANDIDATES}
 * candidate lines counting ignored ones (the agent's default {@code maxRemoteCandidates}), {@value #MAX_OPTIONS}
 * ICE options.
 *
 * <pre>{@code
 * IceDescription local = new IceDescription(credentials, candidates, List.of("trickle"), true);
 * String json = local.toJson();                               // send it
 * IceDescription remote = IceDescription.parseSdp(peerSdp);   // or parseJson(...)
 * remote.ignored().forEach(reason -> log.debug("remote candidate skipped: {}", reason));
 * }</pre>
 *
 * @param credentials     the ufrag and password of the agent that sent it
 * @param candidates      its usable candidates, in the order given
 * @param iceOptions      ICE option tags ({@code trickle}, {@code ice2}...), each 1 to 256 ice-chars, no repeats,
 *                        together fitting one {@value #MAX_LINE_LENGTH}-character line
 * @param endOfCandidates true when no more candidates will follow (RFC 8838 end-of-candidates)
 * @param ignored         reasons for the candidates a parse left out, one per candidate; empty for one built locally
 *                        and never serialised
 */
public record IceDescription(IceCredentials credentials, List<IceCandidate> candidates, List<String> iceOptions,
                             boolean endOfCandidates, List<String> ignored) {

    /** Candidate lines per description, usable or not: the agent's default cap on remote candidates. */
    public static final int MAX_CANDIDATES = 100;
    /** The longest ICE line (or JSON candidate string) accepted. */
    public static final int MAX_LINE_LENGTH = CandidateAttribute.MAX_LENGTH;
    /** The longest text {@link #parseSdp(String)} or {@link #parseJson(String)} accepts, a whole SDP included. */
    public static final int MAX_TEXT_LENGTH = 128 * 1024;
    /** ICE option tags per description. */
    public static final int MAX_OPTIONS = 16;

    /**
     * Checks the caps and the option tags; copies the lists.
     *
     * @throws IllegalArgumentException on more than {@value #MAX_CANDIDATES} candidates, a bad or repeated option,
     *                                  more than {@value #MAX_OPTIONS} options or options that overflow one line
     */
    public IceDescription {
        Objects.requireNonNull(credentials, "credentials");
        candidates = List.copyOf(candidates);
        iceOptions = List.copyOf(iceOptions);
        ignored = List.copyOf(ignored);
        if (candidates.size() > MAX_CANDIDATES) {
            throw new IllegalArgumentException("more than " + MAX_CANDIDATES + " candidates");
        }
        if (iceOptions.size() > MAX_OPTIONS) {
            throw new IllegalArgumentException("more than " + MAX_OPTIONS + " ICE options");
        }
        int optionsLength = "ice-options:".length() - 1;
        for (String option : iceOptions) {
            if (!CandidateAttribute.isIceChars(option, 1, 256)) {
                throw new IllegalArgumentException("ICE option is not 1 to 256 ice-chars: "
                        + CandidateAttribute.quote(option));
            }
            optionsLength += option.length() + 1;
        }
        if (optionsLength > MAX_LINE_LENGTH) {
            throw new IllegalArgumentException("ICE options longer than one " + MAX_LINE_LENGTH + "-character line");
        }
        if (iceOptions.stream().distinct().count() != iceOptions.size()) {
            throw new IllegalArgumentException("an ICE option appears twice: " + iceOptions);
        }
    }

    /** A description built locally: nothing ignored. */
    public IceDescription(IceCredentials credentials, List<IceCandidate> candidates, List<String> iceOptions,
                          boolean endOfCandidates) {
        this(credentials, candidates, iceOptions, endOfCandidates, List.of());
    }

    /** The same description with one more candidate (for a trickled one). */
    public IceDescription withCandidate(IceCandidate candidate) {
        List<IceCandidate> more = new ArrayList<>(candidates);
        more.add(candidate);
        return new IceDescription(credentials, more, iceOptions, endOfCandidates, ignored);
    }

    /** The same description marked complete (or not). */
    public IceDescription withEndOfCandidates(boolean value) {
        return new IceDescription(credentials, candidates, iceOptions, value, ignored);
    }

    /** The SDP attribute lines, each with its {@code a=} and without a line end; see the class comment. */
    public List<String> toSdpLines() {
        List<String> lines = new ArrayList<>(candidates.size() + 4);
        lines.add("a=ice-ufrag:" + credentials.ufrag());
        lines.add("a=ice-pwd:" + credentials.password());
        if (!iceOptions.isEmpty()) {
            lines.add("a=ice-options:" + String.join(" ", iceOptions));
        }
        for (IceCandidate candidate : candidates) {
            lines.add("a=" + CandidateAttribute.format(candidate));
        }
        if (endOfCandidates) {
            lines.add("a=end-of-candidates");
        }
        return lines;
    }

    /** {@link #toSdpLines()} joined, each line ended by CRLF as SDP requires. */
    public String toSdp() {
        StringBuilder out = new StringBuilder();
        for (String line : toSdpLines()) {
            out.append(line).append("\r\n");
        }
        return out.toString();
    }

    /** The compact JSON form; see the class comment. */
    public String toJson() {
        return DescriptionJson.write(this);
    }

    /**
     * Reads a description from SDP text: a whole session description or just the ICE lines, CRLF or LF.
     *
     * @throws IllegalArgumentException as the class comment says; never another exception
     */
    public static IceDescription parseSdp(String sdp) {
        return SdpDescriptionReader.read(sdp);
    }

    /** As {@link #parseSdp(String)} for text already split into lines. */
    public static IceDescription parseSdp(List<String> lines) {
        return SdpDescriptionReader.read(lines);
    }

    /**
     * Reads a description from its JSON form.
     *
     * @throws IllegalArgumentException as the class comment says; never another exception
     */
    public static IceDescription parseJson(String json) {
        return DescriptionJson.read(json);
    }
}
