"""Filling a new tally's sums over subtrees in its migration (the migration loader skips this
module: its name starts with "_"). Frozen like a migration: the same SQL as
``ct05.reports.tallies._summed_over_subtrees`` at the time, over the tables named."""


def fill_subtree_sums(schema_editor, tally: str, sums: str, keys: list[str], figures: list[str]):
    """Every organization's row per key: the tally summed over it and its subtree, one
    statement a level of the tree (paths of 4 characters a step); then both tables analyzed."""
    columns = ", ".join([*keys, *figures])
    key_list = ", ".join(f"t.{k}" for k in keys)
    summed = ", ".join(f"SUM(t.{f})" for f in figures)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT MAX(depth) FROM organizations_organization")
        depth = cursor.fetchone()[0] or 0
        for level in range(1, depth + 1):
            cursor.execute(
                f"INSERT INTO {sums} (organization_id, {columns}) "
                f"SELECT a.id, {key_list}, {summed} FROM {tally} t "
                "JOIN organizations_organization o ON o.id = t.organization_id "
                f"AND o.depth >= {level} JOIN organizations_organization a "
                f"ON a.path = SUBSTR(o.path, 1, {level * 4}) "
                f"GROUP BY a.id, {key_list}"
            )
        if schema_editor.connection.vendor == "postgresql":
            # Planner statistics now, not at autovacuum's next round: a report reads both at
            # once, and without them PostgreSQL guesses its joins blind.
            cursor.execute(f"ANALYZE {tally}, {sums}")
