package dev.daybook.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Deduplication keeps 16 bytes per event id: the ingester's ids are those bytes, any other id is hashed to 16. */
class EventIdKeysPropertyTest {

    private final EventIdKeys keys = new EventIdKeys();

    @Property
    void theIngestersIdsAreTheirOwnBytes(@ForAll("ingesterIds") String id) {
        assertThat(keys.of(id).get()).isEqualTo(HexFormat.of().parseHex(id));
    }

    @Property
    void distinctIdsHaveDistinctKeysOfSixteenBytes(@ForAll("anyIds") String id, @ForAll("anyIds") String other) {
        assertThat(keys.of(id).get()).hasSize(EventIdKeys.LENGTH);
        assertThat(keys.of(id).equals(keys.of(other))).isEqualTo(id.equals(other));
    }

    @Property
    void anIdInCapitalsIsAnotherId(@ForAll("ingesterIds") String id) {
        String capitals = id.toUpperCase(Locale.ROOT);

        assertThat(keys.of(capitals).equals(keys.of(id))).isEqualTo(capitals.equals(id));
    }

    @Provide
    Arbitrary<String> ingesterIds() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(32);
    }

    @Provide
    Arbitrary<String> anyIds() {
        Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> hexLike =
                Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(32);
        return Arbitraries.oneOf(ingesterIds(), hexLike, text);
    }
}
