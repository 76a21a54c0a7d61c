package dev.daybook.connectors.warehouse.duckdb;

import dev.daybook.schemas.DailyCurrencyVolume;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Transaction;
import dev.daybook.schemas.warehouse.CoinDaily;
import dev.daybook.schemas.warehouse.DateRow;
import dev.daybook.schemas.warehouse.TokenRow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The values of each table's row, in the order of its columns in {@code schemas/duckdb/<table>.sql}. USD amounts
 * become doubles here, at the warehouse column; raw amounts stay exact digits.
 */
final class DuckDbRows {

    private DuckDbRows() {}

    static Object[] transaction(Transaction t) {
        return new Object[] {
            t.eventId(),
            utc(Instant.ofEpochMilli(t.ts())),
            t.day(),
            t.event(),
            t.projectId(),
            t.chainId(),
            t.currencyAddress(),
            t.currencySymbol(),
            digits(t.amountRaw()),
            t.amountDecimal() == null ? null : t.amountDecimal().toPlainString(),
            t.app(),
            t.collectionAddress(),
            t.tokenId(),
            t.txnHash(),
            t.marketplaceType(),
            t.requestId(),
            t.country(),
            t.deviceType(),
            t.deviceOs(),
            t.deviceOsVer(),
            t.deviceBrowser(),
            t.deviceBrowserVer(),
            t.source().uri(),
            t.source().generation(),
            t.source().line()
        };
    }

    static Object[] dailyVolume(DailyVolume row, LocalDateTime updatedAt) {
        return new Object[] {
            row.date(),
            row.projectId(),
            row.numTransactions(),
            usd(row.totalVolumeUsd()),
            row.unpricedTransactions(),
            updatedAt,
            row.version()
        };
    }

    static Object[] dailyCurrencyVolume(DailyCurrencyVolume row, LocalDateTime updatedAt) {
        return new Object[] {
            row.date(),
            row.projectId(),
            row.chainId(),
            row.currencyAddress(),
            row.numTransactions(),
            usd(row.volumeUsd()),
            row.unpricedTransactions(),
            updatedAt,
            row.version()
        };
    }

    static Object[] coinDaily(CoinDaily row, LocalDateTime updatedAt) {
        return new Object[] {
            row.coinId(),
            row.date(),
            usd(row.priceUsd()),
            usd(row.marketCapUsd()),
            usd(row.volume24hUsd()),
            row.source(),
            updatedAt
        };
    }

    static Object[] token(TokenRow row, LocalDateTime updatedAt) {
        return new Object[] {
            row.chainId(), row.address(), row.symbol(), (long) row.decimals(), row.coinId(), row.name(), updatedAt
        };
    }

    static Object[] date(DateRow row) {
        return new Object[] {
            row.date(),
            (long) row.year(),
            (long) row.quarter(),
            (long) row.month(),
            (long) row.isoYear(),
            (long) row.isoWeek(),
            (long) row.dayOfWeek(),
            row.isWeekend()
        };
    }

    /** A timestamp column's value: UTC, to the microsecond DuckDB keeps. */
    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static Double usd(BigDecimal value) {
        return value == null ? null : value.doubleValue();
    }

    private static String digits(BigInteger value) {
        return value == null ? null : value.toString();
    }
}
