package dev.daybook.app;

import java.util.concurrent.Callable;

/**
 * A {@code daybook} subcommand that is not part of the production jar, such as {@code daybook bench} (module
 * {@code bench}): when its jar is on the class path, {@link Daybook#commandLine} finds it through
 * {@link java.util.ServiceLoader} and adds it under the name of its {@code @Command}. An implementation is a
 * picocli command with a public no-argument constructor, listed in
 * {@code META-INF/services/dev.daybook.app.AddOnCommand}.
 */
public interface AddOnCommand extends Callable<Integer> {}
