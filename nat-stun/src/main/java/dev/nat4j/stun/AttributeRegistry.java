package dev.nat4j.stun;

import java.util.List;

import dev.nat4j.stun.attribute.StandardAttributes;

/**
 * Which attribute codes are understood, and their names: the open set of attribute types.
 *
 * <p>Every attribute nat4j defines is registered at class initialisation; an extension calls {@link #register}.
 * Lookups are a single array access, so the server can check comprehension-required attributes on every request
 * without allocating.
 *
 * <pre>{@code
 * int unknown = request.firstUnknownComprehensionRequired(AttributeRegistry::isKnown);
 * }</pre>
 */
public final class AttributeRegistry {
    private static final AttributeType<?>[] BY_CODE = new AttributeType<?>[0x10000];

    static {
        for (AttributeType<?> type : StandardAttributes.all()) {
            register(type);
        }
    }

    private AttributeRegistry() {}

    /** Registers {@code type}; a code may be registered once. */
    public static synchronized void register(AttributeType<?> type) {
        AttributeType<?> existing = BY_CODE[type.code()];
        if (existing != null && existing != type) {
            throw new IllegalStateException("attribute code already registered: " + existing);
        }
        BY_CODE[type.code()] = type;
    }

    /** True when {@code code} is a registered attribute. */
    public static boolean isKnown(int code) {
        return code >= 0 && code < BY_CODE.length && BY_CODE[code] != null;
    }

    /** The registered type for {@code code}, or {@code null}. */
    public static AttributeType<?> typeOf(int code) {
        return isKnown(code) ? BY_CODE[code] : null;
    }

    /** The RFC name for {@code code}, or its hex form. */
    public static String nameOf(int code) {
        AttributeType<?> t = typeOf(code);
        return t != null ? t.name() : String.format("0x%04x", code);
    }

    /** Every registered type, in code order. */
    public static List<AttributeType<?>> all() {
        java.util.ArrayList<AttributeType<?>> list = new java.util.ArrayList<>();
        for (AttributeType<?> t : BY_CODE) {
            if (t != null) {
                list.add(t);
            }
        }
        return list;
    }
}
