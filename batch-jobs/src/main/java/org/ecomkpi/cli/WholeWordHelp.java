package org.ecomkpi.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Picocli's usage help with option and parameter descriptions wrapped at spaces only. Picocli wraps where Java's
 * line {@link java.text.BreakIterator} allows, which includes after {@code :} and {@code /}, so a description
 * printed {@code s3:} at the end of one line and {@code //<bucket>} at the start of the next: a location nobody can
 * copy. Here a line ends only at a space; a single word longer than the whole column is still cut, as before.
 */
final class WholeWordHelp extends Help {
    WholeWordHelp(CommandSpec spec, ColorScheme colorScheme) {
        super(spec, colorScheme);
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
                                      ColorScheme colorScheme) {
        Layout layout = super.createDefaultLayout(options, positionals, colorScheme);
        return new Layout(colorScheme, new SpaceWrappedTable(colorScheme, layout.textTable()), layout.optionRenderer(),
                layout.parameterRenderer());
    }

    /** A table with the columns of another whose wrapping columns break lines at spaces only. */
    static final class SpaceWrappedTable extends TextTable {
        private final ColorScheme colorScheme;

        SpaceWrappedTable(ColorScheme colorScheme, TextTable like) {
            super(colorScheme, like.columns());
            this.colorScheme = colorScheme;
            this.indentWrappedLines = like.indentWrappedLines;
            setAdjustLineBreaksForWideCJKCharacters(like.isAdjustLineBreaksForWideCJKCharacters());
        }

        @Override
        public Cell putValue(int row, int col, Ansi.Text value) {
            Column column = columns()[col];
            if (column.overflow != Column.Overflow.WRAP || value == null || value.plainString().isEmpty()
                    || !textAt(row, col).plainString().isBlank()) {
                return super.putValue(row, col, value);
            }
            List<int[]> lines = lines(value, column.width - column.indent,
                    column.width - column.indent - indentWrappedLines);
            Cell cell = super.putValue(row, col, value.substring(lines.get(0)[0], lines.get(0)[1]));
            Ansi.Text indent = colorScheme.text(" ".repeat(indentWrappedLines));
            for (int[] line : lines.subList(1, lines.size())) {
                addEmptyRow();
                cell = super.putValue(cell.row + 1, col, indent.concat(value.substring(line[0], line[1])));
            }
            return cell;
        }

        /** Where each line starts and ends in {@code value}: as many whole words as fit, the spaces between lines dropped. */
        private List<int[]> lines(Ansi.Text value, int firstWidth, int nextWidth) {
            String plain = value.plainString();
            List<int[]> lines = new ArrayList<>();
            int start = 0;
            int width = firstWidth;
            while (start < plain.length()) {
                int end = -1;
                for (int space = plain.indexOf(' ', start); ; space = plain.indexOf(' ', space + 1)) {
                    int wordEnd = space < 0 ? plain.length() : space;
                    if (end >= 0 && length(value, start, wordEnd) > width) {
                        break;
                    }
                    end = wordEnd; // the first word always goes in: one longer than the column is cut by picocli
                    if (space < 0) {
                        break;
                    }
                }
                lines.add(new int[] {start, end});
                start = end;
                while (start < plain.length() && plain.charAt(start) == ' ') {
                    start++;
                }
                width = nextWidth;
            }
            return lines;
        }

        private int length(Ansi.Text value, int from, int to) {
            return isAdjustLineBreaksForWideCJKCharacters() ? DisplayWidth.of(value.plainString().substring(from, to))
                    : to - from;
        }
    }
}
