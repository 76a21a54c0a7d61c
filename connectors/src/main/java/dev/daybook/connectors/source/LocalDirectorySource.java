package dev.daybook.connectors.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sequence files in a local directory, {@code file:///abs/dir}, and its subdirectories (symbolic
 * links followed). Objects are the regular files the {@link IncludeFilter} accepts, in order of
 * their path below the directory, except hidden ones (a path segment starting with {@code .}: such
 * directories are not entered) and partial ones ({@code *.tmp}, {@code *.part}), as writers name
 * files they have not finished.
 *
 * <p>A file's fingerprint is the SHA-256 of its content; a file whose size or modification time
 * changes while it is hashed is left out of that listing. Files have no generation, so the
 * modification time in microseconds stands in for it: a rewritten file is a new version, and its
 * fingerprint tells whether its content really changed.
 */
public final class LocalDirectorySource implements ObjectSource {

    private static final List<String> PARTIAL_SUFFIXES = List.of(".tmp", ".part");

    private final String uri;
    private final Path root;
    private final IncludeFilter include;
    private final FingerprintCache fingerprints = new FingerprintCache();

    /** @param uri a {@code file:} URI of an absolute directory path, e.g. {@code file:///data/in} */
    public LocalDirectorySource(String uri, IncludeFilter include) {
        this.uri = uri;
        this.root = directoryOf(uri);
        this.include = include;
    }

    public LocalDirectorySource(String uri) {
        this(uri, IncludeFilter.defaults());
    }

    private static Path directoryOf(String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URI: " + uri, e);
        }
        if (!"file".equals(parsed.getScheme()) || parsed.getPath() == null || !parsed.getPath().startsWith("/")) {
            throw new IllegalArgumentException("a local source needs a file: URI of an absolute directory, like file:///data/in; got " + uri);
        }
        return Path.of(parsed).normalize();
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public List<SourceObject> list() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "the source directory does not exist");
        }
        Map<String, Path> files = new TreeMap<>();
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && isHidden(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = relativeName(file);
                if (attrs.isRegularFile() && !isHidden(file.getFileName().toString()) && !isPartial(name) && include.matches(name)) {
                    files.put(name, file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        List<SourceObject> objects = new ArrayList<>(files.size());
        for (Map.Entry<String, Path> entry : files.entrySet()) {
            SourceObject object = describe(entry.getKey(), entry.getValue());
            if (object != null) {
                objects.add(object);
            }
        }
        fingerprints.retainOnly(files.values());
        return objects;
    }

    private static boolean isHidden(String name) {
        return name.startsWith(".");
    }

    private static boolean isPartial(String name) {
        return PARTIAL_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    /** The object for a file, or null if it vanished or changed while being fingerprinted. */
    private SourceObject describe(String name, Path file) throws IOException {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            String fingerprint = fingerprints.fingerprint(file, attrs);
            if (fingerprint == null) {
                return null;
            }
            Instant modified = attrs.lastModifiedTime().toInstant();
            return new SourceObject(file.toUri().toString(), generation(modified), attrs.size(), fingerprint,
                    modified, name.endsWith(".gz"));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static long generation(Instant modified) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, modified);
    }

    /**
     * The file's bytes from {@code offset} on. A gzip object can only be opened at 0: to resume inside
     * one, decompress from the start and skip ({@link ObjectStreams#openDecompressed}).
     *
     * @throws ObjectVanishedException if the file was deleted or rewritten since it was listed
     */
    @Override
    public InputStream open(SourceObject object, long offset) throws IOException {
        if (offset < 0 || offset > object.size() || (object.gzip() && offset != 0)) {
            throw new IllegalArgumentException("cannot open " + object.id() + " of " + object.size() + " bytes at offset "
                    + offset + (object.gzip() ? ": a gzip object can only be opened at offset 0" : ""));
        }
        Path file = Path.of(URI.create(object.uri())).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException(object.uri() + " is not in " + uri);
        }
        SeekableByteChannel channel;
        try {
            channel = Files.newByteChannel(file);
        } catch (NoSuchFileException e) {
            throw new ObjectVanishedException(object, e);
        }
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            if (attrs.size() != object.size() || generation(attrs.lastModifiedTime().toInstant()) != object.generation()) {
                throw new ObjectVanishedException(object, null);
            }
            channel.position(offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return Channels.newInputStream(channel);
    }

    private String relativeName(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    @Override
    public String toString() {
        return "LocalDirectorySource[" + uri + " include " + include + "]";
    }
}
