package dev.daybook.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.Topic;
import dev.daybook.schemas.TopicCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The index writes the offsets it has read up to after the records they cover, so a crash makes the next start read
 * some records again: whatever was applied twice, from whatever point, the index must say what one reading says, its
 * totals included.
 */
class ProgressIndexPropertyTest {

    private static final Topic<String, IngestProgress> TOPIC =
            TopicCatalogue.withDefaultPrefix().ingestProgress();
    private static final List<String> URIS = List.of("file:///in/a.csv", "file:///in/b.csv");
    private static final List<String> FINGERPRINTS = List.of("sha256:1", "sha256:2");

    @Property(tries = 60)
    void recordsReadAgainFromAnyPointLeaveTheIndexAsOneReadingDoes(
            @ForAll("histories") List<IngestProgress> records,
            @ForAll @IntRange(min = 0, max = 100) int crashPercent,
            @ForAll @IntRange(min = 0, max = 100) int resumePercent)
            throws IOException {
        int crash = records.size() * crashPercent / 100;
        int resume = crash * resumePercent / 100;
        Path dirs = Files.createTempDirectory("progress-index");
        try (ProgressIndex once = ProgressIndex.open(dirs.resolve("once"), TOPIC);
                ProgressIndex twice = ProgressIndex.open(dirs.resolve("twice"), TOPIC)) {
            records.forEach(once::put);
            // as a worker takes in what a transaction committed, then as a start reads the records from the topic
            twice.putAll(records.subList(0, crash));
            records.subList(resume, records.size())
                    .forEach(record -> twice.apply(record.objectId(), TOPIC.serializeValue(record)));

            assertThat(twice.totals()).isEqualTo(once.totals()).isEqualTo(IngestTotals.of(latestById(records)));
            for (String uri : URIS) {
                for (long generation = 1; generation <= 2; generation++) {
                    String id = uri + "#" + generation;
                    assertThat(twice.byId(id)).as(id).isEqualTo(once.byId(id));
                }
                for (String fingerprint : FINGERPRINTS) {
                    assertThat(twice.byContent(uri, fingerprint))
                            .as(uri + " " + fingerprint)
                            .isEqualTo(once.byContent(uri, fingerprint));
                }
            }
        } finally {
            delete(dirs);
        }
    }

    /** The case jqwik found: two versions of one content equally far, the first written again after the second. */
    @Example
    void equallyFarVersionsOfOneContentLeaveTheSameOneWhateverWasReadTwice() throws IOException {
        IngestProgress first = progress(URIS.get(0), 1, FINGERPRINTS.get(0), IngestProgress.State.IN_PROGRESS, 0);
        IngestProgress second = progress(URIS.get(0), 2, FINGERPRINTS.get(0), IngestProgress.State.IN_PROGRESS, 0);
        List<IngestProgress> records = List.of(first, second, first);

        recordsReadAgainFromAnyPointLeaveTheIndexAsOneReadingDoes(records, 34, 0);
    }

    @Example
    void aTombstoneTakesItsVersionOutOfTheTotals() throws IOException {
        IngestProgress kept = progress(URIS.get(0), 1, FINGERPRINTS.get(0), IngestProgress.State.DONE, 2);
        IngestProgress forgotten = progress(URIS.get(1), 1, FINGERPRINTS.get(1), IngestProgress.State.IN_PROGRESS, 3);
        Path dir = Files.createTempDirectory("progress-index");
        try (ProgressIndex index = ProgressIndex.open(dir, TOPIC)) {
            index.putAll(List.of(kept, forgotten));
            index.apply(forgotten.objectId(), null);
            index.apply(forgotten.objectId(), null);

            assertThat(index.totals()).isEqualTo(IngestTotals.of(kept));
        } finally {
            delete(dir);
        }
    }

    private static List<IngestProgress> latestById(List<IngestProgress> records) {
        Map<String, IngestProgress> latest = new LinkedHashMap<>();
        records.forEach(record -> latest.put(record.objectId(), record));
        return List.copyOf(latest.values());
    }

    @Provide
    Arbitrary<List<IngestProgress>> histories() {
        Arbitrary<IngestProgress> record = Combinators.combine(
                        Arbitraries.of(URIS),
                        Arbitraries.longs().between(1, 2),
                        Arbitraries.of(FINGERPRINTS),
                        Arbitraries.of(IngestProgress.State.class),
                        Arbitraries.longs().between(0, 3))
                .as(ProgressIndexPropertyTest::progress);
        return record.list().ofMaxSize(16);
    }

    private static IngestProgress progress(
            String uri, long generation, String fingerprint, IngestProgress.State state, long kilobytes) {
        return new IngestProgress(
                "file:///in",
                uri + "#" + generation,
                uri,
                generation,
                fingerprint,
                state,
                kilobytes * 1024,
                kilobytes * 10,
                kilobytes * 10,
                kilobytes * 8,
                kilobytes,
                kilobytes,
                kilobytes,
                kilobytes * generation,
                state == IngestProgress.State.FAILED ? "bad_header" : null,
                null,
                Instant.EPOCH);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
