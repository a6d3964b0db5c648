package dev.nat4j.stun.attribute;

import java.util.List;

import dev.nat4j.stun.AttributeType;

/**
 * Every attribute type nat4j defines; {@link dev.nat4j.stun.AttributeRegistry} registers them all, so each counts as
 * understood when a request's comprehension-required attributes are checked.
 */
public final class StandardAttributes {
    private StandardAttributes() {}

    private static final List<AttributeType<?>> ALL = List.of(
            // RFC 8489
            MappedAddress.TYPE,
            Username.TYPE,
            MessageIntegrity.TYPE,
            ErrorCode.TYPE,
            UnknownAttributes.TYPE,
            Realm.TYPE,
            Nonce.TYPE,
            MessageIntegritySha256.TYPE,
            PasswordAlgorithm.TYPE,
            Userhash.TYPE,
            XorMappedAddress.TYPE,
            PasswordAlgorithms.TYPE,
            AlternateDomain.TYPE,
            Software.TYPE,
            AlternateServer.TYPE,
            Fingerprint.TYPE,
            // RFC 8656 (TURN)
            ChannelNumber.TYPE,
            Lifetime.TYPE,
            XorPeerAddress.TYPE,
            Data.TYPE,
            XorRelayedAddress.TYPE,
            RequestedAddressFamily.TYPE,
            EvenPort.TYPE,
            RequestedTransport.TYPE,
            DontFragment.TYPE,
            ReservationToken.TYPE,
            AdditionalAddressFamily.TYPE,
            AddressErrorCode.TYPE,
            Icmp.TYPE,
            // RFC 6062 (TURN TCP)
            ConnectionId.TYPE,
            // RFC 5780 (NAT behaviour discovery)
            ChangeRequest.TYPE,
            ResponsePort.TYPE,
            Padding.TYPE,
            CacheTimeout.TYPE,
            ResponseOrigin.TYPE,
            OtherAddress.TYPE,
            // RFC 8445 (ICE)
            Priority.TYPE,
            UseCandidate.TYPE,
            IceControlled.TYPE,
            IceControlling.TYPE);

    /** The list, grouped by RFC. */
    public static List<AttributeType<?>> all() {
        return ALL;
    }
}
