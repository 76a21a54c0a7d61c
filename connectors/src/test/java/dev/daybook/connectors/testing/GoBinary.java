package dev.daybook.connectors.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * A Go program the tests need (an emulator), installed with {@code go install} at a pinned version
 * and cached under {@code ~/.cache/daybook/go}, so a fresh machine gets it on the first test run and
 * later runs start at once. Several test JVMs may ask at once: a file lock makes one of them build.
 */
public final class GoBinary {

    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "daybook", "go");

    private GoBinary() {
    }

    /**
     * @param module  e.g. {@code github.com/fsouza/fake-gcs-server}
     * @param version a tag or a commit, e.g. {@code v1.55.1}
     * @return the installed executable
     */
    public static Path install(String module, String version) throws IOException, InterruptedException {
        String name = module.substring(module.lastIndexOf('/') + 1);
        Path bin = CACHE.resolve(name + "@" + version);
        Path executable = bin.resolve(name);
        if (Files.isExecutable(executable)) {
            return executable;
        }
        Files.createDirectories(bin);
        try (FileChannel channel = FileChannel.open(bin.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (!Files.isExecutable(executable)) {
                build(module, version, bin);
            }
        }
        return executable;
    }

    private static void build(String module, String version, Path bin) throws IOException, InterruptedException {
        Path log = bin.resolve("install.log");
        ProcessBuilder builder = new ProcessBuilder(List.of("go", "install", module + "@" + version))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("GOBIN", bin.toString());
        builder.environment().put("CGO_ENABLED", "0");
        Process process = builder.start();
        if (!process.waitFor(Duration.ofMinutes(15).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("go install " + module + "@" + version + " took over 15 minutes; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IOException("go install " + module + "@" + version + " failed:\n" + Files.readString(log));
        }
    }
}
