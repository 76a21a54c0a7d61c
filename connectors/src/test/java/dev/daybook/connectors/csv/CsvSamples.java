package dev.daybook.connectors.csv;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Random CSV objects mixing good Sequence rows with everything hostile input holds: stray and
 * unclosed quotes, CR without LF, blank lines, quoted line breaks, long lines, invalid UTF-8, NUL
 * bytes and a missing last line break.
 */
final class CsvSamples {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] GARBAGE = {'"', '"', ',', '\r', '\n', 'a', 0, (byte) 0xFF};

    private CsvSamples() {}

    /** A Sequence object: maybe a byte order mark, the header, then {@code rows} random lines. */
    static byte[] sequenceObject(Random random, int rows, int longLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (random.nextInt(4) == 0) {
            out.writeBytes(BOM);
        }
        out.writeBytes(utf8(Rows.HEADER + (random.nextBoolean() ? "\n" : "\r\n")));
        out.writeBytes(lines(random, rows, longLine));
        return out.toByteArray();
    }

    /** {@code count} random lines, each ended by LF, CRLF or a lone CR, the last maybe by nothing. */
    static byte[] lines(Random random, int count, int longLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            out.writeBytes(line(random, longLine));
            boolean last = i == count - 1;
            int end = random.nextInt(20);
            if (last && end < 4) {
                continue;
            }
            out.writeBytes(utf8(end < 14 ? "\n" : end < 19 ? "\r\n" : "\r"));
        }
        return out.toByteArray();
    }

    private static byte[] line(Random random, int longLine) {
        String good = Rows.with("user_id", "user-" + random.nextInt(1000));
        return switch (random.nextInt(14)) {
            case 0, 1, 2 -> utf8(good);
            case 3 -> utf8(Rows.with("event", "LIST_ITEMS"));
            case 4 -> utf8(Rows.with("device_os", "multi\nline\r\nvalue"));
            case 5 -> utf8(good.replace("\"seq-market\"", "\"seq\"-market\""));
            case 6 -> utf8(random.nextBoolean() ? "x\"y,z" : "\"a\"\rb,c");
            case 7 -> utf8("\"never closed," + "w".repeat(random.nextInt(40)));
            case 8 -> utf8(random.nextBoolean() ? "" : "\r");
            case 9 -> utf8("\"" + "z".repeat(random.nextInt(2 * longLine + 1)) + "\",x");
            case 10 -> new byte[] {'"', 'a', (byte) 0xFF, (byte) 0xC3, '"', ',', (byte) 0x80, 'b'};
            case 11 -> new byte[] {'"', 'a', 0, 'b', '"', ',', 0};
            case 12 -> utf8("\"a\"\"b\",\"\"\"\",,\"\"");
            default -> garbage(random);
        };
    }

    private static byte[] garbage(Random random) {
        byte[] bytes = new byte[random.nextInt(24)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = GARBAGE[random.nextInt(GARBAGE.length)];
        }
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
