package dev.daybook.connectors.rates.coingecko;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daybook.schemas.Json;
import java.io.IOException;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Reads CoinGecko's error answers. They come in three JSON shapes, {@code {"status":{"error_code":…,
 * "error_message":…}}}, the same wrapped in {@code {"error":…}}, and {@code {"error":"coin not found"}},
 * and, from its CDN, as HTML.
 */
final class CoinGeckoErrors {

    private static final int MAX_DETAIL = 200;

    private CoinGeckoErrors() {}

    /** The error of a refused call as an exception whose message says what to fix. */
    static CoinGeckoException toException(String call, int httpStatus, String body) {
        JsonNode json = parse(body);
        OptionalInt code = errorCode(json);
        if (code.isPresent()) {
            String fix = fixFor(code.getAsInt());
            if (fix != null) {
                return new CoinGeckoAccessException(fix, code);
            }
        }
        String detail = detail(json, body);
        if (httpStatus == 401 || httpStatus == 403) {
            return new CoinGeckoAccessException(
                    "CoinGecko refused " + call + " (HTTP " + httpStatus + detail
                            + "): check COINGECKO_API_KEY and --coingecko-plan",
                    code);
        }
        if (httpStatus == 404) {
            return new CoinGeckoException(
                    "CoinGecko has no " + call + " (HTTP 404" + detail + "): check --coingecko-base-url", false);
        }
        return new CoinGeckoException("CoinGecko rejected " + call + " (HTTP " + httpStatus + detail + ")", false);
    }

    /**
     * Whether a 404 is CoinGecko saying it does not know the coin or contract asked for, rather than a
     * wrong path (an HTML page, or {@code {"error":"Incorrect path…"}}) that must not pass for "unknown".
     */
    static boolean isNotFound(String body) {
        JsonNode error = parse(body).path("error");
        return error.isTextual() && error.asText().toLowerCase(Locale.ROOT).contains("not found");
    }

    private static String fixFor(int code) {
        return switch (code) {
            case 10002 -> "CoinGecko needs an API key (10002): set COINGECKO_API_KEY to your demo or pro key";
            case 10005 ->
                "CoinGecko's plan for this key lacks this endpoint (10005): use a paid key with "
                        + "--coingecko-plan pro";
            case 10010 ->
                "CoinGecko rejected the API key (10010): a pro key needs --coingecko-plan pro; "
                        + "otherwise set COINGECKO_API_KEY to a valid demo key";
            case 10011 ->
                "CoinGecko rejected the API key (10011): a demo key needs --coingecko-plan demo; "
                        + "otherwise set COINGECKO_API_KEY to a valid pro key";
            case 10012 ->
                "CoinGecko refused a date beyond the plan's history (10012): the demo plan serves the "
                        + "past 365 days only; use a paid key with --coingecko-plan pro";
            default -> null;
        };
    }

    private static OptionalInt errorCode(JsonNode json) {
        JsonNode code = status(json).path("error_code");
        return code.canConvertToInt() ? OptionalInt.of(code.asInt()) : OptionalInt.empty();
    }

    /** {@code ": <what CoinGecko said>"} on one short line, or nothing when it said nothing readable. */
    private static String detail(JsonNode json, String body) {
        String text;
        JsonNode message = status(json).path("error_message");
        if (message.isTextual()) {
            text = message.asText();
        } else if (json.path("error").isTextual()) {
            text = json.path("error").asText();
        } else if (json.isMissingNode() && !body.stripLeading().startsWith("<")) {
            text = body;
        } else {
            return "";
        }
        text = text.replaceAll("\\s+", " ").strip();
        if (text.length() > MAX_DETAIL) {
            text = text.substring(0, MAX_DETAIL) + "…";
        }
        return text.isEmpty() ? "" : ": " + text;
    }

    private static JsonNode status(JsonNode json) {
        return json.path("status").isObject()
                ? json.path("status")
                : json.path("error").path("status");
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node == null ? Json.MAPPER.missingNode() : node;
        } catch (IOException e) {
            return Json.MAPPER.missingNode();
        }
    }
}
