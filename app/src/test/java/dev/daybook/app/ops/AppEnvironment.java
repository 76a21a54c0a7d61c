package dev.daybook.app.ops;

import dev.daybook.app.Daybook;
import dev.daybook.app.cli.options.EnvironmentDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code DAYBOOK_*} environment variables the app reads: those of every option of every command (named by
 * {@link EnvironmentDefaults}), and those logback.xml reads.
 */
final class AppEnvironment {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(?:env:)?(DAYBOOK_[A-Z0-9_]+)");

    private AppEnvironment() {}

    static Set<String> variablesRead() throws IOException {
        Set<String> names = new TreeSet<>();
        for (CommandLine command :
                Daybook.commandLine(new Daybook()).getSubcommands().values()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (!option.usageHelp() && !option.versionHelp()) {
                    names.add(EnvironmentDefaults.variableOf(option));
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
}
