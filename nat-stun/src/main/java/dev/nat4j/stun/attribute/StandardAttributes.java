package dev.nat4j.stun.attribute;

import java.util.List;

import dev.nat4j.stun.AttributeType;

/** Every attribute type nat4j defines; {@link dev.nat4j.stun.AttributeRegistry} registers them all. */
public final class StandardAttributes {
    private StandardAttributes() {}

    /** The list, in no particular order. */
    public static List<AttributeType<?>> all() {
        return List.of(
                MappedAddress.TYPE,
                XorMappedAddress.TYPE,
                Username.TYPE,
                ErrorCode.TYPE,
                UnknownAttributes.TYPE,
                Realm.TYPE,
                Nonce.TYPE,
                Software.TYPE,
                ChangeRequest.TYPE,
                ResponsePort.TYPE,
                Padding.TYPE,
                ResponseOrigin.TYPE,
                OtherAddress.TYPE);
    }
}
