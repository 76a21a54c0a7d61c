package dev.daybook.app.cli;

import dev.daybook.app.Daybook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code daybook} in a JVM of its own, started from the test class path, with its standard output and
 * standard error in files: what a user's shell sees, and something a test can kill like a crash.
 */
public final class DaybookProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private DaybookProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code daybook args...}, its output going to {@code <dir>/<name>.out} and {@code .err}. */
    public static DaybookProcess start(Path dir, String name, List<String> args) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // logback prints its own status to standard output when it finds its test configuration twice
                "-Xmx512m",
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp",
                classPath,
                Daybook.class.getName()));
        command.addAll(args);
        Path stdout = dir.resolve(name + ".out");
        Path stderr = dir.resolve(name + ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        return new DaybookProcess(process, stdout, stderr);
    }

    /** Waits for the process to exit. */
    public int exitCode(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("daybook did not finish within " + timeout + "; its standard error:\n" + stderr());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops it the way {@code kill} (SIGTERM) or a container stop does, and waits for it.
     *
     * @return its exit code: 143 (128 + SIGTERM) after a clean stop
     */
    public int stop(Duration timeout) throws InterruptedException, IOException {
        process.destroy();
        return exitCode(timeout);
    }

    /** Kills it the way a crash or {@code kill -9} would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** The last line written to standard error. */
    public String lastErrLine() throws IOException {
        List<String> lines = stderr().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** Kills it if it is still running; interrupted while waiting for it to die, it restores the interrupt. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
