/** ICE (RFC 8445) and the PeerConnector API. The packages arrive with the ICE issue. */
module dev.nat4j.ice {
    requires transitive dev.nat4j.turn;
    requires org.slf4j;
}
