/** TURN (RFC 8656): the client and the reference relay server. The packages arrive with the TURN issues. */
module dev.nat4j.turn {
    requires transitive dev.nat4j.stun;
    requires org.slf4j;
}
