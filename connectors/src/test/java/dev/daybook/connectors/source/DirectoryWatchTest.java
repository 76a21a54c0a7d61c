package dev.daybook.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWatchTest {

    private static final Duration PICK_UP = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final ObjectTracker tracker = new ObjectTracker(new SimpleMeterRegistry(), "test");
    private final AtomicInteger wholeListings = new AtomicInteger();
    private DirectoryWatch watch;

    @AfterEach
    void close() {
        if (watch != null) {
            watch.close();
        }
    }

    /** Polled by hand: each {@link DirectoryWatch#pollOnce} is one round. */
    private DirectoryWatch watch(Duration reconcileInterval) {
        return watch(Duration.ofSeconds(1), reconcileInterval);
    }

    private DirectoryWatch watch(Duration pollInterval, Duration reconcileInterval) {
        LocalDirectorySource source = new LocalDirectorySource(dir.toUri().toString());
        ObjectSource counted = new ObjectSource() {
            @Override
            public String uri() {
                return source.uri();
            }

            @Override
            public List<SourceObject> list() throws IOException {
                wholeListings.incrementAndGet();
                return source.list();
            }

            @Override
            public InputStream open(SourceObject object, long offset) throws IOException {
                return source.open(object, offset);
            }
        };
        watch = new DirectoryWatch(source, counted, pollInterval, reconcileInterval, tracker);
        return watch;
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private List<String> handedOut() throws InterruptedException {
        List<String> uris = new ArrayList<>();
        for (Optional<SourceObject> next = tracker.next(Duration.ZERO);
                next.isPresent();
                next = tracker.next(Duration.ZERO)) {
            uris.add(dir.toUri()
                    .relativize(java.net.URI.create(next.get().uri()))
                    .toString());
        }
        return uris;
    }

    @Test
    void listsTheWholeDirectoryAtStartThenOnlyWhatChangedUntilTheReconcileInterval() throws Exception {
        for (int i = 0; i < 50; i++) {
            write("old-" + i + ".csv", "old " + i);
        }
        DirectoryWatch watch = watch(Duration.ofHours(1));

        assertThat(watch.pollOnce()).isEqualTo(50);
        assertThat(wholeListings).hasValue(1);
        assertThat(watch.pollOnce()).as("nothing changed").isZero();

        write("new.csv", "new");
        write("2024/04/15/nested.csv", "in a new directory");
        List<String> found = new ArrayList<>(handedOut());
        await().atMost(PICK_UP).until(() -> {
            watch.pollOnce();
            found.addAll(handedOut());
            return found.containsAll(List.of("new.csv", "2024/04/15/nested.csv"));
        });
        assertThat(found).hasSize(52);
        assertThat(wholeListings)
                .as("new files found without listing the directory")
                .hasValue(1);
    }

    @Test
    void aRewrittenFileIsFoundAsANewVersion() throws Exception {
        Path file = write("a.csv", "v1");
        DirectoryWatch watch = watch(Duration.ofHours(1));
        watch.pollOnce();
        assertThat(handedOut()).containsExactly("a.csv");

        Files.writeString(file, "v2, longer");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        await().atMost(PICK_UP).until(() -> {
            watch.pollOnce();
            return tracker.pendingCount() >= 2;
        });
        assertThat(handedOut()).isNotEmpty().containsOnly("a.csv");
        assertThat(wholeListings).hasValue(1);
    }

    @Test
    void partialHiddenAndUnmatchedFilesStayOutOfTheChangedPathsToo() throws Exception {
        DirectoryWatch watch = watch(Duration.ofHours(1));
        watch.pollOnce();

        write("b.csv.tmp", "partial");
        write(".hidden.csv", "hidden");
        write("notes.txt", "not matching");
        write("c.csv", "wanted");

        List<String> found = new ArrayList<>();
        await().atMost(PICK_UP).until(() -> {
            watch.pollOnce();
            found.addAll(handedOut());
            return found.contains("c.csv");
        });
        watch.pollOnce();
        found.addAll(handedOut());
        assertThat(found).containsExactly("c.csv");
    }

    @Test
    void aFileRenamedIntoPlaceIsFoundWithoutWaitingForThePollInterval() throws Exception {
        write("before.csv", "found by the listing at start");
        watch(Duration.ofHours(1), Duration.ofHours(1)).start();
        assertThat(tracker.next(PICK_UP)).as("the listing at start").isPresent();
        Path aside = write("renamed.csv.tmp", "rows");

        Files.move(aside, dir.resolve("renamed.csv"), StandardCopyOption.ATOMIC_MOVE);

        Optional<SourceObject> found = tracker.next(PICK_UP);
        assertThat(found)
                .map(SourceObject::uri)
                .hasValue(dir.resolve("renamed.csv").toUri().toString());
    }

    @Test
    void theWholeDirectoryIsListedAgainOnceTheReconcileIntervalPassed() throws Exception {
        write("a.csv", "a");
        DirectoryWatch watch = watch(Duration.ZERO);

        watch.pollOnce();
        watch.pollOnce();

        assertThat(wholeListings).hasValue(2);
    }
}
