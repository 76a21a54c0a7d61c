package dev.daybook.app.cli.options;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a whole number greater than zero, rejecting anything else when the command line is read. */
public final class PositiveIntConverter implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below like a number out of range
        }
        throw new TypeConversionException("'" + value + "' is not a positive whole number");
    }
}
