package dev.nat4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import dev.nat4j.examples.cli.CliRunner;
import dev.nat4j.examples.cli.MiniJson;
import dev.nat4j.examples.cli.Version;
import org.junit.jupiter.api.Test;

class VersionCommandTest {

    @Test
    void textNamesToolAndJava() {
        CliRunner.Result r = CliRunner.run("version");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("nat4j " + Version.current() + " (Java " + System.getProperty("java.version")),
                r.out());
    }

    @Test
    void jsonIsOneObjectWithTheVersionKeys() {
        CliRunner.Result r = CliRunner.run("version", "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        Map<String, Object> json = MiniJson.parseObject(r.out());
        assertEquals(Version.current(), json.get("nat4j"));
        assertEquals(System.getProperty("java.version"), json.get("java"));
        assertTrue(json.containsKey("os"));
    }
}
