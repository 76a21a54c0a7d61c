package dev.daybook.connectors.source;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Where the Sequence event files come from and how they are found, whatever the store.
 *
 * @param uri          {@code file:///absolute/dir} or {@code gs://bucket/prefix}
 * @param include      which files below the source are event files
 * @param pollInterval how often the source is looked at for new files: listed whole, or, for a directory, its
 *                     changed paths
 * @param reconcileInterval how often the whole source is listed where changes are found otherwise (a directory's
 *                     change events, a bucket's notifications), as the safety net for what they miss
 */
public record SourceSettings(String uri, IncludeFilter include, Duration pollInterval, Duration reconcileInterval) {

    /** The URI's scheme in lower case, e.g. {@code file} or {@code gs}. */
    public String scheme() {
        String scheme = URI.create(uri).getScheme();
        return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
    }
}
