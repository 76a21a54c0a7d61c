package dev.daybook.connectors.csv;

import static dev.daybook.connectors.csv.Rows.HEADER;
import static dev.daybook.connectors.csv.Rows.utf8;
import static dev.daybook.connectors.csv.Rows.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.schemas.SourceRef;
import dev.daybook.schemas.Transaction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceDecoderTest {

    private static final String URI = "file:///data/a.csv";

    @Test
    void decodesTheFormatExampleIntoANormalizedTransaction() throws Exception {
        String row = Rows.quoted(Rows.example());
        List<Decoded> decoded = decode(HEADER + "\n" + row + "\n");

        assertThat(decoded).hasSize(1);
        Decoded.Transaction result = (Decoded.Transaction) decoded.get(0);
        assertThat(result.transaction())
                .isEqualTo(new Transaction(
                        Rows.eventId(row),
                        1_713_147_307_167L,
                        "BUY_ITEMS",
                        "4974",
                        137L,
                        Rows.SFL,
                        "SFL",
                        new BigInteger("613620341167824900"),
                        new BigDecimal("0.6136203411678249"),
                        new SourceRef(URI, 7, 2),
                        "seq-market",
                        "0x22d5",
                        "215",
                        "0xabc1",
                        "amm",
                        null,
                        "DE",
                        "desktop",
                        "linux",
                        "x86_64",
                        "chrome",
                        "122.0.0.0"));
        assertThat(result.declaredDecimal()).isEqualTo(new BigDecimal("0.6136203411678249"));
        assertThat(result.line()).isEqualTo(2);
        int headerBytes = HEADER.length() + 1;
        assertThat(result.next()).isEqualTo(new Position(headerBytes + row.length() + 1, 3));
    }

    @Test
    void sellItemsIsATransactionAndOtherEventsAreSkipped() throws Exception {
        List<Decoded> decoded =
                decode(HEADER + "\n" + with("event", "SELL_ITEMS") + "\n" + with("event", "LIST_ITEMS") + "\n");

        assertThat(((Decoded.Transaction) decoded.get(0)).transaction().event()).isEqualTo("SELL_ITEMS");
        assertThat(decoded.get(1)).isInstanceOf(Decoded.Skipped.class);
        assertThat(((Decoded.Skipped) decoded.get(1)).event()).isEqualTo("LIST_ITEMS");
        assertThat(decoded.get(1).line()).isEqualTo(3);
    }

    @Test
    void otherEventsAreSkippedEvenWhenTheirFieldsWouldBeMalformed() throws Exception {
        String row = Rows.quoted(
                "seq-market",
                "not a time",
                "ITEM_VIEW",
                "",
                "",
                "1",
                "u",
                "s",
                "DE",
                "desktop",
                "linux",
                "x86_64",
                "chrome",
                "1",
                "not json",
                "{}");

        assertThat(decode(HEADER + "\n" + row + "\n")).singleElement().isInstanceOf(Decoded.Skipped.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad_ts                   | ts         | 2024-04-15T02:15:07Z
            bad_ts                   | ts         | 2024-02-30 10:00:00.000
            bad_ts                   | ts         | 2024-04-15 24:00:00.000
            bad_ts                   | ts         | 2024-04-15 02:15:07.
            bad_ts                   | ts         | ''
            ts_out_of_range          | ts         | 0000-01-01 00:00:00.000
            ts_out_of_range          | ts         | 9999-12-31 23:59:59.999
            ts_out_of_range          | ts         | 1999-12-31 23:59:59.999
            ts_out_of_range          | ts         | 2100-01-01 00:00:00.000
            empty_project_id         | project_id | ''
            empty_project_id         | project_id | '  '
            bad_props                | props      | {"chainId":"137"
            bad_props                | props      | ["chainId","137"]
            bad_props                | props      | ''
            bad_props                | props      | {"chainId":"137","currencyAddress":"0xd1"} trailing
            bad_props                | props      | {"chainId":"137","currencyAddress":{"a":1}}
            missing_chain_id         | props      | {"currencyAddress":"0xd1"}
            missing_chain_id         | props      | {"chainId":"","currencyAddress":"0xd1"}
            missing_chain_id         | props      | {"chainId":null,"currencyAddress":"0xd1"}
            bad_chain_id             | props      | {"chainId":"polygon","currencyAddress":"0xd1"}
            bad_chain_id             | props      | {"chainId":{"id":137},"currencyAddress":"0xd1"}
            missing_currency_address | props      | {"chainId":"137"}
            missing_currency_address | props      | {"chainId":"137","currencyAddress":""}
            chain_id_out_of_range    | props      | {"chainId":"0","currencyAddress":"0xd1f9c58e33933a993a3891f8acfe05a68e1afc05"}
            chain_id_out_of_range    | props      | {"chainId":"4503599627370477","currencyAddress":"0xd1f9c58e33933a993a3891f8acfe05a68e1afc05"}
            chain_id_out_of_range    | props      | {"chainId":"123456789012345678901234567890","currencyAddress":"0xd1f9c58e33933a993a3891f8acfe05a68e1afc05"}
            bad_currency_address     | props      | {"chainId":"137","currencyAddress":"0xd1"}
            bad_currency_address     | props      | {"chainId":"137","currencyAddress":"junk"}
            bad_currency_address     | props      | {"chainId":"137","currencyAddress":"0xd1f9c58e33933a993a3891f8acfe05a68e1afc0g"}
            bad_currency_address     | props      | {"chainId":"137","currencyAddress":"0xd1f9c58e33933a993a3891f8acfe05a68e1afc051"}
            bad_currency_address     | props      | {"chainId":"137","currencyAddress":"1xd1f9c58e33933a993a3891f8acfe05a68e1afc05"}
            bad_currency_address     | props      | {"chainId":"137","currencyAddress":"0xd1f9c58e33933a993a3891f8acfe05a68e1afc0\\u0000"}
            bad_currency_symbol      | props      | {"chainId":"137","currencyAddress":"0xd1f9c58e33933a993a3891f8acfe05a68e1afc05","currencySymbol":"S\\u0000FL"}
            bad_currency_symbol      | props      | {"chainId":"137","currencyAddress":"0xd1f9c58e33933a993a3891f8acfe05a68e1afc05","currencySymbol":"SFL\\u0085"}
            bad_currency_symbol      | props      | {"chainId":"137","currencyAddress":"0xd1f9c58e33933a993a3891f8acfe05a68e1afc05","currencySymbol":"\\ud800SFL"}
            bad_currency_symbol      | props      | {"chainId":"137","currencyAddress":"0xd1f9c58e33933a993a3891f8acfe05a68e1afc05","currencySymbol":"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"}
            bad_nums                 | nums       | currencyValueRaw=5
            bad_nums                 | nums       | 42
            missing_amount           | nums       | {}
            missing_amount           | nums       | {"currencyValueRaw":"","currencyValueDecimal":null}
            bad_amount               | nums       | {"currencyValueRaw":"-5"}
            bad_amount               | nums       | {"currencyValueRaw":"1.5"}
            bad_amount               | nums       | {"currencyValueRaw":"12abc"}
            bad_amount               | nums       | {"currencyValueRaw":-5}
            bad_amount               | nums       | {"currencyValueDecimal":"-0.5"}
            bad_amount               | nums       | {"currencyValueDecimal":"1e5"}
            bad_amount               | nums       | {"currencyValueDecimal":"NaN"}
            bad_amount               | nums       | {"currencyValueRaw":"5","currencyValueDecimal":"abc"}
            bad_amount               | nums       | {"currencyValueRaw":["5"]}
            """)
    void reportsEachMalformedKindWithItsReasonAndTheRowAsStored(String reason, String column, String value)
            throws Exception {
        String row = with(column, value);
        List<Decoded> decoded = decode(HEADER + "\n" + row + "\n" + Rows.quoted(Rows.example()) + "\n");

        assertThat(decoded).hasSize(2);
        Decoded.Malformed malformed = (Decoded.Malformed) decoded.get(0);
        assertThat(malformed.reason().code()).isEqualTo(reason);
        assertThat(malformed.rawText()).isEqualTo(row);
        assertThat(malformed.line()).isEqualTo(2);
        assertThat(malformed.message()).isNotBlank();
        assertThat(decoded.get(1)).isInstanceOf(Decoded.Transaction.class);
    }

    @Test
    void aProjectIdThatIsNotValidUtf8IsMalformedAndTwoDifferentInvalidBytesDoNotBecomeOneProject() throws Exception {
        List<Decoded> decoded = decode(concat(
                utf8(HEADER + "\n"),
                row("4974", (byte) 0xFF),
                utf8("\n"),
                row("4974", (byte) 0xFE),
                utf8("\n"),
                row("4974", (byte) 0xC3),
                utf8("\n"),
                row("4974", (byte) 0xED, (byte) 0xA0, (byte) 0x80),
                utf8("\n" + Rows.quoted(Rows.example()) + "\n")));

        assertThat(decoded).hasSize(5);
        assertThat(decoded.subList(0, 4)).allSatisfy(d -> {
            assertThat(d).isInstanceOf(Decoded.Malformed.class);
            assertThat(((Decoded.Malformed) d).reason()).isEqualTo(MalformedReason.BAD_PROJECT_ID);
            assertThat(((Decoded.Malformed) d).message()).isEqualTo("project_id is not valid UTF-8");
        });
        assertThat(((Decoded.Malformed) decoded.get(0)).raw()).isEqualTo(row("4974", (byte) 0xFF));
        assertThat(decoded.get(4)).isInstanceOf(Decoded.Transaction.class);
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x00, 0x01, 0x09, 0x0A, 0x1F, 0x7F, 0x80, 0x85, 0x9F})
    void aProjectIdWithAControlCharacterIsMalformed(int control) throws Exception {
        String projectId = "49" + (char) control + "74";
        List<Decoded> decoded = decode(HEADER + "\n" + with("project_id", projectId) + "\n");

        Decoded.Malformed malformed = (Decoded.Malformed) decoded.get(0);
        assertThat(malformed.reason()).isEqualTo(MalformedReason.BAD_PROJECT_ID);
        assertThat(malformed.message())
                .isEqualTo(
                        "project_id has the control character " + String.format("U+%04X", control) + " at character 3");
    }

    @Test
    void aProjectIdOverOneHundredTwentyEightBytesIsMalformedWhateverItHolds() throws Exception {
        String longest = "7".repeat(FieldChecks.MAX_PROJECT_ID_BYTES);
        String accented = "é".repeat(FieldChecks.MAX_PROJECT_ID_BYTES / 2);
        List<Decoded> decoded = decode(HEADER + "\n" + with("project_id", longest) + "\n" + with("project_id", accented)
                + "\n"
                + with("project_id", longest + "7") + "\n" + with("project_id", accented + "é") + "\n"
                + with("project_id", "4".repeat(400_000)) + "\n" + with("project_id", "\0".repeat(400_000)) + "\n");

        assertThat(((Decoded.Transaction) decoded.get(0)).transaction().projectId())
                .isEqualTo(longest);
        assertThat(((Decoded.Transaction) decoded.get(1)).transaction().projectId())
                .isEqualTo(accented);
        assertThat(decoded.subList(2, 6))
                .extracting(d -> ((Decoded.Malformed) d).reason())
                .containsOnly(MalformedReason.PROJECT_ID_TOO_LONG);
        assertThat(((Decoded.Malformed) decoded.get(2)).message()).isEqualTo("project_id has 129 bytes, more than 128");
        assertThat(((Decoded.Malformed) decoded.get(5)).message())
                .isEqualTo("project_id has 400000 bytes, more than 128");
    }

    @Test
    void aProjectIdInAnyScriptIsKeptAsItIs() throws Exception {
        assertThat(transaction(with("project_id", "projekt-ü-日本-😀")).projectId())
                .isEqualTo("projekt-ü-日本-😀");
    }

    @Test
    void theTimestampRangeIsTheCallersAndItsBoundsAreFromInclusiveUntilExclusive() throws Exception {
        TimestampRange april = new TimestampRange(
                java.time.Instant.parse("2024-04-01T00:00:00Z"), java.time.Instant.parse("2024-05-01T00:00:00Z"));
        String content = HEADER + "\n" + with("ts", "2024-04-01 00:00:00.000") + "\n"
                + with("ts", "2024-04-30 23:59:59.999") + "\n" + with("ts", "2024-03-31 23:59:59.999") + "\n"
                + with("ts", "2024-05-01 00:00:00.000") + "\n";
        List<Decoded> decoded = new ArrayList<>();
        try (SequenceDecoder decoder = SequenceDecoder.open(new ByteArrayInputStream(utf8(content)), URI, 7, april)) {
            for (Decoded d = decoder.next(); d != null; d = decoder.next()) {
                decoded.add(d);
            }
        }

        assertThat(decoded.subList(0, 2)).allSatisfy(d -> assertThat(d).isInstanceOf(Decoded.Transaction.class));
        assertThat(decoded.subList(2, 4))
                .extracting(d -> ((Decoded.Malformed) d).reason())
                .containsOnly(MalformedReason.TS_OUT_OF_RANGE);
        assertThat(((Decoded.Malformed) decoded.get(3)).message())
                .isEqualTo("ts '2024-05-01 00:00:00.000' is outside the accepted range"
                        + " [2024-04-01T00:00:00Z, 2024-05-01T00:00:00Z)");
    }

    @Test
    void theDefaultTimestampRangeRejectsYearZeroAndYear9999AndKeepsTheCenturies() throws Exception {
        assertThat(ts("2000-01-01 00:00:00.000")).isEqualTo(946_684_800_000L);
        assertThat(ts("2099-12-31 23:59:59.999")).isEqualTo(4_102_444_799_999L);
        List<Decoded> decoded = decode(HEADER + "\n" + with("ts", "0000-01-01 00:00:00.000") + "\n"
                + with("ts", "9999-12-31 23:59:59") + "\n");

        assertThat(decoded)
                .extracting(d -> ((Decoded.Malformed) d).reason())
                .containsExactly(MalformedReason.TS_OUT_OF_RANGE, MalformedReason.TS_OUT_OF_RANGE);
    }

    @Test
    void aMixedCaseAddressAndTheLargestChainIdAreAccepted() throws Exception {
        Transaction transaction = transaction(
                with(
                        "props",
                        "{\"currencyAddress\":\"0xB97EF9Ef8734C71904D8002F8b6Bc66Dd9c48a6E\",\"chainId\":\"4503599627370476\"}"));

        assertThat(transaction.currencyAddress()).isEqualTo("0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e");
        assertThat(transaction.chainId()).isEqualTo(FieldChecks.MAX_CHAIN_ID);
    }

    /** The example row whose project_id is {@code prefix} followed by {@code bytes}, as stored. */
    private static byte[] row(String prefix, byte... bytes) {
        String marked = with("project_id", prefix + "@@");
        int at = marked.indexOf(prefix + "@@") + prefix.length();
        return concat(utf8(marked.substring(0, at)), bytes, utf8(marked.substring(at + 2)));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    @Test
    void reportsAWrongNumberOfColumns() throws Exception {
        String[] fifteen = Arrays.copyOf(Rows.example(), 15);
        String[] seventeen = Arrays.copyOf(Rows.example(), 17);
        seventeen[16] = "extra";
        List<Decoded> decoded = decode(HEADER + "\n" + Rows.quoted(fifteen) + "\n" + Rows.quoted(seventeen) + "\n");

        assertThat(decoded)
                .extracting(d -> ((Decoded.Malformed) d).reason())
                .containsExactly(MalformedReason.WRONG_COLUMN_COUNT, MalformedReason.WRONG_COLUMN_COUNT);
        assertThat(((Decoded.Malformed) decoded.get(0)).message()).isEqualTo("expected 16 columns, found 15");
    }

    @Test
    void reportsInvalidCsvQuotingAndCarriesOnWithTheNextLine() throws Exception {
        String strayQuote = Rows.quoted(Rows.example()).replace("\"seq-market\"", "\"seq\"-market\"");
        List<Decoded> decoded = decode(HEADER + "\n" + strayQuote + "\n" + Rows.quoted(Rows.example()) + "\n");

        assertThat(((Decoded.Malformed) decoded.get(0)).reason()).isEqualTo(MalformedReason.BAD_CSV);
        assertThat(decoded.get(1)).isInstanceOf(Decoded.Transaction.class);
        assertThat(decoded.get(1).line()).isEqualTo(3);
    }

    @Test
    void aStrayQuoteInARowAcrossTheReadBufferEdgeCostsOnlyThatRow() throws Exception {
        String good = Rows.quoted(Rows.example());
        String strayQuote = good.replace("\"seq-market\"", "\"seq\"-market\"");
        StringBuilder content = new StringBuilder(HEADER).append('\n');
        int goodBefore = 0;
        while (content.length() + strayQuote.length() / 2 < 64 * 1024) {
            content.append(good).append('\n');
            goodBefore++;
        }
        int badStart = content.length();
        content.append(strayQuote).append('\n');
        assertThat(badStart).isLessThan(64 * 1024);
        assertThat(content.length()).isGreaterThan(64 * 1024);
        int goodAfter = 4000;
        for (int i = 0; i < goodAfter; i++) {
            content.append(good).append('\n');
        }

        List<Decoded> decoded = decode(content.toString());

        assertThat(decoded.size()).isEqualTo(goodBefore + 1 + goodAfter);
        Decoded.Malformed bad = (Decoded.Malformed) decoded.get(goodBefore);
        assertThat(bad.reason()).isEqualTo(MalformedReason.BAD_CSV);
        assertThat(bad.rawText()).isEqualTo(strayQuote);
        assertThat(bad.line()).isEqualTo(goodBefore + 2);
        assertThat(bad.next()).isEqualTo(new Position(badStart + strayQuote.length() + 1, goodBefore + 3));
        assertThat(decoded.subList(goodBefore + 1, decoded.size()))
                .allSatisfy(d -> assertThat(d).isInstanceOf(Decoded.Transaction.class));
    }

    @Test
    void aRowOverOneMebibyteIsMalformedAndTheNextRowIsDecoded() throws Exception {
        String huge = with("user_id", "u".repeat(CsvRecordReader.DEFAULT_MAX_RECORD_BYTES));
        List<Decoded> decoded = decode(HEADER + "\n" + huge + "\n" + Rows.quoted(Rows.example()) + "\n");

        Decoded.Malformed malformed = (Decoded.Malformed) decoded.get(0);
        assertThat(malformed.reason()).isEqualTo(MalformedReason.ROW_TOO_LONG);
        assertThat(malformed.raw()).hasSize(CsvRecordReader.DEFAULT_MAX_RECORD_BYTES);
        assertThat(decoded.get(1)).isInstanceOf(Decoded.Transaction.class);
        assertThat(decoded.get(1).line()).isEqualTo(3);
    }

    @Test
    void acceptsTimesWithoutOrWithShorterOrLongerFractions() throws Exception {
        assertThat(ts("2024-02-29 23:59:59")).isEqualTo(1_709_251_199_000L);
        assertThat(ts("2024-02-29 23:59:59.5")).isEqualTo(1_709_251_199_500L);
        assertThat(ts("2024-02-29 23:59:59.123456")).isEqualTo(1_709_251_199_123L);
    }

    @Test
    void decimalOnlyRowsCarryTheDecimalAmount() throws Exception {
        Transaction transaction = transaction(with("nums", "{\"currencyValueDecimal\":\"12.50\"}"));

        assertThat(transaction.amountRaw()).isNull();
        assertThat(transaction.amountDecimal()).isEqualTo(new BigDecimal("12.50"));
    }

    @Test
    void acceptsAmountsAsJsonNumbersAndVeryLargeRawAmounts() throws Exception {
        String uint256Max = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
        assertThat(transaction(with("nums", "{\"currencyValueRaw\":" + uint256Max + "}"))
                        .amountRaw())
                .isEqualTo(new BigInteger(uint256Max));
        assertThat(transaction(with("nums", "{\"currencyValueRaw\":\"1234567890123456789012345\"}"))
                        .amountRaw())
                .isEqualTo(new BigInteger("1234567890123456789012345"));
        assertThat(transaction(with("nums", "{\"currencyValueRaw\":\"0\"}")).amountRaw())
                .isEqualTo(BigInteger.ZERO);
    }

    @Test
    void keysOfPropsMayComeInAnyOrderAndUnknownKeysAreIgnored() throws Exception {
        Transaction transaction = transaction(
                with(
                        "props",
                        "{\"extra\":{\"nested\":[1,2]},\"currencyAddress\":\"0xB97EF9EF8734C71904D8002F8B6BC66DD9C48A6E\",\"chainId\":43114}"));

        assertThat(transaction.chainId()).isEqualTo(43114);
        assertThat(transaction.currencyAddress()).isEqualTo("0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e");
        assertThat(transaction.currencySymbol()).isNull();
    }

    @Test
    void theSameRowGetsTheSameEventIdWhereverItIsAndWhateverTheLineEnds() throws Exception {
        String row = Rows.quoted(Rows.example());
        String other = with("user_id", "someone-else");
        List<Decoded> lf = decode(HEADER + "\n" + other + "\n" + row + "\n");
        List<Decoded> crlf = decode(HEADER + "\r\n" + row + "\r\n" + row + "\r\n");

        String id = Rows.eventId(row);
        assertThat(((Decoded.Transaction) lf.get(1)).transaction().eventId()).isEqualTo(id);
        assertThat(crlf)
                .extracting(d -> ((Decoded.Transaction) d).transaction().eventId())
                .containsExactly(id, id);
        assertThat(((Decoded.Transaction) lf.get(0)).transaction().eventId()).isNotEqualTo(id);
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws Exception {
        String multiLine = with("device_browser_ver", "122,\"beta\"\r\nsecond line\nthird");
        String content = HEADER + "\r\n" + multiLine + "\r\n" + Rows.quoted(Rows.example()) + "\r\n";
        List<Decoded> decoded = decode(content);

        assertThat(decoded).hasSize(2).allMatch(d -> d instanceof Decoded.Transaction);
        assertThat(decoded.get(0).line()).isEqualTo(2);
        assertThat(decoded.get(1).line()).isEqualTo(5);
        assertThat(((Decoded.Transaction) decoded.get(0)).transaction().eventId())
                .isEqualTo(Rows.eventId(multiLine));
        assertThat(decoded.get(1).next()).isEqualTo(new Position(utf8(content).length, 6));
    }

    @Test
    void blankLinesAreSkippedButCounted() throws Exception {
        List<Decoded> decoded = decode(HEADER + "\n\n" + Rows.quoted(Rows.example()) + "\r\n\r\n\n");

        assertThat(decoded).singleElement().extracting(Decoded::line).isEqualTo(3L);
    }

    @Test
    void aLastRowWithoutLineBreakIsDecoded() throws Exception {
        String content = HEADER + "\n" + Rows.quoted(Rows.example());

        assertThat(decode(content))
                .singleElement()
                .extracting(Decoded::next)
                .isEqualTo(new Position(content.length(), 3));
    }

    @Test
    void aTruncatedObjectEndsWithABadCsvRow() throws Exception {
        String row = Rows.quoted(Rows.example());
        String truncated = row.substring(0, row.length() / 2);

        List<Decoded> decoded = decode(HEADER + "\n" + row + "\n" + truncated);

        assertThat(decoded).hasSize(2);
        Decoded.Malformed last = (Decoded.Malformed) decoded.get(1);
        assertThat(last.reason()).isEqualTo(MalformedReason.BAD_CSV);
        assertThat(last.rawText()).isEqualTo(truncated);
    }

    @Test
    void resumingAtAReportedPositionGivesExactlyTheRemainingRows() throws Exception {
        StringBuilder content = new StringBuilder(HEADER).append("\r\n");
        for (int i = 0; i < 50; i++) {
            content.append(i % 7 == 3 ? with("device_os", "line\nbreak " + i) : with("user_id", "user-" + i))
                    .append("\r\n");
        }
        byte[] bytes = utf8(content.toString());
        List<Decoded> all = decode(bytes);

        for (int after : new int[] {0, 1, 3, 4, 25, 49}) {
            Position position = all.get(after).next();
            InputStream rest =
                    new ByteArrayInputStream(bytes, (int) position.offset(), bytes.length - (int) position.offset());
            List<Decoded> resumed = new ArrayList<>();
            try (SequenceDecoder decoder = SequenceDecoder.resume(rest, URI, 7, position)) {
                for (Decoded d = decoder.next(); d != null; d = decoder.next()) {
                    resumed.add(d);
                }
            }
            assertThat(resumed)
                    .usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(all.subList(after + 1, all.size()));
        }
        assertThat(all.get(49).line()).isEqualTo(2 + 49 + 7);
    }

    @Test
    void thePositionBeforeTheFirstRowIsJustAfterTheHeader() throws Exception {
        try (SequenceDecoder decoder = open(utf8(HEADER + "\r\n" + Rows.quoted(Rows.example()) + "\r\n"))) {
            assertThat(decoder.position()).isEqualTo(new Position(HEADER.length() + 2, 2));
        }
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsAcceptedAndCountsInOffsets() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] rest = utf8(HEADER + "\n" + Rows.quoted(Rows.example()) + "\n");
        byte[] content = new byte[bom.length + rest.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(rest, 0, content, bom.length, rest.length);

        assertThat(decode(content))
                .singleElement()
                .extracting(Decoded::next)
                .isEqualTo(new Position(content.length, 3));
    }

    @Test
    void aBadHeaderRejectsTheWholeObject() {
        assertThatThrownBy(() -> decode(""))
                .isInstanceOf(BadHeaderException.class)
                .hasMessageStartingWith("the object is empty; expected the header line app,ts,event,");
        assertThatThrownBy(() -> decode(HEADER.replace("\"project_id\"", "\"project\"") + "\n"))
                .isInstanceOf(BadHeaderException.class)
                .hasMessageStartingWith(
                        "line 1 is not the Sequence header: column 4 is 'project', expected 'project_id'");
        assertThatThrownBy(() -> decode(Rows.quoted(Rows.example()) + "\n"))
                .isInstanceOf(BadHeaderException.class)
                .hasMessageStartingWith("line 1 is not the Sequence header: column 1 is 'seq-market', expected 'app'");
        assertThatThrownBy(() -> decode("\"app\",\"ts\"\n"))
                .isInstanceOf(BadHeaderException.class)
                .hasMessageStartingWith("line 1 is not the Sequence header: it has 2 columns, expected 16");
    }

    @Test
    void anUnquotedHeaderIsAccepted() throws Exception {
        assertThat(decode(String.join(",", Rows.COLUMNS) + "\n" + Rows.quoted(Rows.example()) + "\n"))
                .hasSize(1);
    }

    @Test
    void countsWhatItDecoded() throws Exception {
        String content = HEADER + "\n" + Rows.quoted(Rows.example()) + "\n" + with("event", "ITEM_VIEW") + "\n"
                + with("ts", "x") + "\n" + with("ts", "y") + "\n" + with("project_id", "") + "\n";
        try (SequenceDecoder decoder = open(utf8(content))) {
            while (decoder.next() != null) {
                // counted by the decoder
            }
            DecodeStats stats = decoder.stats();
            assertThat(stats.rows()).isEqualTo(5);
            assertThat(stats.transactions()).isEqualTo(1);
            assertThat(stats.skipped()).isEqualTo(1);
            assertThat(stats.malformed()).isEqualTo(3);
            assertThat(stats.malformedByReason())
                    .containsExactlyInAnyOrderEntriesOf(
                            java.util.Map.of(MalformedReason.BAD_TS, 2L, MalformedReason.EMPTY_PROJECT_ID, 1L));
        }
    }

    private static long ts(String text) throws Exception {
        return transaction(with("ts", text)).ts();
    }

    private static Transaction transaction(String row) throws Exception {
        List<Decoded> decoded = decode(HEADER + "\n" + row + "\n");
        assertThat(decoded).singleElement().isInstanceOf(Decoded.Transaction.class);
        return ((Decoded.Transaction) decoded.get(0)).transaction();
    }

    static List<Decoded> decode(String content) throws IOException, BadHeaderException {
        return decode(utf8(content));
    }

    static List<Decoded> decode(byte[] content) throws IOException, BadHeaderException {
        List<Decoded> all = new ArrayList<>();
        try (SequenceDecoder decoder = open(content)) {
            for (Decoded d = decoder.next(); d != null; d = decoder.next()) {
                all.add(d);
            }
        }
        return all;
    }

    private static SequenceDecoder open(byte[] content) throws IOException, BadHeaderException {
        return SequenceDecoder.open(new ByteArrayInputStream(content), URI, 7);
    }
}
