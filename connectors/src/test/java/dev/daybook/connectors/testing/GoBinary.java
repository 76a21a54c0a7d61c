package dev.daybook.connectors.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A Go program the tests need (an emulator), built with the Go toolchain at a pinned version
 * and cached under {@code ~/.cache/daybook/go}, so a fresh machine gets it on the first test run and
 * later runs start at once. Several test JVMs may ask at once: a file lock makes one of them build.
 */
public final class GoBinary {

    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "daybook", "go");

    private GoBinary() {}

    /**
     * @param module  e.g. {@code github.com/fsouza/fake-gcs-server}
     * @param version a tag or a commit, e.g. {@code v1.55.1}
     * @return the installed executable
     */
    @SuppressWarnings("try") // the lock is held, never read: it keeps other test JVMs from building at the same time
    public static Path install(String module, String version) throws IOException, InterruptedException {
        String name = module.substring(module.lastIndexOf('/') + 1);
        Path bin = CACHE.resolve(name + "@" + version);
        Path executable = bin.resolve(name);
        if (Files.isExecutable(executable)) {
            return executable;
        }
        Files.createDirectories(bin);
        try (FileChannel channel =
                        FileChannel.open(bin.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            if (!Files.isExecutable(executable)) {
                build(module, version, executable);
            }
        }
        return executable;
    }

    /**
     * Builds the program inside a throwaway module that requires it, rather than with
     * {@code go install module@version}: that command also asks the module proxy for the module's list
     * of versions (to warn of deprecation), which a proxy may refuse (HTTP 403) even though it serves
     * the version itself, and then it gives up.
     */
    private static void build(String module, String version, Path executable) throws IOException, InterruptedException {
        Path log = executable.resolveSibling("install.log");
        Path work = Files.createTempDirectory("daybook-gobinary");
        Files.deleteIfExists(log);
        go(work, log, "go", "mod", "init", "daybook.local/gobinary");
        go(work, log, "go", "get", module + "@" + version);
        go(work, log, "go", "build", "-o", executable.toString(), module);
    }

    private static void go(Path dir, Path log, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("CGO_ENABLED", "0");
        Process process = builder.start();
        if (!process.waitFor(Duration.ofMinutes(15).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " took over 15 minutes; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + Files.readString(log));
        }
    }
}
