package dev.daybook.app.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.schemas.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The format of the rates-needs topic: keys and JSON values, pinned since they outlive upgrades. */
class NeedsRecordTest {

    private static final JsonSerde<NeedsRecord> SERDE = JsonSerde.of(NeedsRecord.class);
    private static final Instant REPORTED = Instant.parse("2024-04-16T08:30:00Z");

    @Test
    void aNeedIsKeyedByCurrencyAndDayWithTheAddressInLowerCase() {
        NeedsRecord need = new NeedsRecord.Need(
                137, "0xD1F9C58E33933A993A3891F8ACFE05A68E1AFC05", LocalDate.parse("2024-04-15"), "SFL");

        assertThat(need.key()).isEqualTo("need:137:0xd1f9c58e33933a993a3891f8acfe05a68e1afc05:2024-04-15");
        assertThat(json(need))
                .isEqualTo(
                        "{\"kind\":\"need\",\"chain_id\":137,"
                                + "\"address\":\"0xd1f9c58e33933a993a3891f8acfe05a68e1afc05\",\"day\":\"2024-04-15\",\"symbol\":\"SFL\"}");
        assertThat(roundTrip(need)).isEqualTo(need);
    }

    @Test
    void aNeedWithoutSymbolLeavesItOut() {
        NeedsRecord need = new NeedsRecord.Need(1, "0xabc", LocalDate.parse("2024-04-15"), null);

        assertThat(json(need))
                .isEqualTo("{\"kind\":\"need\",\"chain_id\":1,\"address\":\"0xabc\",\"day\":\"2024-04-15\"}");
        assertThat(roundTrip(need)).isEqualTo(need);
    }

    @Test
    void anUnknownCurrencyIsKeyedByCurrency() {
        NeedsRecord unknown = new NeedsRecord.UnknownCurrency(
                137, "0xBEEF", "XYZ", "CoinGecko does not know contract 0xbeef on polygon-pos", REPORTED);

        assertThat(unknown.key()).isEqualTo("unknown-currency:137:0xbeef");
        assertThat(json(unknown))
                .isEqualTo("{\"kind\":\"unknown_currency\",\"chain_id\":137,\"address\":\"0xbeef\","
                        + "\"symbol\":\"XYZ\",\"reason\":\"CoinGecko does not know contract 0xbeef on polygon-pos\","
                        + "\"reported_at\":\"2024-04-16T08:30:00Z\"}");
        assertThat(roundTrip(unknown)).isEqualTo(unknown);
    }

    @Test
    void aMissingRateIsKeyedByCoinAndDay() {
        NeedsRecord noRate = new NeedsRecord.NoRate(
                "usd-coin",
                LocalDate.parse("2024-04-10"),
                "CoinGecko has no USD price of 'usd-coin' at 00:00 UTC of 2024-04-10",
                REPORTED);

        assertThat(noRate.key()).isEqualTo("no-rate:usd-coin:2024-04-10");
        assertThat(json(noRate))
                .isEqualTo("{\"kind\":\"no_rate\",\"coin_id\":\"usd-coin\",\"day\":\"2024-04-10\","
                        + "\"reason\":\"CoinGecko has no USD price of 'usd-coin' at 00:00 UTC of 2024-04-10\","
                        + "\"reported_at\":\"2024-04-16T08:30:00Z\"}");
        assertThat(roundTrip(noRate)).isEqualTo(noRate);
    }

    @Test
    void aRecordOfAnotherKindOrWithoutItsFieldsIsUnreadable() {
        assertThatThrownBy(() -> SERDE.deserialize("t", bytes("{\"kind\":\"rumour\"}")))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> SERDE.deserialize("t", bytes("{\"kind\":\"no_rate\",\"coin_id\":\"usd-coin\"}")))
                .isInstanceOf(SerializationException.class);
    }

    private static String json(NeedsRecord record) {
        return new String(SERDE.serialize("t", record), StandardCharsets.UTF_8);
    }

    private static NeedsRecord roundTrip(NeedsRecord record) {
        return SERDE.deserialize("t", SERDE.serialize("t", record));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
