package dev.daybook.schemas;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * A marketplace transaction, normalized from one row of a Sequence event file. Value of the
 * {@code transactions} topic, keyed by {@link #eventId()}.
 *
 * <p>The fields after {@code source} are the row's other meaningful columns, carried to the raw layer of the
 * warehouse as they were received; each is null when the row left it empty. They are not used for volume.
 *
 * @param eventId         content hash of the source row: the same row always gets the same id
 * @param ts              event time, epoch milliseconds UTC
 * @param amountRaw       amount in the currency's base units; null when the row only had a decimal amount
 * @param amountDecimal   the row's decimal amount as received, null when it had none; volume uses it only when
 *                        amountRaw is null (the raw amount wins)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Transaction(
        String eventId,
        long ts,
        String event,
        String projectId,
        long chainId,
        String currencyAddress,
        String currencySymbol,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigInteger amountRaw,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amountDecimal,
        SourceRef source,
        String app,
        String collectionAddress,
        String tokenId,
        String txnHash,
        String marketplaceType,
        String requestId,
        String country,
        String deviceType,
        String deviceOs,
        String deviceOsVer,
        String deviceBrowser,
        String deviceBrowserVer) {

    /** How many of the row's other columns a transaction carries. */
    static final int OTHER_COLUMNS = 12;

    private static final long MILLIS_PER_DAY = 86_400_000L;

    public Transaction {
        requireText(eventId, "event_id");
        requireText(event, "event");
        requireText(projectId, "project_id");
        requireText(currencyAddress, "currency_address");
        currencyAddress = currencyAddress.toLowerCase(Locale.ROOT);
        if (amountRaw == null && amountDecimal == null) {
            throw new IllegalArgumentException("amount_raw or amount_decimal is required");
        }
        if (amountRaw != null && amountRaw.signum() < 0) {
            throw new IllegalArgumentException("amount_raw must not be negative: " + amountRaw);
        }
        if (amountDecimal != null && amountDecimal.signum() < 0) {
            throw new IllegalArgumentException("amount_decimal must not be negative: " + amountDecimal);
        }
        Objects.requireNonNull(source, "source");
    }

    /** A transaction whose row carried nothing beyond what volume needs. */
    public Transaction(
            String eventId,
            long ts,
            String event,
            String projectId,
            long chainId,
            String currencyAddress,
            String currencySymbol,
            BigInteger amountRaw,
            BigDecimal amountDecimal,
            SourceRef source) {
        this(
                eventId,
                ts,
                event,
                projectId,
                chainId,
                currencyAddress,
                currencySymbol,
                amountRaw,
                amountDecimal,
                source,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** The row's other columns, from {@code app} to {@code device_browser_ver}, each null when the row left it empty. */
    String[] otherColumns() {
        return new String[] {
            app,
            collectionAddress,
            tokenId,
            txnHash,
            marketplaceType,
            requestId,
            country,
            deviceType,
            deviceOs,
            deviceOsVer,
            deviceBrowser,
            deviceBrowserVer
        };
    }

    /** A transaction whose row's other columns are {@code otherColumns}, in {@link #otherColumns()}' order. */
    static Transaction withOtherColumns(
            String eventId,
            long ts,
            String event,
            String projectId,
            long chainId,
            String currencyAddress,
            String currencySymbol,
            BigInteger amountRaw,
            BigDecimal amountDecimal,
            SourceRef source,
            String[] otherColumns) {
        return new Transaction(
                eventId,
                ts,
                event,
                projectId,
                chainId,
                currencyAddress,
                currencySymbol,
                amountRaw,
                amountDecimal,
                source,
                otherColumns[0],
                otherColumns[1],
                otherColumns[2],
                otherColumns[3],
                otherColumns[4],
                otherColumns[5],
                otherColumns[6],
                otherColumns[7],
                otherColumns[8],
                otherColumns[9],
                otherColumns[10],
                otherColumns[11]);
    }

    /** The UTC day this transaction counts in. */
    public LocalDate day() {
        return LocalDate.ofEpochDay(Math.floorDiv(ts, MILLIS_PER_DAY));
    }

    /** Key of this transaction's currency in the {@code tokens} topic. */
    public String tokenKey() {
        return Keys.token(chainId, currencyAddress);
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
