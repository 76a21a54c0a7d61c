package dev.daybook.connectors.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Content fingerprints of local files, {@code sha256:<hex>}, computed by streaming the file and
 * remembered while the file's size and modification time stay the same, so that a poll does not
 * read every file again: in memory for the files listed last, and by object version and size in
 * {@link KnownFingerprints}, so that a restart does not either.
 */
final class FingerprintCache {

    private static final int BUFFER = 64 * 1024;

    private record Entry(long size, FileTime modified, String fingerprint) {}

    /** Opens a file to hash it. */
    interface Opener {
        InputStream open(Path file) throws IOException;
    }

    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();
    private final Opener opener;
    private final KnownFingerprints known;

    FingerprintCache(Opener opener, KnownFingerprints known) {
        this.opener = opener;
        this.known = known;
    }

    /**
     * The file's fingerprint, or null if it changed while it was read (it is still being written:
     * try again at the next poll).
     *
     * @param objectId the object version the file is now ({@link SourceObject#id()})
     */
    String fingerprint(Path file, String objectId, BasicFileAttributes before) throws IOException {
        Entry cached = entries.get(file);
        if (cached != null
                && cached.size() == before.size()
                && cached.modified().equals(before.lastModifiedTime())) {
            return cached.fingerprint();
        }
        String fingerprint = known.fingerprint(objectId, before.size()).orElse(null);
        if (fingerprint == null) {
            fingerprint = hash(file);
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
            if (after.size() != before.size() || !after.lastModifiedTime().equals(before.lastModifiedTime())) {
                return null;
            }
            known.remember(objectId, before.size(), fingerprint);
        }
        entries.put(file, new Entry(before.size(), before.lastModifiedTime(), fingerprint));
        return fingerprint;
    }

    /** Forgets files that are gone; a set, so that this is linear in the number of files. */
    void retainOnly(Set<Path> present) {
        entries.keySet().retainAll(present);
    }

    private String hash(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = opener.open(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }
}
