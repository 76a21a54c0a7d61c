package dev.daybook.app.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small file system (tmpfs) mounted over a directory, to fill a disk on purpose. Mounting needs root, or the
 * permission to mount; a test that cannot mount is skipped, saying why.
 */
public final class Tmpfs implements AutoCloseable {

    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} (as mount takes it: 2m, 64m) over {@code dir}, or skips the test. */
    public static Tmpfs mount(Path dir, String size) throws IOException, InterruptedException {
        Result mounted = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        Assumptions.assumeTrue(
                mounted.exitCode == 0,
                () -> "cannot mount a tmpfs here (needs root or the permission to mount): " + mounted.output);
        return new Tmpfs(dir);
    }

    /** Gives the file system another size, keeping its files. */
    public void resize(String size) throws IOException, InterruptedException {
        Result remounted = run("mount", "-o", "remount,size=" + size, dir.toString());
        if (remounted.exitCode != 0) {
            throw new IllegalStateException("cannot remount " + dir + ": " + remounted.output);
        }
    }

    /** The directory the file system is mounted over. */
    public Path dir() {
        return dir;
    }

    /** Unmounts it; interrupted, it restores the interrupt and fails, the file system still mounted. */
    @Override
    public void close() throws IOException {
        Result unmounted;
        try {
            unmounted = run("umount", dir.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unmounting " + dir, e);
        }
        if (unmounted.exitCode != 0) {
            throw new IllegalStateException("cannot unmount " + dir + ": " + unmounted.output);
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException noMountCommand) {
            return new Result(-1, noMountCommand.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, String.join(" ", command) + " did not finish");
        }
        return new Result(process.exitValue(), output);
    }
}
