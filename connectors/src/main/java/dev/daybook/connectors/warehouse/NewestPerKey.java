package dev.daybook.connectors.warehouse;

import dev.daybook.schemas.DailyVolume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Of several versions of a daily-volume row, keeps the newest (highest version) per key, in the order the
 * keys first appeared: what a warehouse write carries, since one statement must not match a row twice.
 *
 * @param <T> what is kept: a row, or something that carries one
 */
public final class NewestPerKey<T> {

    private final Map<String, T> newest = new LinkedHashMap<>();
    private final Function<T, DailyVolume> row;

    public NewestPerKey(Function<T, DailyVolume> row) {
        this.row = row;
    }

    /** The newest version of each key among {@code rows}. */
    public static List<DailyVolume> of(List<DailyVolume> rows) {
        NewestPerKey<DailyVolume> newest = new NewestPerKey<>(Function.identity());
        rows.forEach(newest::add);
        return newest.values();
    }

    /** Keeps {@code item} unless an item of a newer or the same version of its key is kept already. */
    public void add(T item) {
        newest.merge(
                row.apply(item).key(),
                item,
                (held, read) -> row.apply(read).version() > row.apply(held).version() ? read : held);
    }

    public List<T> values() {
        return new ArrayList<>(newest.values());
    }

    public int size() {
        return newest.size();
    }

    public boolean isEmpty() {
        return newest.isEmpty();
    }

    public void clear() {
        newest.clear();
    }
}
