package dev.daybook.connectors.source;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Which objects a source picks up, by their name relative to the source's root: those matching one
 * of the include globs, except hidden and partial ones. A glob without {@code /} is matched against
 * the last name segment ({@code *.csv} finds CSV files at any depth); one with {@code /} against the
 * whole relative name ({@code 2024/**.csv.gz}). Matching is case-sensitive.
 *
 * <p>Hidden: a segment starts with {@code .}. Partial: the name ends with {@code .tmp} or
 * {@code .part}, as files being written under a temporary name usually do.
 */
public final class ObjectNameFilter {

    /** The default include globs, as a CLI default value. */
    public static final String DEFAULT_INCLUDE = "*.csv,*.csv.gz";

    private static final List<String> PARTIAL_SUFFIXES = List.of(".tmp", ".part");

    private final List<String> globs;
    private final List<PathMatcher> nameMatchers;
    private final List<PathMatcher> pathMatchers;

    private ObjectNameFilter(List<String> globs) {
        if (globs.isEmpty() || globs.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("include globs must be non-empty, got " + globs);
        }
        this.globs = List.copyOf(globs);
        this.nameMatchers = globs.stream().filter(g -> !g.contains("/")).map(ObjectNameFilter::matcher).toList();
        this.pathMatchers = globs.stream().filter(g -> g.contains("/")).map(ObjectNameFilter::matcher).toList();
    }

    public static ObjectNameFilter of(List<String> globs) {
        return new ObjectNameFilter(globs);
    }

    /** From a comma-separated list, e.g. {@code *.csv,*.csv.gz}. */
    public static ObjectNameFilter parse(String commaSeparatedGlobs) {
        return of(List.of(commaSeparatedGlobs.trim().split("\\s*,\\s*")));
    }

    public static ObjectNameFilter defaults() {
        return parse(DEFAULT_INCLUDE);
    }

    /** @param relativeName the object's name below the source root, segments separated by {@code /} */
    public boolean accepts(String relativeName) {
        if (relativeName.isEmpty() || relativeName.endsWith("/")) {
            return false;
        }
        for (String segment : relativeName.split("/")) {
            if (segment.startsWith(".")) {
                return false;
            }
        }
        if (PARTIAL_SUFFIXES.stream().anyMatch(relativeName::endsWith)) {
            return false;
        }
        Path path = Path.of(relativeName);
        Path name = path.getFileName();
        return nameMatchers.stream().anyMatch(m -> m.matches(name)) || pathMatchers.stream().anyMatch(m -> m.matches(path));
    }

    private static PathMatcher matcher(String glob) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }

    @Override
    public String toString() {
        return String.join(",", globs);
    }
}
