/** TURN (RFC 8656): the client and the reference relay server.  */
module dev.nat4j.turn {
    requires transitive dev.nat4j.stun;
    requires org.slf4j;

    exports dev.nat4j.turn;
    exports dev.nat4j.turn.server;
    exports dev.nat4j.turn.spi;
    exports dev.nat4j.turn.client;
}
