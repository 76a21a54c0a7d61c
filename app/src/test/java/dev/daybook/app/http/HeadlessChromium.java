package dev.daybook.app.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, installed with apt-get when missing (the test set-up runs as
 * root). Pages get a budget of virtual time, so timers and fetches settle without waiting in real time.
 */
final class HeadlessChromium {

    private static final String BINARY = "chromium";
    private static final long TIMEOUT_SECONDS = 120;

    private HeadlessChromium() {}

    /** The DOM once the page has run for {@code virtualMillis} of virtual time. */
    static String dumpDom(String url, int virtualMillis) throws IOException, InterruptedException {
        return run(List.of("--virtual-time-budget=" + virtualMillis, "--dump-dom", url));
    }

    /** A 1280×900 PNG of the page once it has run for {@code virtualMillis} of virtual time. */
    static void screenshot(String url, int virtualMillis, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        run(List.of(
                "--virtual-time-budget=" + virtualMillis,
                "--window-size=1280,900",
                "--hide-scrollbars",
                "--screenshot=" + png.toAbsolutePath(),
                url));
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new IOException("chromium wrote no screenshot to " + png);
        }
    }

    private static String run(List<String> arguments) throws IOException, InterruptedException {
        ensureInstalled();
        Path profile = Files.createTempDirectory("daybook-chromium");
        Path stderr = Files.createTempFile("daybook-chromium", ".log");
        List<String> command = new ArrayList<>(List.of(
                BINARY,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(arguments);
        Process process =
                new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("chromium did not finish within " + TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("chromium exited with " + process.exitValue() + ":\n" + Files.readString(stderr));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (onPath()) {
            return;
        }
        for (List<String> step : List.of(
                List.of("apt-get", "update", "-qq"),
                List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends", BINARY))) {
            ProcessBuilder builder = new ProcessBuilder(step).redirectErrorStream(true);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("cannot install chromium (" + String.join(" ", step) + "):\n" + output);
            }
        }
    }

    private static boolean onPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator, -1)) {
            if (Files.isExecutable(Path.of(dir, BINARY))) {
                return true;
            }
        }
        return false;
    }
}
