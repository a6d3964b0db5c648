package dev.nat4j.core.lab;

/**
 * The iptables ruleset of one router, as {@code iptables-restore} input: the whole filter and nat tables are replaced
 * at once, so switching modes never leaves a rule of the previous mode behind.
 */
final class NatRules {
    /** Interface names inside every router namespace. */
    static final String WAN = "wan";
    static final String LAN = "lan";
    /** The {@code -m recent} list of addresses the LAN has sent to (restricted cone). */
    static final String RECENT_LIST = "n4j-sent-to";

    private NatRules() {}

    /**
     * Rules for a home router.
     *
     * @param wanAddress  the router's address on its WAN link
     * @param hostAddress the one LAN host (target of the full-cone forward and of hairpinning)
     * @param lanSubnet   the LAN in CIDR form
     * @param hairpinning whether to add hairpin rules (ignored where the mode cannot hairpin)
     */
    static String router(NatMode mode, String wanAddress, String hostAddress, String lanSubnet, boolean hairpinning) {
        boolean hairpin = hairpinning && mode.supportsHairpinning();
        StringBuilder filter = new StringBuilder();
        StringBuilder nat = new StringBuilder();
        filter.append("*filter\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
        filter.append(":FORWARD ").append(mode == NatMode.OPEN ? "ACCEPT" : "DROP").append(" [0:0]\n");
        // Real routers drop unsolicited packets to themselves; a dropped packet's unconfirmed conntrack entry is
        // discarded, so an early inbound packet cannot steal the port MASQUERADE wants to preserve.
        filter.append("-A INPUT -i " + WAN + " -p udp -m conntrack --ctstate NEW -j DROP\n");
        nat.append("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n");

        switch (mode) {
            case OPEN -> { }
            case FULL_CONE, RESTRICTED_CONE -> {
                if (mode == NatMode.RESTRICTED_CONE) {
                    // No target: every outbound packet refreshes the remembered destination and falls through.
                    filter.append("-A FORWARD -i " + LAN + " -o " + WAN + " -m recent --name " + RECENT_LIST
                            + " --set --rdest\n");
                }
                filter.append("-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n");
                filter.append("-A FORWARD -i " + LAN + " -j ACCEPT\n");
                String admit = mode == NatMode.RESTRICTED_CONE
                        ? " -m recent --name " + RECENT_LIST + " --rcheck --rsource"
                        : "";
                filter.append("-A FORWARD -i " + WAN + " -m conntrack --ctstate DNAT" + admit + " -j ACCEPT\n");
                for (String proto : new String[] {"udp", "tcp"}) {
                    nat.append("-A PREROUTING -i " + WAN + " -d " + wanAddress + " -p " + proto
                            + " -j DNAT --to-destination " + hostAddress + "\n");
                }
                nat.append("-A POSTROUTING -o " + WAN + " -j MASQUERADE\n");
            }
            case PORT_RESTRICTED_CONE, DOUBLE_NAT -> {
                filter.append("-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n");
                filter.append("-A FORWARD -i " + LAN + " -j ACCEPT\n");
                nat.append("-A POSTROUTING -o " + WAN + " -j MASQUERADE\n");
            }
            case SYMMETRIC -> {
                filter.append("-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n");
                filter.append("-A FORWARD -i " + LAN + " -j ACCEPT\n");
                nat.append("-A POSTROUTING -o " + WAN + " -j MASQUERADE --random-fully\n");
            }
            case UDP_BLOCKED -> {
                filter.append("-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n");
                filter.append("-A FORWARD -i " + LAN + " -p udp --dport 53 -j ACCEPT\n");
                filter.append("-A FORWARD -i " + LAN + " -p udp -j DROP\n");
                filter.append("-A FORWARD -i " + LAN + " -j ACCEPT\n");
                nat.append("-A POSTROUTING -o " + WAN + " -j MASQUERADE\n");
            }
        }
        if (hairpin) {
            // A LAN packet to the router's public address is sent back in, and its source rewritten to the public
            // address so the host sees the mapped address (RFC 4787 REQ-9), not the router's LAN address. The DNAT
            // keeps the port, so this reaches the right socket only because the mapping preserved the port.
            nat.append("-A PREROUTING -i " + LAN + " -d " + wanAddress + " -j DNAT --to-destination " + hostAddress
                    + "\n");
            nat.append("-A POSTROUTING -o " + LAN + " -s " + lanSubnet + " -d " + hostAddress
                    + " -m conntrack --ctstate DNAT -j SNAT --to-source " + wanAddress + "\n");
        }
        filter.append("COMMIT\n");
        nat.append("COMMIT\n");
        return filter.append(nat).toString();
    }

    /** Rules for the carrier-grade NAT in front of a {@link NatMode#DOUBLE_NAT} home router: plain MASQUERADE. */
    static String carrier() {
        return "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + "-A INPUT -i " + WAN + " -p udp -m conntrack --ctstate NEW -j DROP\n"
                + "-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n"
                + "-A FORWARD -i " + LAN + " -j ACCEPT\n"
                + "COMMIT\n"
                + "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
                + "-A POSTROUTING -o " + WAN + " -j MASQUERADE\n"
                + "COMMIT\n";
    }
}
