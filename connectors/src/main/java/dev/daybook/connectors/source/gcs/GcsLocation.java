package dev.daybook.connectors.source.gcs;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A bucket and an object-name prefix, written {@code gs://bucket/prefix}. The prefix is matched as a
 * plain string, as GCS does: {@code gs://b/in} covers {@code in/a.csv} and {@code inbox.csv}; end it
 * with {@code /} to mean a folder. Object URIs are {@code gs://bucket/name} with the name unescaped.
 */
public record GcsLocation(String bucket, String prefix) {

    public static final String SCHEME = "gs://";

    // Bucket naming rules: 3-63 characters (222 with dots), lowercase letters, digits, '-', '_' and '.'.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]");

    public GcsLocation {
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("not a GCS bucket name: '" + bucket + "'");
        }
    }

    public static boolean isGcsUri(String uri) {
        return uri.startsWith(SCHEME);
    }

    /** @param uri {@code gs://bucket} or {@code gs://bucket/prefix} */
    public static GcsLocation parse(String uri) {
        if (!isGcsUri(uri)) {
            throw new IllegalArgumentException("not a gs:// URI: '" + uri + "'");
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        return slash < 0
                ? new GcsLocation(rest, "")
                : new GcsLocation(rest.substring(0, slash), rest.substring(slash + 1));
    }

    public String uri() {
        return SCHEME + bucket + "/" + prefix;
    }

    public String objectUri(String name) {
        return SCHEME + bucket + "/" + name;
    }

    /** Whether the object is in this bucket under this prefix. */
    public boolean contains(String bucket, String name) {
        return this.bucket.equals(bucket) && name.startsWith(prefix);
    }

    /** The name below the prefix, for the include filter. */
    public String relativeName(String name) {
        return name.substring(prefix.length());
    }

    /** The object name in an object URI of this bucket; empty for a URI of another bucket. */
    public Optional<String> objectName(String objectUri) {
        String bucketRoot = SCHEME + bucket + "/";
        return objectUri.startsWith(bucketRoot)
                ? Optional.of(objectUri.substring(bucketRoot.length()))
                : Optional.empty();
    }

    @Override
    public String toString() {
        return uri();
    }
}
