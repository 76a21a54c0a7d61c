package dev.daybook.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.connectors.csv.Decoded;
import dev.daybook.connectors.csv.Position;
import dev.daybook.connectors.csv.SequenceDecoder;
import dev.daybook.connectors.generate.GeneratorConfig;
import dev.daybook.connectors.generate.SequenceGenerator;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the ingester does after a crash: reopen an object at a recorded position and decode the rest. */
class ResumeFromSourceTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void resumingAtARecordedPositionGivesExactlyTheRowsAfterIt(boolean gzip) throws Exception {
        new SequenceGenerator(GeneratorConfig.builder()
                        .rows(3_000)
                        .rowsPerFile(3_000)
                        .gzip(gzip)
                        .seed(5)
                        .build())
                .write(dir);
        LocalDirectorySource source = new LocalDirectorySource(dir.toUri().toString());
        SourceObject object = source.list().get(0);
        List<String> all = new ArrayList<>();
        List<Position> positions = new ArrayList<>();
        try (SequenceDecoder decoder = SequenceDecoder.open(
                ObjectStreams.openDecompressed(source, object, 0, Long.MAX_VALUE), object.uri(), object.generation())) {
            for (Decoded d = decoder.next(); d != null; d = decoder.next()) {
                all.add(describe(d));
                positions.add(d.next());
            }
        }

        for (int after : new int[] {0, 211, 1_999, 2_998, 2_999}) {
            Position position = positions.get(after);
            List<String> rest = new ArrayList<>();
            try (InputStream in = ObjectStreams.openDecompressed(source, object, position.offset(), Long.MAX_VALUE);
                    SequenceDecoder decoder = SequenceDecoder.resume(in, object.uri(), object.generation(), position)) {
                for (Decoded d = decoder.next(); d != null; d = decoder.next()) {
                    rest.add(describe(d));
                }
            }
            assertThat(rest).isEqualTo(all.subList(after + 1, all.size()));
        }
        assertThat(all).hasSize(3_000);
        assertThat(positions.get(2_999).line()).isEqualTo(3_002);
    }

    /** Everything a result says, the raw bytes of malformed rows included. */
    private static String describe(Decoded decoded) {
        return decoded instanceof Decoded.Malformed m ? m + " " + m.rawText() + " " + m.next() : decoded.toString();
    }
}
