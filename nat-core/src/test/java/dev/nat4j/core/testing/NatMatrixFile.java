package dev.nat4j.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Results of the NAT-matrix tests, one tab-separated row per measured case, written under the module's
 * {@code target/nat-matrix/} for {@code .ci/update-readme-matrix}, which turns them into the README's table.
 *
 * <p>Recording only: it never decides whether a test passes. Rows are written as soon as they are measured (before the
 * test asserts), so a failing run leaves what it saw behind. The file is rewritten whole after every row, so a
 * reader never sees half a line; the first row of a JVM starts a new file, so no row survives from an earlier run.
 *
 * <pre>{@code
 * static final NatMatrixFile FILE = new NatMatrixFile("sim.tsv", "test", "kind", "mapping");
 * FILE.record("classify", "FULL_CONE", "endpoint-independent");
 * }</pre>
 */
public final class NatMatrixFile {
    /** Cells that were not measured or do not apply; never empty, so that every line has all its columns. */
    public static final String NONE = "-";
    /** How many leading columns identify a row: a case measured again replaces its earlier row. */
    private static final int KEY_COLUMNS = 3;

    private final Path file;
    private final List<String> columns;
    private final Map<List<String>, List<String>> rows = new LinkedHashMap<>();

    public NatMatrixFile(String name, String... columns) {
        if (columns.length < KEY_COLUMNS) {
            throw new IllegalArgumentException("at least " + KEY_COLUMNS + " columns");
        }
        // Surefire and Failsafe set basedir to the module directory; the working directory is the same otherwise.
        this.file = Path.of(System.getProperty("basedir", "."), "target", "nat-matrix", name);
        this.columns = List.of(columns);
    }

    /** Adds or replaces one row; {@code null} cells are written as {@value #NONE}. */
    public synchronized void record(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " cells " + columns);
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            String text = cell == null ? NONE : cell.toString().replaceAll("[\\t\\r\\n]+", " ").strip();
            row.add(text.isEmpty() ? NONE : text);
        }
        rows.put(List.copyOf(row.subList(0, KEY_COLUMNS)), row);
        write();
    }

    private void write() {
        StringBuilder text = new StringBuilder(String.join("\t", columns)).append('\n');
        for (List<String> row : rows.values()) {
            text.append(String.join("\t", row)).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
