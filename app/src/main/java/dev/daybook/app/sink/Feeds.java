package dev.daybook.app.sink;

import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.schemas.DailyCurrencyVolume;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Topic;
import dev.daybook.schemas.TopicCatalogue;
import dev.daybook.schemas.Transaction;
import dev.daybook.schemas.warehouse.CoinDaily;
import dev.daybook.schemas.warehouse.TokenRow;
import dev.daybook.schemas.warehouse.WarehouseTable;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The feeds of the warehouse model, one per table the sink writes from a topic: {@code transactions} → the raw
 * layer, {@code daily-volume} → daily_volume, {@code daily-currency-volume} → daily_currency_volume,
 * {@code rates} → coin_daily, {@code tokens} → tokens. The {@code dates} table is no feed: the sink writes the
 * days of each batch's dated rows to it.
 */
final class Feeds {

    private Feeds() {}

    /** The feeds of the tables {@code tables} holds, in a fixed order. */
    static List<Feed<?>> of(TopicCatalogue topics, Set<WarehouseTable> tables) {
        List<Feed<?>> all = List.of(
                new Feed<>(
                        WarehouseTable.TRANSACTIONS,
                        topics.transactions().name(),
                        false,
                        keyed(topics.transactions(), "bad_transaction", "transaction", Transaction::eventId),
                        Transaction::eventId,
                        null,
                        Transaction::day,
                        Warehouse::insertTransactions),
                new Feed<>(
                        WarehouseTable.DAILY_VOLUME,
                        topics.dailyVolume().name(),
                        true,
                        keyed(topics.dailyVolume(), "bad_daily_volume", "daily-volume row", DailyVolume::key),
                        DailyVolume::key,
                        DailyVolume::version,
                        DailyVolume::date,
                        Warehouse::upsert),
                new Feed<>(
                        WarehouseTable.DAILY_CURRENCY_VOLUME,
                        topics.dailyCurrencyVolume().name(),
                        true,
                        keyed(
                                topics.dailyCurrencyVolume(),
                                "bad_daily_currency_volume",
                                "daily-currency-volume row",
                                DailyCurrencyVolume::key),
                        DailyCurrencyVolume::key,
                        DailyCurrencyVolume::version,
                        DailyCurrencyVolume::date,
                        Warehouse::upsertDailyCurrencyVolume),
                new Feed<>(
                        WarehouseTable.COIN_DAILY,
                        topics.rates().name(),
                        true,
                        (key, value) -> {
                            try {
                                return CoinDaily.of(key, value(topics.rates(), value, "bad_rate", "rate"));
                            } catch (IllegalArgumentException | NullPointerException e) {
                                throw new Feed.BadRecord("bad_rate", String.valueOf(e.getMessage()));
                            }
                        },
                        row -> row.coinId() + ":" + row.date(),
                        null,
                        CoinDaily::date,
                        Warehouse::upsertCoinDaily),
                new Feed<>(
                        WarehouseTable.TOKENS,
                        topics.tokens().name(),
                        true,
                        (key, value) -> {
                            try {
                                return TokenRow.of(key, value(topics.tokens(), value, "bad_token", "token"));
                            } catch (IllegalArgumentException | NullPointerException e) {
                                throw new Feed.BadRecord("bad_token", String.valueOf(e.getMessage()));
                            }
                        },
                        row -> row.chainId() + ":" + row.address(),
                        null,
                        null,
                        Warehouse::upsertTokens));
        return all.stream().filter(feed -> tables.contains(feed.table())).toList();
    }

    /** A reader of a topic whose values carry their own key, which the record's key must match. */
    private static <R> Feed.Reader<R> keyed(
            Topic<String, R> topic, String reason, String what, Function<R, String> ownKey) {
        return (key, value) -> {
            R row = value(topic, value, reason, what);
            if (!ownKey.apply(row).equals(key)) {
                throw new Feed.BadRecord(
                        "key_mismatch", "key " + key + " does not match the row's " + ownKey.apply(row));
            }
            return row;
        };
    }

    private static <R> R value(Topic<String, R> topic, byte[] value, String reason, String what) throws Feed.BadRecord {
        R row;
        try {
            row = topic.deserializeValue(value);
        } catch (SerializationException e) {
            throw new Feed.BadRecord(reason, e.getMessage());
        }
        if (row == null) {
            throw new Feed.BadRecord(reason, "the value is JSON null, not a " + what);
        }
        return row;
    }
}
