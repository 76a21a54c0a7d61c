package dev.daybook.app.cli;

/** {@link CommandOptionsTest}'s checks with {@code daybook bench} on the class path, so that they cover its options too. */
class BenchCommandOptionsTest extends CommandOptionsTest {}
