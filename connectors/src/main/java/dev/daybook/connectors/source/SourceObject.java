package dev.daybook.connectors.source;

import java.time.Instant;
import java.util.Objects;

/**
 * One object in an object source, as listed.
 *
 * @param uri         full URI of the object, e.g. {@code file:///data/a.csv} or {@code gs://bucket/a.csv}
 * @param generation  the store's generation of the object: GCS's generation, a local file's modification time in microseconds
 * @param size        size in bytes as stored
 * @param fingerprint content fingerprint as the store reports it (crc32c or md5 for GCS; a content hash
 *                    for local files), so that a rewrite with identical content is recognised
 * @param gzip        whether the stored bytes are gzip-compressed ({@code .gz} name or
 *                    {@code Content-Encoding: gzip})
 */
public record SourceObject(String uri, long generation, long size, String fingerprint, Instant updated, boolean gzip) {

    public SourceObject {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(updated, "updated");
    }

    /** Identity of this version of the object: (uri, generation). */
    public String id() {
        return id(uri, generation);
    }

    /** The {@link #id()} of the version {@code generation} of the object at {@code uri}. */
    public static String id(String uri, long generation) {
        return generation == 0 ? uri : uri + "#" + generation;
    }
}
