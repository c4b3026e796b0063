"""PostgreSQL upkeep of the pre-aggregated map cells (projects.MapCell): triggers and rebuild.

Statement-level triggers on the project table see every write — the services, Django admin,
QuerySet.update() of adoption counts, bulk inserts — through transition tables, in the same
transaction. Per statement they net the cells a project leaves (old row, if it was published)
against those it enters (new row, if published): counts and coordinate sums are added, extents
widened, the newest change kept. A cell that lost a project on its extent, or is left with one
project or none, is recomputed exactly: at AGGREGATE_MAX_ZOOM from the projects in the cell
(an index range), at coarser zooms from its four child cells, finest first. `last_updated` is
the newest `updated_at` of the projects that entered the cell since it was last recomputed:
never older than its newest project (it is used for Last-Modified, where later is safe).

SQLite has neither: the map groups the projects on the fly there (projects.clustering).
"""

from .map_grid import AGGREGATE_MAX_ZOOM, BASE_ZOOM

_DIMENSIONS = """
    SELECT 0, ''
    UNION ALL SELECT 1, p.theme_id::text WHERE p.theme_id IS NOT NULL
    UNION ALL SELECT 2, p.status::text
    UNION ALL SELECT 3, p.municipality_id::text WHERE p.municipality_id IS NOT NULL
    UNION ALL SELECT 4, n::text FROM generate_series(1, p.adoption_count) AS n
    UNION ALL SELECT 5, p.status || ':' || n FROM generate_series(1, p.adoption_count) AS n
"""

_COLUMNS = (
    "zoom, kind, value, cell_y, cell_x, count, sum_lat, sum_lng, min_lat, min_lng, max_lat, "
    "max_lng, first_id, last_updated"
)

INSTALL = f"""
CREATE TYPE projects_map_key AS (
    zoom smallint, kind smallint, value varchar, cell_y integer, cell_x integer
);

-- Every pre-aggregated cell a project counts in: each zoom, each of its filter values.
-- (PL/pgSQL, not an inlined SQL function: PostgreSQL 15 fails to plan the inlined whole-row
-- reference inside the triggers' query.)
CREATE FUNCTION projects_map_keys(p projects_project)
RETURNS SETOF projects_map_key LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p.state <> 'published' OR p.map_x IS NULL OR p.map_y IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT z::smallint, d.kind::smallint, d.value::varchar,
           p.map_y >> ({BASE_ZOOM} - z), p.map_x >> ({BASE_ZOOM} - z)
    FROM generate_series(0, {AGGREGATE_MAX_ZOOM}) AS z, ({_DIMENSIONS}) AS d (kind, value);
END
$$;

-- One cell, exactly: from its projects at the finest stored zoom, else from its four children.
CREATE FUNCTION projects_map_recompute(k projects_map_key) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    shift integer := {BASE_ZOOM} - k.zoom;
    a record;
BEGIN
    IF k.zoom = {AGGREGATE_MAX_ZOOM} THEN
        SELECT count(*)::bigint AS n, sum(p.lat) AS sum_lat, sum(p.lng) AS sum_lng,
               min(p.lat) AS min_lat, min(p.lng) AS min_lng, max(p.lat) AS max_lat,
               max(p.lng) AS max_lng, min(p.id)::bigint AS first_id,
               max(p.updated_at) AS last_updated
        INTO a
        FROM projects_project p
        WHERE p.state = 'published'
          AND p.map_y BETWEEN k.cell_y << shift AND ((k.cell_y + 1) << shift) - 1
          AND p.map_x BETWEEN k.cell_x << shift AND ((k.cell_x + 1) << shift) - 1
          AND CASE k.kind
                WHEN 0 THEN true
                WHEN 1 THEN p.theme_id::text = k.value
                WHEN 2 THEN p.status = k.value
                WHEN 3 THEN p.municipality_id::text = k.value
                WHEN 4 THEN p.adoption_count >= k.value::integer
                ELSE p.status = split_part(k.value, ':', 1)
                     AND p.adoption_count >= split_part(k.value, ':', 2)::integer
              END;
    ELSE
        SELECT sum(c.count)::bigint AS n, sum(c.sum_lat) AS sum_lat, sum(c.sum_lng) AS sum_lng,
               min(c.min_lat) AS min_lat, min(c.min_lng) AS min_lng, max(c.max_lat) AS max_lat,
               max(c.max_lng) AS max_lng, min(c.first_id)::bigint AS first_id,
               max(c.last_updated) AS last_updated
        INTO a
        FROM projects_mapcell c
        WHERE c.zoom = k.zoom + 1 AND c.kind = k.kind AND c.value = k.value
          AND c.cell_y BETWEEN k.cell_y * 2 AND k.cell_y * 2 + 1
          AND c.cell_x BETWEEN k.cell_x * 2 AND k.cell_x * 2 + 1;
    END IF;
    IF coalesce(a.n, 0) = 0 THEN
        DELETE FROM projects_mapcell c
        WHERE (c.zoom, c.kind, c.value, c.cell_y, c.cell_x)
            = (k.zoom, k.kind, k.value, k.cell_y, k.cell_x);
    ELSE
        UPDATE projects_mapcell c
        SET count = a.n, sum_lat = a.sum_lat, sum_lng = a.sum_lng, min_lat = a.min_lat,
            min_lng = a.min_lng, max_lat = a.max_lat, max_lng = a.max_lng,
            first_id = a.first_id, last_updated = a.last_updated
        WHERE (c.zoom, c.kind, c.value, c.cell_y, c.cell_x)
            = (k.zoom, k.kind, k.value, k.cell_y, k.cell_x);
    END IF;
END
$$;

-- Projects entering (added) and leaving (removed) the published map, in one statement.
CREATE FUNCTION projects_map_apply(added projects_project[], removed projects_project[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    stale projects_map_key[];
    stale_key projects_map_key;
BEGIN
    WITH changes AS (
        SELECT k.*, p.id, p.lat, p.lng, p.updated_at, 1 AS sign
        FROM unnest(added) AS p, projects_map_keys(p) AS k
        UNION ALL
        SELECT k.*, p.id, p.lat, p.lng, NULL::timestamptz, -1
        FROM unnest(removed) AS p, projects_map_keys(p) AS k
    ), net AS (
        -- A project that stays in a cell at the same place only touches it (sign 0).
        SELECT zoom, kind, value, cell_y, cell_x, id, lat, lng,
               max(updated_at) AS updated_at, sum(sign) AS sign
        FROM changes GROUP BY zoom, kind, value, cell_y, cell_x, id, lat, lng
    ), upserted AS (
        INSERT INTO projects_mapcell AS c ({_COLUMNS})
        SELECT zoom, kind, value, cell_y, cell_x, sum(sign), sum(sign * lat), sum(sign * lng),
               coalesce(min(lat) FILTER (WHERE sign > 0), 'Infinity'),
               coalesce(min(lng) FILTER (WHERE sign > 0), 'Infinity'),
               coalesce(max(lat) FILTER (WHERE sign > 0), '-Infinity'),
               coalesce(max(lng) FILTER (WHERE sign > 0), '-Infinity'),
               coalesce(min(id) FILTER (WHERE sign > 0), 9223372036854775807),
               coalesce(max(updated_at), '-infinity')
        FROM net GROUP BY zoom, kind, value, cell_y, cell_x
        ON CONFLICT (zoom, kind, value, cell_y, cell_x) DO UPDATE SET
            count = c.count + excluded.count,
            sum_lat = c.sum_lat + excluded.sum_lat,
            sum_lng = c.sum_lng + excluded.sum_lng,
            min_lat = least(c.min_lat, excluded.min_lat),
            min_lng = least(c.min_lng, excluded.min_lng),
            max_lat = greatest(c.max_lat, excluded.max_lat),
            max_lng = greatest(c.max_lng, excluded.max_lng),
            first_id = least(c.first_id, excluded.first_id),
            last_updated = greatest(c.last_updated, excluded.last_updated)
        RETURNING c.*
    ), left_cell AS (
        SELECT zoom, kind, value, cell_y, cell_x, min(lat) AS south, max(lat) AS north,
               min(lng) AS west, max(lng) AS east
        FROM net WHERE sign < 0 GROUP BY zoom, kind, value, cell_y, cell_x
    )
    SELECT array_agg(
        ROW(u.zoom, u.kind, u.value, u.cell_y, u.cell_x)::projects_map_key
        ORDER BY u.zoom DESC
    )
    INTO stale
    FROM upserted u LEFT JOIN left_cell l USING (zoom, kind, value, cell_y, cell_x)
    WHERE u.count <= 0
       OR (l.zoom IS NOT NULL AND (
           u.count = 1 OR l.south <= u.min_lat OR l.north >= u.max_lat
           OR l.west <= u.min_lng OR l.east >= u.max_lng
       ));
    IF stale IS NOT NULL THEN
        FOREACH stale_key IN ARRAY stale LOOP
            PERFORM projects_map_recompute(stale_key);
        END LOOP;
    END IF;
END
$$;

CREATE FUNCTION projects_map_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM projects_map_apply(
        ARRAY(SELECT n::projects_project FROM new_rows n WHERE n.state = 'published'), '{{}}'
    );
    RETURN NULL;
END
$$;

CREATE FUNCTION projects_map_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM projects_map_apply(
        '{{}}', ARRAY(SELECT o::projects_project FROM old_rows o WHERE o.state = 'published')
    );
    RETURN NULL;
END
$$;

CREATE FUNCTION projects_map_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    added projects_project[];
    removed projects_project[];
BEGIN
    SELECT array_agg(n::projects_project), array_agg(o::projects_project) INTO added, removed
    FROM new_rows n JOIN old_rows o USING (id)
    WHERE (n.state = 'published' OR o.state = 'published')
      AND (n.state, n.lat, n.lng, n.map_x, n.map_y, n.theme_id, n.status, n.municipality_id,
           n.adoption_count, n.updated_at)
          IS DISTINCT FROM
          (o.state, o.lat, o.lng, o.map_x, o.map_y, o.theme_id, o.status, o.municipality_id,
           o.adoption_count, o.updated_at);
    IF added IS NOT NULL THEN
        PERFORM projects_map_apply(added, removed);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER projects_map_inserted AFTER INSERT ON projects_project
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION projects_map_inserted();
CREATE TRIGGER projects_map_updated AFTER UPDATE ON projects_project
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION projects_map_updated();
CREATE TRIGGER projects_map_deleted AFTER DELETE ON projects_project
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION projects_map_deleted();
"""  # noqa: S608 (built from map_grid's constants only)

UNINSTALL = """
DROP TRIGGER IF EXISTS projects_map_inserted ON projects_project;
DROP TRIGGER IF EXISTS projects_map_updated ON projects_project;
DROP TRIGGER IF EXISTS projects_map_deleted ON projects_project;
DROP FUNCTION IF EXISTS projects_map_inserted, projects_map_updated, projects_map_deleted,
    projects_map_apply, projects_map_recompute, projects_map_keys;
DROP TYPE IF EXISTS projects_map_key;
"""

# The finest stored zoom from the projects, each coarser one from the one below: one pass over
# the projects however many zooms there are.
REBUILD = [
    "DELETE FROM projects_mapcell",
    f"""
    INSERT INTO projects_mapcell ({_COLUMNS})
    SELECT {AGGREGATE_MAX_ZOOM}, d.kind, d.value,
           p.map_y >> {BASE_ZOOM - AGGREGATE_MAX_ZOOM}, p.map_x >> {BASE_ZOOM - AGGREGATE_MAX_ZOOM},
           count(*), sum(p.lat), sum(p.lng), min(p.lat), min(p.lng), max(p.lat), max(p.lng),
           min(p.id), max(p.updated_at)
    FROM projects_project p CROSS JOIN LATERAL ({_DIMENSIONS}) AS d (kind, value)
    WHERE p.state = 'published' AND p.map_x IS NOT NULL AND p.map_y IS NOT NULL
    GROUP BY 2, 3, 4, 5
    """,  # noqa: S608
    *(
        f"""
        INSERT INTO projects_mapcell ({_COLUMNS})
        SELECT {zoom}, kind, value, cell_y >> 1, cell_x >> 1, sum(count), sum(sum_lat),
               sum(sum_lng), min(min_lat), min(min_lng), max(max_lat), max(max_lng),
               min(first_id), max(last_updated)
        FROM projects_mapcell WHERE zoom = {zoom + 1}
        GROUP BY kind, value, cell_y >> 1, cell_x >> 1
        """  # noqa: S608
        for zoom in range(AGGREGATE_MAX_ZOOM - 1, -1, -1)
    ),
]


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
    """Recompute every cell from the projects (after a bulk load with the triggers off)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in REBUILD:
            cursor.execute(statement)
