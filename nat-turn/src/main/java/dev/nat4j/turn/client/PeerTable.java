package dev.nat4j.turn.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.nat4j.turn.ChannelData;

/**
 * The client's permissions (by peer IP) and channels (by peer and by number), bounded. Channel lookups by number are
 * an array index, so the per-packet receive path allocates nothing.
 */
final class PeerTable {
    static final int MAX_PERMISSIONS = 1024;

    private final Map<InetAddress, Permission> permissions = new HashMap<>();
    private final Map<InetSocketAddress, Channel> byPeer = new HashMap<>();
    private final Channel[] byNumber = new Channel[ChannelData.MAX_CHANNEL - ChannelData.MIN_CHANNEL + 1];
    private int nextChannel = ChannelData.MIN_CHANNEL;

    Permission permission(InetAddress ip) {
        return permissions.get(ip);
    }

    /** The permission for {@code ip}, created (not yet requested) when absent; {@code null} when the table is full. */
    Permission permissionFor(InetAddress ip) {
        Permission p = permissions.get(ip);
        if (p == null) {
            if (permissions.size() >= MAX_PERMISSIONS) {
                return null;
            }
            p = new Permission(ip);
            permissions.put(ip, p);
        }
        return p;
    }

    /** True when {@code p} is still the table's permission for its IP (not removed and replaced). */
    boolean isCurrent(Permission p) {
        return permissions.get(p.ip) == p;
    }

    Channel channel(InetSocketAddress peer) {
        return byPeer.get(peer);
    }

    /** The channel with {@code number}, or {@code null} (also for numbers outside the channel range). */
    Channel channel(int number) {
        return ChannelData.isValidChannel(number) ? byNumber[number - ChannelData.MIN_CHANNEL] : null;
    }

    /**
     * A new channel to {@code peer} with the next free number, or {@code null} when all 4096 are taken. Numbers are
     * handed out in turn rather than reused at once: RFC 8656 §12 keeps an expired number off-limits for 5 minutes.
     */
    Channel newChannel(InetSocketAddress peer, Permission p) {
        int span = byNumber.length;
        for (int i = 0; i < span; i++) {
            int number = ChannelData.MIN_CHANNEL + (nextChannel - ChannelData.MIN_CHANNEL + i) % span;
            if (byNumber[number - ChannelData.MIN_CHANNEL] == null) {
                nextChannel = number + 1 > ChannelData.MAX_CHANNEL ? ChannelData.MIN_CHANNEL : number + 1;
                Channel c = new Channel(number, peer, p);
                byNumber[number - ChannelData.MIN_CHANNEL] = c;
                byPeer.put(peer, c);
                return c;
            }
        }
        return null;
    }

    void removeChannel(Channel c) {
        byPeer.remove(c.peer, c);
        if (byNumber[c.number - ChannelData.MIN_CHANNEL] == c) {
            byNumber[c.number - ChannelData.MIN_CHANNEL] = null;
        }
    }

    /** Removes {@code p} and every channel that relies on it. */
    void removePermission(Permission p) {
        permissions.remove(p.ip, p);
        for (Channel c : List.copyOf(byPeer.values())) {
            if (c.permission == p) {
                removeChannel(c);
            }
        }
    }

    /** A snapshot of the permissions, safe to change the table while walking it. */
    List<Permission> permissions() {
        return new ArrayList<>(permissions.values());
    }

    /** A snapshot of the channels, safe to change the table while walking it. */
    List<Channel> channels() {
        return new ArrayList<>(byPeer.values());
    }

    /** The live permissions (no copy), for read-only walks. */
    Collection<Permission> permissionView() {
        return permissions.values();
    }

    /** The live channels (no copy), for read-only walks. */
    Collection<Channel> channelView() {
        return byPeer.values();
    }

    void clear() {
        permissions.clear();
        byPeer.clear();
        Arrays.fill(byNumber, null);
    }
}
