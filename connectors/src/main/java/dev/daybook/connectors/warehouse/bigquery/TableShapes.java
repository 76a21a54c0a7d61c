package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.bigquery.QueryParameterValue;
import dev.daybook.connectors.warehouse.bigquery.MergeShape.Column;
import dev.daybook.connectors.warehouse.bigquery.MergeShape.Rule;
import dev.daybook.schemas.DailyCurrencyVolume;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.warehouse.CoinDaily;
import dev.daybook.schemas.warehouse.DateRow;
import dev.daybook.schemas.warehouse.TokenRow;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** The {@link MergeShape} of each table the sink upserts, after its DDL in {@code schemas/bigquery}. */
final class TableShapes {

    static final MergeShape<DailyVolume> DAILY_VOLUME = new MergeShape<>(
            List.of(
                    date("date", row -> row.date().toString()),
                    string("project_id", DailyVolume::projectId),
                    int64("num_transactions", DailyVolume::numTransactions),
                    float64("total_volume_usd", DailyVolume::totalVolumeUsd),
                    int64("unpriced_transactions", DailyVolume::unpricedTransactions),
                    int64("version", DailyVolume::version)),
            2,
            Optional.of(DailyVolume::date),
            Rule.NEWER_VERSION,
            true);

    static final MergeShape<DailyCurrencyVolume> DAILY_CURRENCY_VOLUME = new MergeShape<>(
            List.of(
                    date("date", row -> row.date().toString()),
                    string("project_id", DailyCurrencyVolume::projectId),
                    int64("chain_id", DailyCurrencyVolume::chainId),
                    string("currency_address", DailyCurrencyVolume::currencyAddress),
                    int64("num_transactions", DailyCurrencyVolume::numTransactions),
                    float64("volume_usd", DailyCurrencyVolume::volumeUsd),
                    int64("unpriced_transactions", DailyCurrencyVolume::unpricedTransactions),
                    int64("version", DailyCurrencyVolume::version)),
            4,
            Optional.of(DailyCurrencyVolume::date),
            Rule.NEWER_VERSION,
            true);

    static final MergeShape<CoinDaily> COIN_DAILY = new MergeShape<>(
            List.of(
                    string("coin_id", CoinDaily::coinId),
                    date("date", row -> row.date().toString()),
                    float64("price_usd", CoinDaily::priceUsd),
                    float64("market_cap_usd", CoinDaily::marketCapUsd),
                    float64("volume_24h_usd", CoinDaily::volume24hUsd),
                    string("source", CoinDaily::source)),
            2,
            Optional.of(CoinDaily::date),
            Rule.REPLACE,
            true);

    static final MergeShape<TokenRow> TOKENS = new MergeShape<>(
            List.of(
                    int64("chain_id", TokenRow::chainId),
                    string("address", TokenRow::address),
                    string("symbol", TokenRow::symbol),
                    int64("decimals", TokenRow::decimals),
                    string("coin_id", TokenRow::coinId),
                    string("name", TokenRow::name)),
            2,
            Optional.empty(),
            Rule.REPLACE,
            true);

    static final MergeShape<DateRow> DATES = new MergeShape<>(
            List.of(
                    date("date", row -> row.date().toString()),
                    int64("year", DateRow::year),
                    int64("quarter", DateRow::quarter),
                    int64("month", DateRow::month),
                    int64("iso_year", DateRow::isoYear),
                    int64("iso_week", DateRow::isoWeek),
                    int64("day_of_week", DateRow::dayOfWeek),
                    new Column<>("is_weekend", "BOOL", row -> QueryParameterValue.bool(row.isWeekend()))),
            1,
            Optional.empty(),
            Rule.INSERT_ONLY,
            false);

    private TableShapes() {}

    private static <R> Column<R> date(String name, Function<R, String> value) {
        return new Column<>(name, "DATE", row -> QueryParameterValue.date(value.apply(row)));
    }

    private static <R> Column<R> string(String name, Function<R, String> value) {
        return new Column<>(name, "STRING", row -> QueryParameterValue.string(value.apply(row)));
    }

    private static <R> Column<R> int64(String name, ToLongFunction<R> value) {
        return new Column<>(name, "INT64", row -> QueryParameterValue.int64(value.applyAsLong(row)));
    }

    /** An exact amount as the FLOAT64 column's nearest double ({@link MergeStatement#toFloat64}); null stays NULL. */
    private static <R> Column<R> float64(String name, Function<R, BigDecimal> value) {
        return new Column<>(name, "FLOAT64", row -> {
            BigDecimal exact = value.apply(row);
            return QueryParameterValue.float64(exact == null ? null : MergeStatement.toFloat64(exact));
        });
    }
}
