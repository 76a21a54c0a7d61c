package dev.daybook.connectors.source;

import java.util.Optional;

/**
 * Content fingerprints that outlive the process, by object version and size, so that a restarted source does not
 * compute them again: a directory's files are hashed once, not at every start.
 */
public interface KnownFingerprints {

    /** Remembers nothing: every process computes every fingerprint once. */
    KnownFingerprints NONE = new KnownFingerprints() {
        @Override
        public Optional<String> fingerprint(String objectId, long size) {
            return Optional.empty();
        }

        @Override
        public void remember(String objectId, long size, String fingerprint) {}
    };

    /** The fingerprint remembered for this object version ({@link SourceObject#id()}) at this size, if any. */
    Optional<String> fingerprint(String objectId, long size);

    void remember(String objectId, long size, String fingerprint);
}
