package dev.loopwatch.app.sessions;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table of the sessions output: a header row and data rows, indented two spaces, each
 * column as wide as its widest cell; the leading text columns are left-aligned, the number columns
 * after them right-aligned.
 */
final class TextTable {
  private final int textColumns;
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  /**
   * Starts a table whose first {@code textColumns} columns hold text and the rest numbers.
   *
   * @param textColumns how many leading columns are left-aligned
   * @param header the column names
   */
  TextTable(int textColumns, String... header) {
    if (textColumns < 0 || textColumns > header.length) {
      throw new IllegalArgumentException("textColumns out of range: " + textColumns);
    }
    this.textColumns = textColumns;
    this.header = List.of(header);
  }

  /** Adds one row; it must have one cell per column. */
  TextTable row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, the table " + header.size() + " columns");
    }
    rows.add(List.of(cells));
    return this;
  }

  /** Returns the table's lines, header first, with no trailing spaces. */
  List<String> lines() {
    int[] widths = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int column = 0; column < widths.length; column++) {
        widths[column] = Math.max(widths[column], row.get(column).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder("  ");
      for (int column = 0; column < widths.length; column++) {
        String cell = row.get(column);
        String padding = " ".repeat(widths[column] - cell.length());
        if (column > 0) {
          line.append("  ");
        }
        line.append(column < textColumns ? cell + padding : padding + cell);
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  /** Prints the table's lines to {@code out}. */
  void print(PrintWriter out) {
    lines().forEach(out::println);
  }
}
