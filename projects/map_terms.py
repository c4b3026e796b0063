"""PostgreSQL upkeep of the map's word table (projects.MapTerm): its key, triggers and rebuild.

One row per lexeme of the stored search vector of every published project that has a place on
the map, with the project's finest cell, position and last change. The primary key is a covering
index, (lexeme COLLATE "C", map_y, map_x, project_id) INCLUDE (lat, lng, updated_at): a word's
projects in a view, or those of a prefix (byte-wise order makes a prefix one range), are one
index-only range read, and a project's rows are found by their key from its old values.

Statement-level triggers on the project table see every write through transition tables, in the
same transaction: an inserted published project gets its rows; an update that changes the state,
the vector, the place or `updated_at` of a project that is or was published replaces its rows; a
deleted project loses them. The vector is written by a BEFORE trigger (migration 0008), so the
rows the triggers see hold it already.

SQLite has neither: the map groups the matching projects on the fly there (projects.clustering).
"""

_COLUMNS = "lexeme, map_y, map_x, project_id, lat, lng, updated_at"

# Whatever the database's collation, lexemes compare byte-wise, so "starts with" is a range.
PRIMARY_KEY = """
ALTER TABLE projects_mapterm ADD CONSTRAINT projects_mapterm_pkey
    PRIMARY KEY (lexeme, map_y, map_x, project_id) INCLUDE (lat, lng, updated_at)
"""

CREATE_KEY = [
    "ALTER TABLE projects_mapterm DROP CONSTRAINT IF EXISTS projects_mapterm_pkey",
    'ALTER TABLE projects_mapterm ALTER COLUMN lexeme TYPE text COLLATE "C"',
    PRIMARY_KEY,
]

INSTALL = f"""
CREATE FUNCTION projects_mapterm_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO projects_mapterm ({_COLUMNS})
    SELECT l, n.map_y, n.map_x, n.id, n.lat, n.lng, n.updated_at
    FROM new_rows n, unnest(tsvector_to_array(n.search_vector)) AS l
    WHERE n.state = 'published' AND n.map_x IS NOT NULL AND n.map_y IS NOT NULL;
    RETURN NULL;
END
$$;

CREATE FUNCTION projects_mapterm_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM projects_mapterm t
    USING old_rows o, unnest(tsvector_to_array(o.search_vector)) AS l
    WHERE o.state = 'published' AND o.map_x IS NOT NULL AND o.map_y IS NOT NULL
      AND t.lexeme = l COLLATE "C" AND t.map_y = o.map_y AND t.map_x = o.map_x
      AND t.project_id = o.id;
    RETURN NULL;
END
$$;

CREATE FUNCTION projects_mapterm_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed bigint[];
BEGIN
    SELECT array_agg(n.id) INTO changed
    FROM new_rows n JOIN old_rows o USING (id)
    WHERE (n.state = 'published' OR o.state = 'published')
      AND (n.state, n.search_vector, n.map_y, n.map_x, n.lat, n.lng, n.updated_at)
          IS DISTINCT FROM
          (o.state, o.search_vector, o.map_y, o.map_x, o.lat, o.lng, o.updated_at);
    IF changed IS NULL THEN
        RETURN NULL;
    END IF;
    DELETE FROM projects_mapterm t
    USING old_rows o, unnest(tsvector_to_array(o.search_vector)) AS l
    WHERE o.id = ANY(changed)
      AND o.state = 'published' AND o.map_x IS NOT NULL AND o.map_y IS NOT NULL
      AND t.lexeme = l COLLATE "C" AND t.map_y = o.map_y AND t.map_x = o.map_x
      AND t.project_id = o.id;
    INSERT INTO projects_mapterm ({_COLUMNS})
    SELECT l, n.map_y, n.map_x, n.id, n.lat, n.lng, n.updated_at
    FROM new_rows n, unnest(tsvector_to_array(n.search_vector)) AS l
    WHERE n.id = ANY(changed)
      AND n.state = 'published' AND n.map_x IS NOT NULL AND n.map_y IS NOT NULL;
    RETURN NULL;
END
$$;

CREATE TRIGGER projects_mapterm_inserted AFTER INSERT ON projects_project
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION projects_mapterm_inserted();
CREATE TRIGGER projects_mapterm_updated AFTER UPDATE ON projects_project
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION projects_mapterm_updated();
CREATE TRIGGER projects_mapterm_deleted AFTER DELETE ON projects_project
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION projects_mapterm_deleted();
"""  # noqa: S608 (constants only)

TRIGGERS = ["projects_mapterm_inserted", "projects_mapterm_updated", "projects_mapterm_deleted"]

UNINSTALL = """
DROP TRIGGER IF EXISTS projects_mapterm_inserted ON projects_project;
DROP TRIGGER IF EXISTS projects_mapterm_updated ON projects_project;
DROP TRIGGER IF EXISTS projects_mapterm_deleted ON projects_project;
DROP FUNCTION IF EXISTS projects_mapterm_inserted, projects_mapterm_updated,
    projects_mapterm_deleted;
"""

# Loaded without the key, which is then built in one pass: much faster than keeping a covering
# index up to date row by row through millions of inserts. The rows are written in the key's
# order, so a word's index entries point into a few stretches of the table: an index-only read
# then checks the visibility of one stretch after another, not of a random page each.
REBUILD = [
    "TRUNCATE projects_mapterm",
    "ALTER TABLE projects_mapterm DROP CONSTRAINT projects_mapterm_pkey",
    f"""
    INSERT INTO projects_mapterm ({_COLUMNS})
    SELECT l, p.map_y, p.map_x, p.id, p.lat, p.lng, p.updated_at
    FROM projects_project p, unnest(tsvector_to_array(p.search_vector)) AS l
    WHERE p.state = 'published' AND p.map_x IS NOT NULL AND p.map_y IS NOT NULL
    ORDER BY l COLLATE "C", p.map_y, p.map_x, p.id
    """,  # noqa: S608
    PRIMARY_KEY,
]


def create_key(connection) -> None:
    """Make the primary key Django created the covering, byte-ordered one (a migration's step)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in CREATE_KEY:
            cursor.execute(statement)


def install(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(UNINSTALL)
        cursor.execute(INSTALL)


def uninstall(connection) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(UNINSTALL)


def rebuild(connection) -> None:
    """Recompute every row from the projects (after a bulk load with the triggers off)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in REBUILD:
            cursor.execute(statement)
