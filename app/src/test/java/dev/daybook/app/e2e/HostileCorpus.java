package dev.daybook.app.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Sequence files of good rows with hostile rows among them, the reference files they need, and what Daybook must make
 * of them: the table (from the good rows alone, with plain BigDecimal arithmetic), the dead letters (file, line,
 * reason) and each file's counts. To add a case, add a {@link Hostile} to {@link #CASES}: it spoils one good row.
 */
final class HostileCorpus {

    /**
     * A kind of hostile row: the line it makes of a good row's fields, the reason it must be dead-lettered with, and
     * whether it must start in the decoder's first read buffer and end after it (the buffer's size is
     * {@link #READ_BUFFER_EDGE}).
     */
    record Hostile(String name, String reason, Function<byte[][], byte[]> row, boolean acrossReadBufferEdge) {

        Hostile(String name, String reason, UnaryOperator<byte[][]> spoil) {
            this(name, reason, fields -> quoted(spoil.apply(fields)), false);
        }
    }

    /** Where the decoder's first read of an object ends. */
    static final int READ_BUFFER_EDGE = 64 * 1024;

    static final String SFL = "0xd1f9c58e33933a993a3891f8acfe05a68e1afc05";
    private static final int TS = 1;
    private static final int EVENT = 2;
    private static final int PROJECT_ID = 3;
    private static final int USER_ID = 6;
    private static final int PROPS = 14;

    static final List<Hostile> CASES = List.of(
            new Hostile("year 0000", "ts_out_of_range", field(TS, "0000-01-01 00:00:00.000")),
            new Hostile("year 9999", "ts_out_of_range", field(TS, "9999-12-31 23:59:59.999")),
            new Hostile("invalid UTF-8 0xFF in project_id", "bad_project_id", field(PROJECT_ID, bytes("4974", (byte)
                    0xFF))),
            new Hostile("invalid UTF-8 0xFE in project_id", "bad_project_id", field(PROJECT_ID, bytes("4974", (byte)
                    0xFE))),
            new Hostile("NUL in project_id", "bad_project_id", field(PROJECT_ID, "49\u000074")),
            new Hostile("BEL in project_id", "bad_project_id", field(PROJECT_ID, "4974\u0007")),
            new Hostile("C1 control in project_id", "bad_project_id", field(PROJECT_ID, "\u00854974")),
            new Hostile("400 KB project_id", "project_id_too_long", field(PROJECT_ID, "4".repeat(400_000))),
            new Hostile(
                    "400 KB project_id of NULs", "project_id_too_long", field(PROJECT_ID, "\u0000".repeat(400_000))),
            new Hostile("junk currency address", "bad_currency_address", props("0xjunk", "137")),
            new Hostile(
                    "address of 41 hex digits",
                    "bad_currency_address",
                    props("0xd1f9c58e33933a993a3891f8acfe05a68e1afc051", "137")),
            new Hostile("chain id 0", "chain_id_out_of_range", props(SFL, "0")),
            new Hostile("row over 1 MiB", "row_too_long", field(USER_ID, "u".repeat((1 << 20) + 10))),
            new Hostile(
                    "stray quote in a row across the read buffer's edge", "bad_csv", HostileCorpus::strayQuote, true));

    static final LocalDate FIRST_DAY = LocalDate.of(2024, 4, 15);
    private static final List<String> PROJECTS = List.of("0", "4974", "1609");
    private static final Map<LocalDate, BigDecimal> SFL_USD =
            Map.of(FIRST_DAY, new BigDecimal("0.0512345"), FIRST_DAY.plusDays(1), new BigDecimal("0.0623456"));
    private static final BigInteger TENTH_OF_A_COIN = BigInteger.TEN.pow(17);
    private static final int SKIPPED_EVERY = 10;

    private static final String HEADER =
            "\"app\",\"ts\",\"event\",\"project_id\",\"source\",\"ident\",\"user_id\",\"session_id\","
                    + "\"country\",\"device_type\",\"device_os\",\"device_os_ver\",\"device_browser\",\"device_browser_ver\",\"props\",\"nums\"\n";

    /** What one file holds: its data lines, and of them the transactions, the skipped rows and the hostile ones. */
    record FileCounts(long dataLines, long transactions, long skipped, long deadLettered) {}

    final Path events;
    final Path tokens;
    final Path rates;
    private final Map<String, FileCounts> counts = new LinkedHashMap<>();
    /** "uri line reason" of every dead letter expected. */
    private final TreeSet<String> deadLetters = new TreeSet<>();
    /** "day,project" to {count, sum of raw amounts}. */
    private final Map<String, BigInteger[]> good = new TreeMap<>();

    private HostileCorpus(Path events, Path tokens, Path rates) {
        this.events = events;
        this.tokens = tokens;
        this.rates = rates;
    }

    /**
     * Writes {@code files} files of {@code goodRows} good rows each (every tenth row is another event type), and spreads
     * {@link #CASES} over them, one or more per file, each between two good rows.
     */
    static HostileCorpus write(Path dir, int files, int goodRows) throws IOException {
        Path events = Files.createDirectories(dir.resolve("events"));
        HostileCorpus corpus = new HostileCorpus(
                events,
                Files.writeString(
                        dir.resolve("tokens.csv"),
                        "chain_id,address,symbol,decimals,coin_id\n137," + SFL + ",SFL,18,sunflower-land\n"),
                Files.writeString(
                        dir.resolve("rates.csv"),
                        "date,coin_id,usd\n" + FIRST_DAY + ",sunflower-land," + SFL_USD.get(FIRST_DAY) + "\n"
                                + FIRST_DAY.plusDays(1) + ",sunflower-land," + SFL_USD.get(FIRST_DAY.plusDays(1))
                                + "\n"));
        for (int f = 0; f < files; f++) {
            corpus.writeFile(f, files, goodRows);
        }
        return corpus;
    }

    private void writeFile(int f, int files, int goodRows) throws IOException {
        Path file = events.resolve(String.format("events-%02d.csv", f));
        String uri = file.toUri().toString();
        List<Hostile> mine = new ArrayList<>();
        for (int c = f; c < CASES.size(); c += files) {
            mine.add(CASES.get(c));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HEADER.getBytes(StandardCharsets.UTF_8));
        long line = 1;
        long transactions = 0;
        long skipped = 0;
        int hostileRows = mine.size();
        List<Hostile> acrossEdge = new ArrayList<>(
                mine.stream().filter(Hostile::acrossReadBufferEdge).toList());
        mine.removeAll(acrossEdge);
        int spacing = Math.max(1, goodRows / (mine.size() + 1));
        int nextHostile = 0;
        for (int i = 0; i < goodRows; i++) {
            if (acrossEdge.isEmpty() && nextHostile < mine.size() && i >= (nextHostile + 1) * spacing) {
                Hostile hostile = mine.get(nextHostile++);
                out.writeBytes(hostile.row().apply(goodFields(f, 1_000_000 + nextHostile)));
                deadLetters.add(uri + " " + ++line + " " + hostile.reason());
            }
            if (!acrossEdge.isEmpty()) {
                Hostile hostile = acrossEdge.get(0);
                byte[] row = hostile.row().apply(goodFields(f, 2_000_000));
                if (out.size() < READ_BUFFER_EDGE && out.size() + row.length > READ_BUFFER_EDGE + 1) {
                    out.writeBytes(row);
                    deadLetters.add(uri + " " + ++line + " " + hostile.reason());
                    acrossEdge.remove(0);
                }
            }
            byte[][] fields = goodFields(f, i);
            out.writeBytes(quoted(fields));
            line++;
            if (i % SKIPPED_EVERY == SKIPPED_EVERY - 1) {
                fields[EVENT] = utf8("ITEM_VIEW");
                out.writeBytes(quoted(fields));
                line++;
                skipped++;
            }
            LocalDate day = day(i);
            BigInteger[] sum = good.computeIfAbsent(
                    day + "," + project(f, i), k -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
            sum[0] = sum[0].add(BigInteger.ONE);
            sum[1] = sum[1].add(amount(i));
            transactions++;
        }
        if (nextHostile < mine.size() || !acrossEdge.isEmpty() || out.size() < READ_BUFFER_EDGE + 10_000) {
            throw new IllegalArgumentException(
                    "too few good rows for the hostile ones, or for good rows after the read buffer's edge");
        }
        Files.write(file, out.toByteArray());
        counts.put(uri, new FileCounts(line - 1, transactions, skipped, hostileRows));
    }

    /** The table {@code --warehouse print} must print. */
    String expectedCsv() {
        StringBuilder csv =
                new StringBuilder("date,project_id,num_transactions,total_volume_usd,unpriced_transactions\n");
        good.forEach((key, sum) -> {
            BigDecimal usd = new BigDecimal(sum[1], 18).multiply(SFL_USD.get(LocalDate.parse(key.substring(0, 10))));
            csv.append(key)
                    .append(',')
                    .append(sum[0])
                    .append(',')
                    .append(usd.stripTrailingZeros().toPlainString())
                    .append(",0\n");
        });
        return csv.toString();
    }

    /** "uri line reason" of every dead letter, sorted. */
    SortedSet<String> expectedDeadLetters() {
        return deadLetters;
    }

    /** Each file's counts, by URI. */
    Map<String, FileCounts> expectedCounts() {
        return counts;
    }

    /**
     * A row with one stray quote in its first field, padded so that it is wider than any good row: its odd quote count
     * once made the decoder's slow path swallow every following line up to 1 MiB as one row.
     */
    private static byte[] strayQuote(byte[][] fields) {
        fields[USER_ID] = utf8("u".repeat(1_000));
        String line = new String(quoted(fields), StandardCharsets.UTF_8);
        return utf8(line.replaceFirst("^\"seq-market\"", "\"seq\"market\""));
    }

    private static byte[][] goodFields(int file, int i) {
        String ts = day(i) + String.format(" %02d:%02d:%02d.%03d", i % 24, i % 60, (i * 7) % 60, i % 1000);
        String nums = "{\"currencyValueRaw\":\"" + amount(i) + "\"}";
        return new byte[][] {
            utf8("seq-market"),
            utf8(ts),
            utf8(i % 4 == 0 ? "SELL_ITEMS" : "BUY_ITEMS"),
            utf8(project(file, i)),
            utf8(""),
            utf8("1"),
            utf8("user-" + file + "-" + i),
            utf8("s"),
            utf8("DE"),
            utf8("desktop"),
            utf8("linux"),
            utf8("x86_64"),
            utf8("chrome"),
            utf8("122.0.0.0"),
            utf8(propsJson(SFL, "137")),
            utf8(nums)
        };
    }

    private static String propsJson(String address, String chainId) {
        return "{\"tokenId\":\"215\",\"txnHash\":\"0xabc1\",\"chainId\":\"" + chainId + "\",\"currencyAddress\":\""
                + address + "\",\"currencySymbol\":\"SFL\",\"marketplaceType\":\"amm\",\"requestId\":\"\"}";
    }

    private static LocalDate day(int i) {
        return FIRST_DAY.plusDays(i % 2);
    }

    private static String project(int file, int i) {
        return PROJECTS.get((file + i) % PROJECTS.size());
    }

    private static BigInteger amount(int i) {
        return TENTH_OF_A_COIN.multiply(BigInteger.valueOf(i + 1)).add(BigInteger.valueOf(i));
    }

    private static UnaryOperator<byte[][]> field(int index, String value) {
        return field(index, utf8(value));
    }

    private static UnaryOperator<byte[][]> field(int index, byte[] value) {
        return fields -> {
            fields[index] = value;
            return fields;
        };
    }

    private static UnaryOperator<byte[][]> props(String address, String chainId) {
        return field(PROPS, propsJson(address, chainId));
    }

    /** The fields quoted, {@code "} doubled, as one line ending in LF. */
    private static byte[] quoted(byte[][] fields) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int i = 0; i < fields.length; i++) {
            line.write(i == 0 ? '"' : ',');
            if (i > 0) {
                line.write('"');
            }
            for (byte b : fields[i]) {
                if (b == '"') {
                    line.write('"');
                }
                line.write(b);
            }
            line.write('"');
        }
        line.write('\n');
        return line.toByteArray();
    }

    private static byte[] bytes(String text, byte... more) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(utf8(text));
        all.writeBytes(more);
        return all.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
