package dev.nat4j.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of the tool, read from the {@code pom.properties} that Maven puts into the jar. Running from class
 * directories (an IDE, unit tests) it is {@value #UNKNOWN}.
 *
 * <pre>{@code
 * String v = Version.current();   // "0.1.0-SNAPSHOT"
 * }</pre>
 */
public final class Version {
    /** The version shown when no jar metadata is on the class path. */
    public static final String UNKNOWN = "(development build)";
    private static final String POM_PROPERTIES = "/META-INF/maven/dev.nat4j/examples/pom.properties";

    private Version() {}

    /** The version of the examples artifact, e.g. {@code 0.1.0-SNAPSHOT}, or {@value #UNKNOWN}. */
    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
