package dev.daybook.connectors.csv;

import java.util.List;

/** The columns and event types of a Sequence marketplace event object. */
public final class SequenceFormat {

    /** The header every object starts with, in this order. */
    public static final List<String> COLUMNS = List.of(
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

    public static final String BUY_ITEMS = "BUY_ITEMS";
    public static final String SELL_ITEMS = "SELL_ITEMS";

    static final int APP = COLUMNS.indexOf("app");
    static final int TS = COLUMNS.indexOf("ts");
    static final int EVENT = COLUMNS.indexOf("event");
    static final int PROJECT_ID = COLUMNS.indexOf("project_id");
    static final int COUNTRY = COLUMNS.indexOf("country");
    static final int DEVICE_TYPE = COLUMNS.indexOf("device_type");
    static final int DEVICE_OS = COLUMNS.indexOf("device_os");
    static final int DEVICE_OS_VER = COLUMNS.indexOf("device_os_ver");
    static final int DEVICE_BROWSER = COLUMNS.indexOf("device_browser");
    static final int DEVICE_BROWSER_VER = COLUMNS.indexOf("device_browser_ver");
    static final int PROPS = COLUMNS.indexOf("props");
    static final int NUMS = COLUMNS.indexOf("nums");

    private SequenceFormat() {}
}
