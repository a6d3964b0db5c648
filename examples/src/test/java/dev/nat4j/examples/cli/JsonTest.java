package dev.nat4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.nat4j.core.SocketAddresses;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void objectKeepsInsertionOrderAndWritesEveryScalar() {
        String json = Json.object()
                .put("s", "text")
                .put("i", 42)
                .put("l", -9_000_000_000L)
                .put("d", 1.5)
                .put("big", new BigInteger("123456789012345678901234567890"))
                .put("dec", new BigDecimal("0.10"))
                .put("t", true)
                .put("f", false)
                .put("n", null)
                .toString();
        assertEquals("{\"s\":\"text\",\"i\":42,\"l\":-9000000000,\"d\":1.5,"
                + "\"big\":123456789012345678901234567890,\"dec\":0.10,\"t\":true,\"f\":false,\"n\":null}", json);
    }

    @Test
    void puttingAKeyAgainReplacesItInPlace() {
        assertEquals("{\"a\":3,\"b\":2}", Json.object().put("a", 1).put("b", 2).put("a", 3).toString());
    }

    @Test
    void nesting() {
        JsonObject o = Json.object()
                .put("list", Json.array().add(1).add("two").add(null).add(Json.object()))
                .put("map", Map.of("k", List.of(true)))
                .put("iterable", Arrays.asList("x", null))
                .put("empty", Json.array());
        assertEquals("{\"list\":[1,\"two\",null,{}],\"map\":{\"k\":[true]},\"iterable\":[\"x\",null],\"empty\":[]}",
                o.toString());
    }

    @Test
    void socketAddressIsTheIpPortString() {
        InetSocketAddress v6 = new InetSocketAddress("::1", 5349);
        assertEquals("[\"127.0.0.1:3478\"," + Json.quote(SocketAddresses.format(v6)) + "]", Json.array()
                .add(new InetSocketAddress("127.0.0.1", 3478))
                .add(v6).toString());
        assertTrue(SocketAddresses.format(v6).startsWith("["), "IPv6 in brackets");
    }

    @Test
    void escapesPerRfc8259() {
        assertEquals("\"a\\\"b\\\\c\"", Json.quote("a\"b\\c"));
        assertEquals("\"\\n\\r\\t\\b\\f\"", Json.quote("\n\r\t\b\f"));
        assertEquals("\"\\u0000\\u001f\\u007f\"", Json.quote("\u0000\u001f\u007f"));
        assertEquals("\"\\u2028\\u2029\"", Json.quote("\u2028\u2029"));
        assertEquals("\"\\ud800x\\udc00\"", Json.quote("\ud800x\udc00"), "lone surrogates are escaped");
        assertEquals("\"\ud83d\ude00 é /\"", Json.quote("\ud83d\ude00 é /"), "pairs and non-ASCII pass through");
    }

    @Test
    void keysAreEscapedToo() {
        assertEquals("{\"a\\\"b\":1}", Json.object().put("a\"b", 1).toString());
    }

    @Test
    void mutableValuesAreCopiedWhenPut() {
        StringBuilder sb = new StringBuilder("before");
        JsonObject o = Json.object().put("v", sb);
        sb.append(" after");
        assertEquals("{\"v\":\"before\"}", o.toString());
    }

    @Test
    void rejectsWhatJsonCannotSay() {
        assertThrows(IllegalArgumentException.class, () -> Json.object().put("x", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.array().add(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Json.object().put("x", new Object()));
        Map<Object, Object> badKeys = new LinkedHashMap<>();
        badKeys.put(1, "one");
        assertThrows(IllegalArgumentException.class, () -> Json.object().put("x", badKeys));
        assertThrows(NullPointerException.class, () -> Json.object().put(null, 1));
    }

    @Test
    void prettyFormIsIndentedAndParsesToTheSameValue() {
        JsonObject o = Json.object().put("a", 1).put("b", Json.array().add("x").add(Json.object().put("c", null)));
        String pretty = o.toPrettyString();
        assertEquals("{\n  \"a\": 1,\n  \"b\": [\n    \"x\",\n    {\n      \"c\": null\n    }\n  ]\n}", pretty);
        assertEquals(MiniJson.parse(o.toString()), MiniJson.parse(pretty));
    }
}
