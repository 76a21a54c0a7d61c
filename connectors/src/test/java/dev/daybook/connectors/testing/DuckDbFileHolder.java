package dev.daybook.connectors.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another JVM that opens a DuckDB file and holds it, as a second Daybook or a {@code duckdb} shell would:
 * DuckDB locks the file against other processes, not against other connections of the same process.
 */
public final class DuckDbFileHolder implements AutoCloseable {

    private static final String HOLDING = "holding";

    private final Process process;

    private DuckDbFileHolder(Process process) {
        this.process = process;
    }

    /** Starts the holder and returns once it holds the file. */
    public static DuckDbFileHolder hold(Path file) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                DuckDbFileHolder.class.getName(),
                file.toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!HOLDING.equals(line)) {
            process.destroyForcibly();
            throw new IllegalStateException("the DuckDB holder did not start; it said: " + line);
        }
        return new DuckDbFileHolder(process);
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the holder and waits for it; interrupted while waiting, it restores the interrupt. */
    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Opens {@code args[0]}, says so, and holds it until standard input closes or the process is stopped. */
    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[0])) {
            connection.createStatement().execute("CREATE TABLE IF NOT EXISTS held (x INTEGER)");
            System.out.println(HOLDING);
            System.out.flush();
            while (System.in.read() >= 0) {
                // held until the parent goes away
            }
        }
    }
}
