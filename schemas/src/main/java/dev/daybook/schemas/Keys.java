package dev.daybook.schemas;

import java.time.LocalDate;
import java.util.Locale;

/** The string keys of Daybook's topics. Each is documented by a {@code *.key.json} schema. */
public final class Keys {

    private Keys() {}

    /** {@code chain_id:address}, the address in lower case. */
    public static String token(long chainId, String address) {
        return chainId + ":" + address.toLowerCase(Locale.ROOT);
    }

    /** {@code coin_id:YYYY-MM-DD}. */
    public static String rate(String coinId, LocalDate day) {
        return coinId + ":" + day;
    }

    /** {@code YYYY-MM-DD:project_id}. */
    public static String dailyVolume(LocalDate day, String projectId) {
        return day + ":" + projectId;
    }

    /**
     * {@code YYYY-MM-DD:chain_id:address:project_id}, the address in lower case; the project last, since it is the
     * one part that may hold a colon.
     */
    public static String dailyCurrencyVolume(LocalDate day, String projectId, long chainId, String address) {
        return day + ":" + token(chainId, address) + ":" + projectId;
    }
}
