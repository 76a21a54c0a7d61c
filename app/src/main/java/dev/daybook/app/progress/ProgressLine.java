package dev.daybook.app.progress;

import java.time.Duration;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The text of one progress report: the counts, the rows per second since the reporting started and, when a
 * total is known, the time left at that pace.
 */
final class ProgressLine {

    private ProgressLine() {}

    /**
     * @param task    what is reported on, e.g. {@code run}
     * @param start   the progress when the reporting started
     * @param now     the progress now
     * @param elapsed the time between both
     */
    static String render(String task, Progress start, Progress now, Duration elapsed) {
        StringJoiner line = new StringJoiner(", ", task + ": ", "");
        if (now.work() != null) {
            line.add(count(now.work()));
        }
        if (now.rows() != null) {
            line.add(count(now.rows()));
        }
        double seconds = elapsed.toNanos() / 1e9;
        if (seconds > 0 && now.rows() != null) {
            long rate = Math.round((now.rows().done() - start.rows().done()) / seconds);
            line.add(number(rate) + " " + now.rows().unit() + "/s");
        }
        Duration eta = eta(start, now, elapsed);
        if (eta != null) {
            line.add("ETA " + duration(eta));
        }
        return line.toString();
    }

    /**
     * The time left at the pace so far: of the rows when their total is known (or they are the only count), else
     * of the work; null when unknown or done.
     */
    private static Duration eta(Progress start, Progress now, Duration elapsed) {
        boolean byRows = now.work() == null || (now.rows() != null && now.rows().totalKnown());
        Progress.Count from = byRows ? start.rows() : start.work();
        Progress.Count to = byRows ? now.rows() : now.work();
        long progressed = to.done() - from.done();
        long left = to.total() - to.done();
        if (!to.totalKnown() || left <= 0 || progressed <= 0) {
            return null;
        }
        return Duration.ofNanos(Math.round((double) elapsed.toNanos() * left / progressed));
    }

    private static String count(Progress.Count count) {
        String done = number(count.done());
        return (count.totalKnown() ? done + "/" + number(count.total()) : done) + " " + count.unit();
    }

    private static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code 42s}, {@code 3m05s}, {@code 2h07m}: rounded up to the second. */
    private static String duration(Duration duration) {
        long seconds = duration.plusNanos(999_999_999).toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
