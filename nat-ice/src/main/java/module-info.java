/** ICE (RFC 8445): the candidate model and the sans-IO agent; the PeerConnector API comes next. */
module dev.nat4j.ice {
    requires transitive dev.nat4j.turn;
    requires org.slf4j;

    exports dev.nat4j.ice;
    exports dev.nat4j.ice.agent;
    exports dev.nat4j.ice.description;
}
