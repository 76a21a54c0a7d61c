package dev.daybook.connectors.source;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Which objects of a source are ingested, as glob patterns (e.g. {@code *.csv}). A pattern without a
 * {@code /} is matched against the object's file name, so {@code *.csv} also takes
 * {@code 2024/04/15/a.csv}; a pattern with a {@code /} is matched against the name relative to the
 * source's prefix (e.g. {@code 2024/**}{@code /*.csv}).
 */
public final class IncludeFilter {

    public static final List<String> DEFAULT_GLOBS = List.of("*.csv", "*.csv.gz");

    private final List<String> globs;
    private final List<Pattern> patterns;

    private record Pattern(PathMatcher matcher, boolean wholePath) {}

    public IncludeFilter(List<String> globs) {
        if (globs.isEmpty()) {
            throw new IllegalArgumentException("at least one include pattern is needed");
        }
        this.globs = List.copyOf(globs);
        this.patterns = this.globs.stream()
                .map(String::strip)
                .map(glob -> new Pattern(FileSystems.getDefault().getPathMatcher("glob:" + glob), glob.contains("/")))
                .toList();
    }

    public static IncludeFilter defaults() {
        return new IncludeFilter(DEFAULT_GLOBS);
    }

    /** @param relativeName the object's name below the source's prefix, e.g. {@code 2024/04/15/a.csv} */
    public boolean matches(String relativeName) {
        if (relativeName.isEmpty() || relativeName.endsWith("/")) {
            return false;
        }
        Path whole;
        try {
            whole = Path.of(relativeName);
        } catch (InvalidPathException notAFileName) {
            return false;
        }
        Path fileName = whole.getFileName();
        return patterns.stream().anyMatch(p -> p.matcher().matches(p.wholePath() ? whole : fileName));
    }

    public List<String> globs() {
        return globs;
    }

    @Override
    public String toString() {
        return String.join(",", globs);
    }
}
