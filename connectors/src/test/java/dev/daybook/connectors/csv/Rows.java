package dev.daybook.connectors.csv;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Hand-made Sequence rows for decoder tests. */
final class Rows {

    static final List<String> COLUMNS = List.of(
            "app",
            "ts",
            "event",
            "project_id",
            "source",
            "ident",
            "user_id",
            "session_id",
            "country",
            "device_type",
            "device_os",
            "device_os_ver",
            "device_browser",
            "device_browser_ver",
            "props",
            "nums");

    static final String HEADER = quoted(COLUMNS.toArray(String[]::new));

    static final String SFL = "0xd1f9c58e33933a993a3891f8acfe05a68e1afc05";

    static final String PROPS =
            "{\"tokenId\":\"215\",\"txnHash\":\"0xabc1\",\"chainId\":\"137\",\"collectionAddress\":\"0x22d5\","
                    + "\"currencyAddress\":\"0xD1F9C58E33933A993A3891F8ACFE05A68E1AFC05\",\"currencySymbol\":\"SFL\",\"marketplaceType\":\"amm\",\"requestId\":\"\"}";
    static final String NUMS =
            "{\"currencyValueDecimal\":\"0.6136203411678249\",\"currencyValueRaw\":\"613620341167824900\"}";

    private Rows() {}

    /** The format doc's example row (with an upper-case address), as fields. */
    static String[] example() {
        return new String[] {
            "seq-market",
            "2024-04-15 02:15:07.167",
            "BUY_ITEMS",
            "4974",
            "",
            "1",
            "a1b2c3",
            "d4e5f6",
            "DE",
            "desktop",
            "linux",
            "x86_64",
            "chrome",
            "122.0.0.0",
            PROPS,
            NUMS
        };
    }

    /** The example row with one column replaced. */
    static String with(String column, String value) {
        String[] fields = example();
        fields[COLUMNS.indexOf(column)] = value;
        return quoted(fields);
    }

    static String quoted(String... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            line.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(fields[i].replace("\"", "\"\""))
                    .append('"');
        }
        return line.toString();
    }

    /** The documented event id: the first 16 bytes of the SHA-256 of the row as stored, in hex. */
    static String eventId(String row) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(row.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
