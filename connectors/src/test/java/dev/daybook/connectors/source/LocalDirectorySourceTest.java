package dev.daybook.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectorySourceTest {

    @TempDir
    Path dir;

    @Test
    void listsMatchingFilesRecursivelyInNameOrderAndLeavesOutHiddenAndPartialOnes() throws Exception {
        write("b.csv", "b");
        write("a.csv.gz", "a");
        write("2024/04/c.csv", "c");
        write("notes.txt", "n");
        write(".hidden.csv", "h");
        write(".staging/d.csv", "d");
        write("e.csv.tmp", "e");
        write("f.csv.part", "f");
        write("g.CSV", "g");

        List<SourceObject> objects = source().list();

        assertThat(objects)
                .extracting(SourceObject::uri)
                .containsExactly(uri("2024/04/c.csv"), uri("a.csv.gz"), uri("b.csv"));
        assertThat(objects).extracting(SourceObject::gzip).containsExactly(false, true, false);
    }

    @Test
    void includeGlobsMatchFileNamesOrRelativePaths() throws Exception {
        write("x/keep.csv", "1");
        write("y/keep.csv", "2");
        write("x/other.json", "3");

        assertThat(new LocalDirectorySource(dir.toUri().toString(), new IncludeFilter(List.of("x/*.csv", "*.json")))
                        .list())
                .extracting(SourceObject::uri)
                .containsExactly(uri("x/keep.csv"), uri("x/other.json"));
    }

    @Test
    void describesEachFileWithSizeModificationTimeAsGenerationAndContentHash() throws Exception {
        Path file = write("a.csv", "hello\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-04-15T10:00:00.123456Z")));

        SourceObject object = source().list().get(0);

        assertThat(object)
                .isEqualTo(new SourceObject(
                        uri("a.csv"),
                        1_713_175_200_123_456L,
                        6,
                        "sha256:" + sha256("hello\n"),
                        Instant.parse("2024-04-15T10:00:00.123456Z"),
                        false));
    }

    @Test
    void aRewrittenFileIsANewVersionAndTheOldOneCanNoLongerBeOpened() throws Exception {
        Path file = write("a.csv", "one");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-04-15T10:00:00Z")));
        LocalDirectorySource source = source();
        SourceObject old = source.list().get(0);

        Files.writeString(file, "two");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-04-15T10:00:01Z")));
        SourceObject rewritten = source.list().get(0);

        assertThat(rewritten.id()).isNotEqualTo(old.id());
        assertThatThrownBy(() -> source.open(old, 0)).isInstanceOf(ObjectVanishedException.class);
        try (InputStream in = source.open(rewritten, 0)) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("two");
        }
        Files.delete(file);
        assertThatThrownBy(() -> source.open(rewritten, 0)).isInstanceOf(ObjectVanishedException.class);
    }

    @Test
    void theFingerprintFollowsTheContentAndIdenticalContentGivesTheSameFingerprint() throws Exception {
        LocalDirectorySource source = source();
        Path file = write("a.csv", "one");
        write("copy.csv", "one");
        List<SourceObject> first = source.list();
        assertThat(first.get(0).fingerprint()).isEqualTo(first.get(1).fingerprint());

        Files.writeString(file, "two");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));

        assertThat(source.list().get(0).fingerprint()).isEqualTo("sha256:" + sha256("two"));
    }

    @Test
    void opensAFileAtAnOffset() throws Exception {
        write("a.csv", "0123456789");
        LocalDirectorySource source = source();
        SourceObject object = source.list().get(0);

        try (InputStream in = source.open(object, 4)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("456789");
        }
        try (InputStream in = source.open(object, 10)) {
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThatThrownBy(() -> source.open(object, 11)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opensGzipFilesOnlyAtTheStartAndResumesThemByDecompressingAndSkipping() throws Exception {
        Path file = dir.resolve("a.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("0123456789".getBytes(StandardCharsets.US_ASCII));
        }
        LocalDirectorySource source = source();
        SourceObject object = source.list().get(0);

        assertThatThrownBy(() -> source.open(object, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 0");
        try (InputStream in = ObjectStreams.openDecompressed(source, object, 7, 10)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("789");
        }
    }

    @Test
    void aGzipBombFailsOnceItDecompressesToMoreThanTheCapWithoutInflatingTheRest() throws Exception {
        Path file = dir.resolve("bomb.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                out.write(zeros);
            }
        }
        LocalDirectorySource source = source();
        SourceObject bomb = source.list().get(0);
        assertThat(bomb.size())
                .as("256 MiB of zeros compress to well under 1 MiB")
                .isLessThan(1 << 20);

        try (InputStream in = ObjectStreams.openDecompressed(source, bomb, 0, 1 << 20)) {
            byte[] buffer = new byte[8192];
            assertThatThrownBy(() -> {
                        while (in.read(buffer) >= 0) {
                            // reading until the cap stops it
                        }
                    })
                    .isInstanceOf(ObjectTooLargeException.class)
                    .hasMessageContaining("decompresses to more than 1048576 bytes");
        }
        assertThatThrownBy(() -> ObjectStreams.openDecompressed(source, bomb, 2 << 20, 1 << 20))
                .as("skipping to a resume offset counts too")
                .isInstanceOf(ObjectTooLargeException.class);
    }

    @Test
    void opensPlainFilesAtADecompressedOffsetDirectly() throws Exception {
        write("a.csv", "0123456789");
        LocalDirectorySource source = source();

        try (InputStream in =
                ObjectStreams.openDecompressed(source, source.list().get(0), 8, Long.MAX_VALUE)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("89");
        }
    }

    @Test
    void refusesFilesOutsideItsDirectory() throws Exception {
        SourceObject elsewhere = new SourceObject("file:///etc/passwd", 0, 1, "x", Instant.EPOCH, false);

        assertThatThrownBy(() -> source().open(elsewhere, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void symbolicLinksAreNeitherListedNorEnteredAndAreCounted(@TempDir Path outside) throws Exception {
        write("a.csv", "a");
        Files.writeString(outside.resolve("secret.csv"), "secret");
        Files.createSymbolicLink(dir.resolve("out.csv"), outside.resolve("secret.csv"));
        Files.createSymbolicLink(dir.resolve("outdir"), outside);
        Files.createSymbolicLink(dir.resolve("in.csv"), dir.resolve("a.csv"));
        Files.createSymbolicLink(dir.resolve("dangling.csv"), dir.resolve("missing.csv"));
        LocalDirectorySource source = source();

        assertThat(source.list()).extracting(SourceObject::uri).containsExactly(uri("a.csv"));
        assertThat(source.skipped()).containsEntry(LocalDirectorySource.SkipReason.SYMBOLIC_LINK, 3);
    }

    @Test
    @Tag("integration")
    void aFifoWithAMatchingNameIsLeftOutAndCountedWithoutBeingOpened() throws Exception {
        write("a.csv", "a");
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe.csv").toString())
                .inheritIO()
                .start();
        assertThat(mkfifo.waitFor()).isZero();
        LocalDirectorySource source = source();

        assertThat(source.list()).extracting(SourceObject::uri).containsExactly(uri("a.csv"));
        assertThat(source.skipped()).containsEntry(LocalDirectorySource.SkipReason.NOT_A_REGULAR_FILE, 1);
    }

    /** Tests run as root, for whom mode 000 is readable: the read fault is injected where the file is opened. */
    @Test
    void aFileThatCannotBeReadIsLeftOutCountedAndListedOnceItCanBe() throws Exception {
        write("a.csv", "a");
        write("b.csv", "b");
        write("c.csv", "c");
        AtomicBoolean denied = new AtomicBoolean(true);
        LocalDirectorySource source = new LocalDirectorySource(
                dir.toUri().toString(),
                IncludeFilter.defaults(),
                new FingerprintCache(
                        file -> {
                            if (denied.get() && file.getFileName().toString().equals("b.csv")) {
                                throw new AccessDeniedException(file.toString());
                            }
                            return Files.newInputStream(file);
                        },
                        KnownFingerprints.NONE));

        assertThat(source.list()).extracting(SourceObject::uri).containsExactly(uri("a.csv"), uri("c.csv"));
        assertThat(source.skipped()).containsEntry(LocalDirectorySource.SkipReason.UNREADABLE, 1);

        denied.set(false);
        assertThat(source.list())
                .extracting(SourceObject::uri)
                .containsExactly(uri("a.csv"), uri("b.csv"), uri("c.csv"));
        assertThat(source.skipped()).containsEntry(LocalDirectorySource.SkipReason.UNREADABLE, 0);
    }

    @Test
    void aFileReplacedByASymbolicLinkAfterListingIsNotReadThroughIt(@TempDir Path outside) throws Exception {
        Path file = write("sub/a.csv", "a");
        FileTime modified = Files.getLastModifiedTime(file);
        LocalDirectorySource source = source();
        SourceObject listed = source.list().get(0);
        Path elsewhere = Files.createDirectories(outside.resolve("sub"));
        Files.setLastModifiedTime(Files.writeString(elsewhere.resolve("a.csv"), "b"), modified);

        Files.delete(file);
        Files.createSymbolicLink(file, elsewhere.resolve("a.csv"));
        assertThatThrownBy(() -> source.open(listed, 0))
                .isInstanceOf(ObjectUnreadableException.class)
                .hasMessageContaining("outside");

        Files.delete(file);
        Files.delete(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("sub"), elsewhere);
        assertThatThrownBy(() -> source.open(listed, 0))
                .isInstanceOf(ObjectUnreadableException.class)
                .hasMessageContaining("outside");
    }

    @Test
    void aRestartedSourceTakesTheFingerprintsItRemembersInsteadOfReadingTheFilesAgain() throws Exception {
        Path a = write("a.csv", "a");
        write("b.csv", "b");
        Map<String, String> remembered = new ConcurrentHashMap<>();
        KnownFingerprints known = new KnownFingerprints() {
            @Override
            public Optional<String> fingerprint(String objectId, long size) {
                return Optional.ofNullable(remembered.get(objectId + " " + size));
            }

            @Override
            public void remember(String objectId, long size, String fingerprint) {
                remembered.put(objectId + " " + size, fingerprint);
            }
        };
        List<SourceObject> first = countingSource(known, new ArrayList<>()).list();

        List<Path> opened = new ArrayList<>();
        LocalDirectorySource restarted = countingSource(known, opened);
        assertThat(restarted.list()).isEqualTo(first);
        assertThat(opened).as("files hashed again").isEmpty();

        FileTime modified = Files.getLastModifiedTime(a);
        Files.setLastModifiedTime(Files.writeString(a, "a, longer"), modified);
        assertThat(countingSource(known, opened).list())
                .extracting(SourceObject::fingerprint)
                .containsExactly("sha256:" + sha256("a, longer"), "sha256:" + sha256("b"));
        assertThat(opened)
                .as("the file whose size changed, with its modification time kept")
                .containsExactly(a);
    }

    @Test
    void needsAnAbsoluteFileUriOfAnExistingDirectory() {
        assertThatThrownBy(() -> new LocalDirectorySource("gs://bucket/prefix"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file:///data/in");
        assertThatThrownBy(() -> new LocalDirectorySource("file:relative"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new LocalDirectorySource(dir.resolve("missing").toUri().toString()).list())
                .isInstanceOf(NoSuchFileException.class);
    }

    private LocalDirectorySource countingSource(KnownFingerprints known, List<Path> opened) {
        return new LocalDirectorySource(
                dir.toUri().toString(),
                IncludeFilter.defaults(),
                new FingerprintCache(
                        file -> {
                            opened.add(file);
                            return Files.newInputStream(file);
                        },
                        known));
    }

    private LocalDirectorySource source() {
        return new LocalDirectorySource(dir.toUri().toString());
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private String uri(String name) {
        return dir.resolve(name).toUri().toString();
    }

    private static String sha256(String content) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }
}
