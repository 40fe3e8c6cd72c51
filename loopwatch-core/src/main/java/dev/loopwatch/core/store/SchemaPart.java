package dev.loopwatch.core.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The tables one capability owns in the store, as an ordered list of migrations: migration {@code
 * i} (0-based) brings the part from version {@code i} to version {@code i + 1}. Migrations are only
 * ever appended.
 *
 * @param name the part's name, e.g. {@code git}
 * @param migrations SQL scripts, statements separated by {@code ;} at line ends
 */
public record SchemaPart(String name, List<String> migrations) {
  public SchemaPart {
    requireNonNull(name, "name is null");
    migrations = List.copyOf(requireNonNull(migrations, "migrations is null"));
  }

  /** The version a store has once every migration of this part ran. */
  public int version() {
    return migrations.size();
  }
}
