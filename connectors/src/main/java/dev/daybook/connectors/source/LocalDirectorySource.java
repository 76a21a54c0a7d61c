package dev.daybook.connectors.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sequence files in a local directory, {@code file:///abs/dir}, and its subdirectories. Objects are
 * the regular files the {@link IncludeFilter} accepts, in order of their path below the directory,
 * except hidden ones (a path segment starting with {@code .}: such directories are not entered) and
 * partial ones ({@code *.tmp}, {@code *.part}), as writers name files they have not finished.
 *
 * <p>Nothing outside the directory is ever read: symbolic links are not followed, neither to files
 * nor to directories, and a file is opened only if its real path is inside the directory's. A
 * matching name that is a symbolic link, not a regular file (a FIFO, a socket, a device) or cannot
 * be read while it is fingerprinted is left out of the listing, logged once and counted in
 * {@link #skipped()}; the others are listed as usual. An unreadable file is tried again at every
 * listing, so one that becomes readable is then ingested.
 *
 * <p>A file's fingerprint is the SHA-256 of its content; a file whose size or modification time
 * changes while it is hashed is left out of that listing. Files have no generation, so the
 * modification time in microseconds stands in for it: a rewritten file is a new version, and its
 * fingerprint tells whether its content really changed.
 */
public final class LocalDirectorySource implements ObjectSource {

    /** Why a file whose name matches is not listed. */
    public enum SkipReason {
        SYMBOLIC_LINK("it is a symbolic link, which is not followed"),
        NOT_A_REGULAR_FILE("it is not a regular file"),
        UNREADABLE("it cannot be read; it is tried again at the next listing");

        private final String description;

        SkipReason(String description) {
            this.description = description;
        }

        String describe() {
            return description;
        }

        /** The metric tag, e.g. {@code symbolic_link}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LocalDirectorySource.class);
    private static final List<String> PARTIAL_SUFFIXES = List.of(".tmp", ".part");

    private final String uri;
    private final Path root;
    private final IncludeFilter include;
    private final FingerprintCache fingerprints;
    /** The files the last listing left out, and why. */
    private final Map<Path, SkipReason> skipped = new ConcurrentHashMap<>();

    /** @param uri a {@code file:} URI of an absolute directory path, e.g. {@code file:///data/in} */
    public LocalDirectorySource(String uri, IncludeFilter include) {
        this(uri, include, KnownFingerprints.NONE);
    }

    /** @param known fingerprints remembered from earlier processes, and where this one remembers those it computes */
    public LocalDirectorySource(String uri, IncludeFilter include, KnownFingerprints known) {
        this(uri, include, new FingerprintCache(file -> Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), known));
    }

    LocalDirectorySource(String uri, IncludeFilter include, FingerprintCache fingerprints) {
        this.uri = uri;
        this.root = directoryOf(uri);
        this.include = include;
        this.fingerprints = fingerprints;
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
        if (!"file".equals(parsed.getScheme())
                || parsed.getPath() == null
                || !parsed.getPath().startsWith("/")) {
            throw new IllegalArgumentException(
                    "a local source needs a file: URI of an absolute directory, like file:///data/in; got " + uri);
        }
        return Path.of(parsed).normalize();
    }

    @Override
    public String uri() {
        return uri;
    }

    /** The source directory. */
    public Path directory() {
        return root;
    }

    @Override
    public List<SourceObject> list() throws IOException {
        requireDirectory();
        Walk walk = new Walk();
        walk.into(root);
        List<SourceObject> objects = describe(walk);
        fingerprints.retainOnly(new HashSet<>(walk.files.values()));
        skipped.keySet().retainAll(walk.skips.keySet());
        skipped.putAll(walk.skips);
        return objects;
    }

    /**
     * The objects among {@code changed}, paths below the directory that may have been created or modified since
     * they were listed, as {@link #list()} describes them: a changed directory with everything below it, a changed
     * file if it matches. Paths that are gone, hidden or outside the directory are left out. Costs what the changed
     * paths cost, not what the directory holds.
     */
    public List<SourceObject> list(Collection<Path> changed) throws IOException {
        requireDirectory();
        Walk walk = new Walk();
        for (Path path : changed) {
            Path normal = path.normalize();
            if (normal.startsWith(root) && !normal.equals(root) && !hiddenBelowRoot(normal)) {
                walk.into(normal);
            }
        }
        List<SourceObject> objects = describe(walk);
        walk.files.values().forEach(file -> {
            if (!walk.skips.containsKey(file)) {
                skipped.remove(file);
            }
        });
        skipped.putAll(walk.skips);
        return objects;
    }

    private void requireDirectory() throws NoSuchFileException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "the source directory does not exist");
        }
    }

    private boolean hiddenBelowRoot(Path path) {
        for (Path segment : root.relativize(path)) {
            if (isHidden(segment.toString())) {
                return true;
            }
        }
        return false;
    }

    /** Describes the files a walk found, in name order; a file that cannot be read is skipped as UNREADABLE. */
    private List<SourceObject> describe(Walk walk) {
        List<SourceObject> objects = new ArrayList<>(walk.files.size());
        for (Map.Entry<String, Path> entry : walk.files.entrySet()) {
            try {
                SourceObject object = describe(entry.getKey(), entry.getValue());
                if (object != null) {
                    objects.add(object);
                }
            } catch (IOException e) {
                walk.skips.put(entry.getValue(), SkipReason.UNREADABLE);
                logFirstSkip(entry.getValue(), SkipReason.UNREADABLE, e.toString());
            }
        }
        walk.skips.forEach((file, reason) -> {
            if (reason != SkipReason.UNREADABLE) {
                logFirstSkip(file, reason, null);
            }
        });
        return objects;
    }

    /** The matching files below one or more starting points, by name, and the matching names left out. */
    private final class Walk extends SimpleFileVisitor<Path> {
        final Map<String, Path> files = new TreeMap<>();
        final Map<Path, SkipReason> skips = new HashMap<>();

        void into(Path start) throws IOException {
            Files.walkFileTree(start, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, this);
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return !dir.equals(root) && isHidden(dir.getFileName().toString())
                    ? FileVisitResult.SKIP_SUBTREE
                    : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String name = relativeName(file);
            if (isHidden(file.getFileName().toString()) || isPartial(name) || !include.matches(name)) {
                return FileVisitResult.CONTINUE;
            }
            if (attrs.isRegularFile()) {
                files.put(name, file);
            } else {
                skips.put(file, attrs.isSymbolicLink() ? SkipReason.SYMBOLIC_LINK : SkipReason.NOT_A_REGULAR_FILE);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
        }
    }

    /** How many matching files the last listing left out, per reason. */
    public Map<SkipReason, Integer> skipped() {
        Map<SkipReason, Integer> counts = new EnumMap<>(SkipReason.class);
        for (SkipReason reason : SkipReason.values()) {
            counts.put(reason, 0);
        }
        skipped.values().forEach(reason -> counts.merge(reason, 1, Integer::sum));
        return counts;
    }

    /** A file left out for the same reason at every poll is logged once. */
    private void logFirstSkip(Path file, SkipReason reason, String detail) {
        if (skipped.get(file) != reason) {
            log.warn("Not listing {}: {}{}", file, reason.describe(), detail == null ? "" : " (" + detail + ")");
        }
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
            Instant modified = attrs.lastModifiedTime().toInstant();
            String fileUri = file.toUri().toString();
            String fingerprint = fingerprints.fingerprint(file, SourceObject.id(fileUri, generation(modified)), attrs);
            if (fingerprint == null) {
                return null;
            }
            return new SourceObject(
                    fileUri, generation(modified), attrs.size(), fingerprint, modified, name.endsWith(".gz"));
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
            throw new IllegalArgumentException(
                    "cannot open " + object.id() + " of " + object.size() + " bytes at offset " + offset
                            + (object.gzip() ? ": a gzip object can only be opened at offset 0" : ""));
        }
        Path file = Path.of(URI.create(object.uri())).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException(object.uri() + " is not in " + uri);
        }
        SeekableByteChannel channel;
        try {
            requireInside(file, object);
            channel = Files.newByteChannel(file, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new ObjectVanishedException(object, e);
        } catch (AccessDeniedException e) {
            throw new ObjectUnreadableException(object, "access denied: " + e.getMessage(), e);
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(file)) {
                throw new ObjectUnreadableException(
                        object, "it was replaced by a symbolic link, which is not followed", e);
            }
            throw e;
        }
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            if (attrs.size() != object.size()
                    || generation(attrs.lastModifiedTime().toInstant()) != object.generation()) {
                throw new ObjectVanishedException(object, null);
            }
            channel.position(offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return Channels.newInputStream(channel);
    }

    /** A directory on the way to the file may have been replaced by a symbolic link since the listing. */
    private void requireInside(Path file, SourceObject object) throws IOException {
        Path real = file.toRealPath();
        if (!real.startsWith(root.toRealPath())) {
            throw new ObjectUnreadableException(
                    object,
                    "its real path " + real + " is outside " + uri + " (a symbolic link on the way); it is not read",
                    null);
        }
    }

    private String relativeName(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    @Override
    public String toString() {
        return "LocalDirectorySource[" + uri + " include " + include + "]";
    }
}
