package dev.daybook.connectors.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A server process a test starts on a free loopback port and stops when done. Its output goes to a log file. */
public final class ExternalProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private ExternalProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** A port free on 127.0.0.1 right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts the command and waits until something accepts connections on {@code port}. */
    public static ExternalProcess start(List<String> command, int port, Duration timeout)
            throws IOException, InterruptedException {
        return start(command, Map.of(), port, timeout);
    }

    /** Like {@link #start(List, int, Duration)}, with these variables added to the process's environment. */
    public static ExternalProcess start(
            List<String> command, Map<String, String> environment, int port, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("daybook-" + Path.of(command.get(0)).getFileName(), ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        ExternalProcess started = new ExternalProcess(process, log, port);
        started.awaitPort(timeout);
        return started;
    }

    private void awaitPort(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("process exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return;
            } catch (IOException notYet) {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        close();
        throw new IOException(
                "nothing listened on port " + port + " within " + timeout + ":\n" + Files.readString(log));
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
