package dev.loopwatch.core.store.exchange;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the rows of one owner table, and the tables whose rows belong to them, merge into a store
 * that may already hold some of them.
 *
 * <p>An owner row is identified by its {@code keyColumns} (a repository by root and branch, a
 * session by agent and id). An imported owner whose key the store already has replaces it, with all
 * of its children; a new one is added. When the owner has a store-local {@code idColumn} (a serial
 * number such as {@code repo_id}), imported ids are renumbered past the store's and the children's
 * references follow.
 *
 * @param table the owner table
 * @param idColumn the store-local id children refer to, if any, with the sequence that numbers it
 * @param keyColumns the columns that identify an owner row across stores
 * @param children the tables whose rows belong to an owner row
 */
public record MergeRule(
    String table, Optional<SerialId> idColumn, List<String> keyColumns, List<Child> children) {
  public MergeRule {
    requireNonNull(table, "table is null");
    requireNonNull(idColumn, "idColumn is null");
    keyColumns = List.copyOf(requireNonNull(keyColumns, "keyColumns is null"));
    children = List.copyOf(requireNonNull(children, "children is null"));
    if (keyColumns.isEmpty()) {
      throw new IllegalArgumentException(table + ": a merge rule needs key columns");
    }
  }

  /**
   * A store-local serial id.
   *
   * @param column the id column
   * @param sequence the sequence new ids are drawn from, so later inserts never collide
   */
  public record SerialId(String column, String sequence) {
    public SerialId {
      requireNonNull(column, "column is null");
      requireNonNull(sequence, "sequence is null");
    }
  }

  /**
   * A table whose rows belong to an owner row.
   *
   * @param table the child table
   * @param ownerColumns its columns that refer to the owner: the owner's id column, or else the
   *     owner's key columns, by the same names
   */
  public record Child(String table, List<String> ownerColumns) {
    public Child {
      requireNonNull(table, "table is null");
      ownerColumns = List.copyOf(requireNonNull(ownerColumns, "ownerColumns is null"));
    }

    /** A child referring to its owner by {@code ownerColumns}. */
    public static Child of(String table, String... ownerColumns) {
      return new Child(table, List.of(ownerColumns));
    }
  }

  /** An owner with a store-local serial id drawn from {@code sequence}. */
  public static MergeRule withId(
      String table, String idColumn, String sequence, List<String> keyColumns, Child... children) {
    return new MergeRule(
        table, Optional.of(new SerialId(idColumn, sequence)), keyColumns, List.of(children));
  }

  /** An owner identified by its key columns alone. */
  public static MergeRule byKey(String table, List<String> keyColumns, Child... children) {
    return new MergeRule(table, Optional.empty(), keyColumns, List.of(children));
  }

  /** Every table this rule covers: the owner, then its children. */
  public List<String> tables() {
    List<String> tables = new ArrayList<>();
    tables.add(table);
    children.forEach(child -> tables.add(child.table()));
    return List.copyOf(tables);
  }
}
