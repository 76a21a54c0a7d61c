package dev.daybook.app.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The {@code DAYBOOK_*} environment variables the app reads: those named in the default value of a picocli
 * {@code @Option} of any Daybook class on the class path ({@code ${env:DAYBOOK_X:-...}}), and those
 * logback.xml reads.
 */
final class AppEnvironment {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(?:env:)?(DAYBOOK_[A-Z0-9_]+)");

    private AppEnvironment() {
    }

    static Set<String> variablesRead() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String className : daybookClasses()) {
            for (Field field : load(className).getDeclaredFields()) {
                Option option = field.getAnnotation(Option.class);
                if (option != null) {
                    names.addAll(variables(option.defaultValue()));
                }
            }
        }
        try (InputStream logback = AppEnvironment.class.getResourceAsStream("/logback.xml")) {
            if (logback != null) {
                names.addAll(variables(new String(logback.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return names;
    }

    static Set<String> variables(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Names of the main (not test) classes under dev.daybook, from class directories and jars alike. */
    private static Set<String> daybookClasses() throws IOException {
        Set<String> classes = new TreeSet<>();
        for (URL root : Collections.list(AppEnvironment.class.getClassLoader().getResources("dev/daybook"))) {
            if (root.getPath().contains("/test-classes/") || root.getPath().contains("-tests.jar!")) {
                continue;
            }
            if (root.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) root.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    jar.stream().map(entry -> entry.getName()).filter(name -> name.startsWith("dev/daybook/"))
                            .forEach(name -> addClass(classes, name));
                }
            } else {
                Path dir = path(root).getParent().getParent();
                try (Stream<Path> files = Files.walk(path(root))) {
                    files.forEach(file -> addClass(classes, dir.relativize(file).toString().replace('\\', '/')));
                }
            }
        }
        return classes;
    }

    private static void addClass(Set<String> classes, String resource) {
        if (resource.endsWith(".class") && !resource.contains("-")) {
            classes.add(resource.substring(0, resource.length() - ".class".length()).replace('/', '.'));
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, AppEnvironment.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path path(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
