package dev.daybook.app.cli.options;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.IOptionRenderer;
import picocli.CommandLine.Help.Layout;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Every option's environment variable, in one place: {@code DAYBOOK_} and the option's longest name in upper
 * case, {@code --max-decompressed-bytes} read from {@code DAYBOOK_MAX_DECOMPRESSED_BYTES}. A flag given on the
 * command line wins over the variable, the variable over the option's default.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

    /** Commands whose options are their own, not the pipeline's: their variables carry the command's name. */
    private static final Set<String> COMMANDS_WITH_OWN_VARIABLES = Set.of("generate", "bench");
    /** Variables named before the rule, kept so that existing deployments keep working. */
    private static final Map<String, String> KEPT_NAMES = Map.of("--retry-failed", "DAYBOOK_INGEST_RETRY_FAILED");

    private final Map<String, String> environment;

    public EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * {@code commandLine} (and its subcommands) with defaults from this process's environment, and each
     * option's variable under its description in the usage help.
     */
    public static <T extends CommandLine> T install(T commandLine) {
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(System.getenv()));
        showVariablesInHelp(commandLine);
        return commandLine;
    }

    private static void showVariablesInHelp(CommandLine commandLine) {
        commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, EnvironmentDefaults::optionList);
        commandLine.getSubcommands().values().forEach(EnvironmentDefaults::showVariablesInHelp);
    }

    private static String optionList(Help help) {
        Layout layout = help.createDefaultLayout();
        IOptionRenderer plain = layout.optionRenderer();
        IOptionRenderer withVariable = (option, labels, scheme) -> {
            Text[][] rows = plain.render(option, labels, scheme);
            if (option.usageHelp() || option.versionHelp() || rows.length == 0) {
                return rows;
            }
            Text[] variable = new Text[rows[0].length];
            Arrays.fill(variable, scheme.text(""));
            variable[variable.length - 1] = scheme.text("env " + variableOf(option));
            Text[][] all = Arrays.copyOf(rows, rows.length + 1);
            all[rows.length] = variable;
            return all;
        };
        Layout withVariables =
                new Layout(layout.colorScheme(), layout.textTable(), withVariable, layout.parameterRenderer());
        return help.optionList(withVariables, help.createDefaultOptionSort(), help.parameterLabelRenderer());
    }

    /** Options populated from {@code args}, then the environment, then their defaults, e.g. for tests and embedding. */
    public static <T> T populate(T options, String... args) {
        CommandLine commandLine = install(new CommandLine(options));
        commandLine.parseArgs(args);
        return options;
    }

    /** The environment variable {@code option} is read from. */
    public static String variableOf(OptionSpec option) {
        String kept = KEPT_NAMES.get(option.longestName());
        if (kept != null) {
            return kept;
        }
        String command = option.command() == null ? "" : option.command().name();
        String prefix = COMMANDS_WITH_OWN_VARIABLES.contains(command)
                ? "DAYBOOK_" + command.toUpperCase(Locale.ROOT) + "_"
                : "DAYBOOK_";
        return prefix
                + option.longestName().replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (argument instanceof OptionSpec option && !option.usageHelp() && !option.versionHelp()) {
            return environment.get(variableOf(option));
        }
        return null;
    }
}
