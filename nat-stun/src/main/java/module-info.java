/**
 * STUN (RFC 8489): the message codec, authentication, transactions, client, server and RFC 5780 NAT behaviour
 * discovery.
 */
module dev.nat4j.stun {
    requires transitive dev.nat4j.core;
    requires org.slf4j;

    exports dev.nat4j.stun;
    exports dev.nat4j.stun.attribute;
    exports dev.nat4j.stun.auth;
    exports dev.nat4j.stun.transaction;
    exports dev.nat4j.stun.client;
    exports dev.nat4j.stun.discovery;
    exports dev.nat4j.stun.server;
}
