package dev.daybook.connectors.generate;

import dev.daybook.connectors.csv.MalformedReason;
import dev.daybook.connectors.csv.SequenceFormat;
import dev.daybook.connectors.reference.TokenRow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Makes the content of one row of a given kind: plausible marketplace events, from the generator's random source. */
final class RowFactory {

    /** The malformed kinds the format names, in the order MALFORMED rows rotate through them. */
    static final List<MalformedReason> MALFORMED_REASONS = List.of(
            MalformedReason.WRONG_COLUMN_COUNT,
            MalformedReason.BAD_TS,
            MalformedReason.EMPTY_PROJECT_ID,
            MalformedReason.BAD_PROPS,
            MalformedReason.BAD_NUMS,
            MalformedReason.MISSING_CHAIN_ID,
            MalformedReason.MISSING_CURRENCY_ADDRESS,
            MalformedReason.MISSING_AMOUNT,
            MalformedReason.BAD_AMOUNT);

    /** Roughly the currency mix of the real sample; unlisted tokens get weight 1. */
    private static final Map<String, Integer> CURRENCY_WEIGHTS = Map.of(
            "137:0xd1f9c58e33933a993a3891f8acfe05a68e1afc05", 70,
            "137:0x2791bca1f2de4661ed88a30c99a7a9449aa84174", 11,
            "137:0x3c499c542cef5e3811e1192ce70d8cc03d5c3359", 10,
            "137:0x0000000000000000000000000000000000000000", 7,
            "43114:0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e", 2);

    private static final List<String> OTHER_EVENTS = List.of("LIST_ITEMS", "CANCEL_LISTING", "ITEM_VIEW");
    private static final List<String> COUNTRIES = List.of("US", "DE", "BR", "GB", "FR", "IN", "PH", "ID", "JP", "CA");
    private static final List<String[]> DEVICES = List.of(
            new String[] {"desktop", "windows", "10.0", "chrome", "122.0.0.0"},
            new String[] {"desktop", "linux", "x86_64", "firefox", "124.0"},
            new String[] {"desktop", "mac", "10.15.7", "safari", "17.4"},
            new String[] {"mobile", "android", "14", "chrome", "123.0.0.0"},
            new String[] {"mobile", "ios", "17.4", "safari", "17.4"});
    private static final String[] PROPS_KEYS = {
        "tokenId",
        "txnHash",
        "chainId",
        "collectionAddress",
        "currencyAddress",
        "currencySymbol",
        "marketplaceType",
        "requestId"
    };
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int MICROS_DECIMALS = 6;

    /** A row's values before they are written. */
    static final class Row {
        String event;
        String ts;
        String projectId;
        long chainId;
        String currencyAddress;
        String currencySymbol;
        BigInteger amountRaw;
        String amountDecimal;
        String[] fields;
    }

    private record Currency(long chainId, String address, String symbol, int decimals, int weight) {}

    private final Prng random;
    private final List<Currency> currencies;
    private final int currencyWeightTotal;
    private final double[] projectShares;
    private final String[] projectIds;
    private final String[] collections;

    RowFactory(Prng random, List<TokenRow> tokens, int projects) {
        this.random = random;
        this.currencies = tokens.stream()
                .map(t -> new Currency(
                        t.chainId(),
                        t.address(),
                        t.token().symbol(),
                        t.token().decimals(),
                        CURRENCY_WEIGHTS.getOrDefault(t.key(), 1)))
                .toList();
        this.currencyWeightTotal =
                currencies.stream().mapToInt(Currency::weight).sum();
        this.projectIds = new String[projects];
        this.collections = new String[projects];
        this.projectShares = cumulativeProjectShares(projects);
        Prng names = new Prng(0x5EC0E4CEL);
        for (int i = 0; i < projects; i++) {
            projectIds[i] = projectId(i);
            collections[i] = "0x" + hex(names, 40);
        }
    }

    /** The busiest project is 4974 (as in the real sample), the next is 0 (a real project id), then 102, 103, … */
    static String projectId(int index) {
        return switch (index) {
            case 0 -> "4974";
            case 1 -> "0";
            default -> Integer.toString(100 + index);
        };
    }

    /** Project 0 gets half the rows; the others share the rest in proportion to 1/rank. */
    private static double[] cumulativeProjectShares(int projects) {
        double[] cumulative = new double[projects];
        if (projects == 1) {
            cumulative[0] = 1;
            return cumulative;
        }
        double harmonic = 0;
        for (int rank = 1; rank < projects; rank++) {
            harmonic += 1.0 / rank;
        }
        cumulative[0] = 0.5;
        for (int rank = 1; rank < projects; rank++) {
            cumulative[rank] = cumulative[rank - 1] + 0.5 / rank / harmonic;
        }
        cumulative[projects - 1] = 1;
        return cumulative;
    }

    Row make(RowKind kind, MalformedReason reason, long epochMillis) {
        Row row = new Row();
        row.ts = formatTs(epochMillis);
        int project = pickProject();
        row.projectId = projectIds[project];
        String[] device = DEVICES.get(random.nextInt(DEVICES.size()));
        row.event = kind == RowKind.OTHER_EVENT
                ? OTHER_EVENTS.get(random.nextInt(OTHER_EVENTS.size()))
                : random.nextInt(4) == 0 ? SequenceFormat.SELL_ITEMS : SequenceFormat.BUY_ITEMS;
        if (kind == RowKind.UNKNOWN_CURRENCY) {
            row.chainId = 137;
            row.currencyAddress = "0x" + hex(random, 40);
            row.currencySymbol = "UNKNOWN";
            row.amountRaw = amount(18);
            row.amountDecimal = scaled(row.amountRaw, 18);
        } else {
            Currency currency = pickCurrency();
            row.chainId = currency.chainId();
            row.currencyAddress = currency.address();
            row.currencySymbol = currency.symbol();
            row.amountRaw = amount(currency.decimals());
            row.amountDecimal = kind == RowKind.AMOUNT_MISMATCH
                    ? row.amountRaw.toString()
                    : scaled(row.amountRaw, currency.decimals());
        }
        if (kind == RowKind.DECIMAL_ONLY) {
            row.amountRaw = null;
        }
        row.fields = new String[] {
            "seq-market",
            row.ts,
            row.event,
            row.projectId,
            "",
            "1",
            hex(random, 50),
            hex(random, 16),
            COUNTRIES.get(random.nextInt(COUNTRIES.size())),
            device[0],
            device[1],
            device[2],
            device[3],
            device[4],
            props(row, collections[project]),
            nums(row)
        };
        if (kind == RowKind.OTHER_EVENT) {
            row.fields[SequenceFormat.COLUMNS.indexOf("nums")] = "{}";
        }
        if (kind == RowKind.MALFORMED) {
            breakRow(row, reason);
        }
        return row;
    }

    /** Makes exactly one thing wrong, so that the decoder must report {@code reason}. */
    private void breakRow(Row row, MalformedReason reason) {
        String[] f = row.fields;
        int props = SequenceFormat.COLUMNS.indexOf("props");
        int nums = SequenceFormat.COLUMNS.indexOf("nums");
        switch (reason) {
            case WRONG_COLUMN_COUNT -> row.fields = Arrays.copyOf(f, f.length - 1);
            case BAD_TS -> f[1] = row.ts.replace(' ', 'T') + "Z";
            case EMPTY_PROJECT_ID -> f[3] = "";
            case BAD_PROPS -> f[props] = f[props].substring(0, f[props].length() / 2);
            case BAD_NUMS -> f[nums] = "currencyValueRaw=" + row.amountRaw;
            case MISSING_CHAIN_ID ->
                f[props] = f[props].replace("\"chainId\":\"" + row.chainId + "\",", "")
                        .replace(",\"chainId\":\"" + row.chainId + "\"", "");
            case MISSING_CURRENCY_ADDRESS ->
                f[props] = f[props].replace("\"currencyAddress\":\"" + row.currencyAddress + "\",", "")
                        .replace(",\"currencyAddress\":\"" + row.currencyAddress + "\"", "");
            case MISSING_AMOUNT -> f[nums] = "{}";
            case BAD_AMOUNT ->
                f[nums] = "{\"currencyValueDecimal\":\"" + row.amountDecimal + "\",\"currencyValueRaw\":\"-"
                        + row.amountRaw + "\"}";
            default -> throw new IllegalArgumentException("the generator does not make " + reason + " rows");
        }
    }

    /** The props JSON with the keys in a rotated order, as real files vary it. */
    private String props(Row row, String collection) {
        String[] values = {
            Integer.toString(random.nextInt(1000)),
            "0x" + hex(random, 64),
            Long.toString(row.chainId),
            collection,
            row.currencyAddress,
            row.currencySymbol,
            random.nextInt(3) == 0 ? "orderbook" : "amm",
            ""
        };
        int first = random.nextInt(PROPS_KEYS.length);
        StringBuilder json = new StringBuilder(512).append('{');
        for (int i = 0; i < PROPS_KEYS.length; i++) {
            int key = (first + i) % PROPS_KEYS.length;
            if (i > 0) {
                json.append(',');
            }
            json.append('"')
                    .append(PROPS_KEYS[key])
                    .append("\":\"")
                    .append(values[key])
                    .append('"');
        }
        return json.append('}').toString();
    }

    private String nums(Row row) {
        String decimal = "\"currencyValueDecimal\":\"" + row.amountDecimal + "\"";
        if (row.amountRaw == null) {
            return "{" + decimal + "}";
        }
        String raw = "\"currencyValueRaw\":\"" + row.amountRaw + "\"";
        return random.nextInt(2) == 0 ? "{" + decimal + "," + raw + "}" : "{" + raw + "," + decimal + "}";
    }

    /**
     * An amount in base units: 0.001 to 50 whole units for 18-decimal coins, with non-zero digits below
     * the millionths; 0.1 to 500 for 6-decimal (stable) coins.
     */
    private BigInteger amount(int decimals) {
        if (decimals <= MICROS_DECIMALS) {
            long micros = 100_000 + random.nextLong(500_000_000 - 100_000);
            return BigInteger.valueOf(micros).divide(BigInteger.TEN.pow(MICROS_DECIMALS - decimals));
        }
        long micros = 1_000 + random.nextLong(50_000_000 - 1_000);
        BigInteger belowMicros = BigInteger.TEN.pow(decimals - MICROS_DECIMALS);
        long low = belowMicros.bitLength() < Long.SIZE
                ? random.nextLong(belowMicros.longValue())
                : random.nextLong() >>> 1;
        return BigInteger.valueOf(micros).multiply(belowMicros).add(BigInteger.valueOf(low));
    }

    private static String scaled(BigInteger raw, int decimals) {
        return new BigDecimal(raw, decimals).stripTrailingZeros().toPlainString();
    }

    private int pickProject() {
        double u = random.nextDouble();
        for (int i = 0; i < projectShares.length; i++) {
            if (u < projectShares[i]) {
                return i;
            }
        }
        return projectShares.length - 1;
    }

    private Currency pickCurrency() {
        int pick = random.nextInt(currencyWeightTotal);
        for (Currency currency : currencies) {
            if (pick < currency.weight()) {
                return currency;
            }
            pick -= currency.weight();
        }
        throw new IllegalStateException("weights add up to " + currencyWeightTotal);
    }

    private static String hex(Prng random, int digits) {
        char[] out = new char[digits];
        long bits = 0;
        for (int i = 0; i < digits; i++) {
            if (i % 16 == 0) {
                bits = random.nextLong();
            }
            out[i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
        return new String(out);
    }

    /** {@code YYYY-MM-DD HH:MM:SS.sss} in UTC. */
    static String formatTs(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(23);
        pad(out, t.getYear(), 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append(' ');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2).append('.');
        return pad(out, Math.floorMod(epochMillis, 1000), 3).toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        out.append("0".repeat(Math.max(0, width - digits.length())));
        return out.append(digits);
    }
}
