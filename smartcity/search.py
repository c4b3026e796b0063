"""Full-text search, one way for the whole site: projects, forum posts, datasets, guides, events.

Design
------
A searchable model is described once, by a `Source`: which fields hold its text and how much
each weighs (title A, summary B, description or body C, names of related things D). From that
one description this module builds

* the **stored vector** on PostgreSQL: `setweight(to_tsvector('danish', …), 'A') || …`, kept
  in a `search_vector` column with a GIN index. `vector_update()` rewrites it with one UPDATE
  (the forum and the catalogue call it from their services after a write);
  `vector_trigger_sql()` gives the same expression as a trigger (projects use one, because
  a project's text is written by many paths — the submission and edit services, moderators'
  corrections in the admin, the pipeline assigning the municipality, fixtures, bulk loads —
  and a vector that any of them forgot would silently drop the project from search);
* the **query**: the reader's words, at most `MAX_WORDS` of them, each reduced to a `danish`
  lexeme by PostgreSQL, the last one as a prefix (`gadel` finds `gadelys` while it is being
  typed). Words are taken with `\\w+` and quoted, so no symbol ever reaches the tsquery
  parser: `((( )))`, `%$#@` or 2,000 characters of anything cannot raise an error;
* **ranking** with `ts_rank` (A 1.0, B 0.4, C 0.2, D 0.1: a title match outranks a body match);
* the **SQLite fallback** (the newcomer's embedded database): every word, cut to its Danish
  stem (`danish_stem`), as a case-insensitive substring of one of the fields, ranked by the
  same weights in SQL.

A model without a stored vector (guides, events: a few hundred rows) is searched with the
same query and ranking against a vector computed on the fly from the same `Source`.

Who may see what is not this module's business: callers pass a queryset that already holds
only what the reader may read (`published_projects()`, the forum's readable posts).
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When

CONFIG = "danish"
MAX_INPUT_LENGTH = 200  # characters of the reader's text that are read at all
MAX_WORDS = 8
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}  # PostgreSQL's ts_rank defaults

_WORD_RE = re.compile(r"\w+")
# The fallback keeps compound words whole ("p-huse"): a substring match on its parts alone
# would find "hus" in "Aarhus".
_FALLBACK_WORD_RE = re.compile(r"\w+(?:[-.]\w+)*")

# Danish inflectional endings (the Snowball Danish stemmer's first step), longest first. A word
# keeps at least three letters, so "lys" stays "lys" and "gadelysene" becomes "gadelys".
_DANISH_ENDINGS = sorted(
    (
        "erendes erende hedens ethed erede heden heder endes ernes erens erets ered ende erne "
        "eren erer heds enes eres eret hed ene ere ens ers ets en er es et e s"
    ).split(),
    key=len,
    reverse=True,
)


def danish_stem(word: str) -> str:
    """A Danish word without its inflectional ending (the SQLite fallback's stemmer)."""
    word = word.lower()
    for ending in _DANISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def query_words(text: str, *, pattern: re.Pattern = _WORD_RE) -> list[str]:
    """The reader's words, lower-cased, without repeats, at most MAX_WORDS; symbols dropped."""
    words: list[str] = []
    for word in pattern.findall((text or "")[:MAX_INPUT_LENGTH].lower()):
        word = word.strip("_")
        if word and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def word_forms(word: str) -> list[str]:
    """The forms a query word matches as, either of them: itself and its `danish_stem`.

    PostgreSQL's Danish stemmer takes one ending off at a time, so "gadelysene" becomes
    'gadelys' but "gadelys" becomes 'gadely'; offering the stem as well lets an inflected word
    find its base form."""
    return list(dict.fromkeys([word, danish_stem(word)]))


def tsquery_text(words: list[str], *, any_word: bool = False, prefix: bool = True) -> str:
    """A to_tsquery() text: every word quoted (so nothing in it is tsquery syntax), joined by
    & (or | with any_word), the last word a prefix while it is being typed; each word as any of
    its `word_forms`."""
    terms = []
    for position, word in enumerate(words):  # \w+ holds no quote or backslash
        suffix = ":*" if prefix and position == len(words) - 1 else ""
        alternatives = [f"'{form}'{suffix}" for form in word_forms(word)]
        terms.append(alternatives[0] if len(alternatives) == 1 else f"({' | '.join(alternatives)})")
    return (" | " if any_word else " & ").join(terms)


@dataclass(frozen=True)
class Source:
    """How a model's text is searched. `fields`: (ORM lookup, weight) for the fallback and for
    vectors computed on the fly; `vector`: the stored vector's field, if the model has one."""

    fields: tuple[tuple[str, str], ...]
    vector: str = ""


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _search_query(words: list[str], *, any_word: bool, prefix: bool):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(
        tsquery_text(words, any_word=any_word, prefix=prefix), config=CONFIG, search_type="raw"
    )


def _vector(source: Source):
    if source.vector:
        return F(source.vector)
    from django.contrib.postgres.search import SearchVector

    vector = None
    for lookup, weight in source.fields:
        part = SearchVector(lookup, config=CONFIG, weight=weight)  # null reads as ""
        vector = part if vector is None else vector + part
    return vector


def _fallback_q(words: list[str], source: Source, *, any_word: bool) -> Q:
    condition = Q()
    for word in words:
        stem = danish_stem(word)
        in_a_field = Q()
        for lookup, _weight in source.fields:
            in_a_field |= Q(**{f"{lookup}__icontains": stem})
        condition = (condition | in_a_field) if any_word else (condition & in_a_field)
    return condition


def _fallback_rank(words: list[str], source: Source):
    rank = Value(0.0, output_field=FloatField())
    for word in words:
        stem = danish_stem(word)
        for lookup, weight in source.fields:
            rank = rank + Case(
                When(**{f"{lookup}__icontains": stem}, then=Value(WEIGHTS[weight])),
                default=Value(0.0),
                output_field=FloatField(),
            )
    return rank


def search(
    queryset: QuerySet,
    text: str,
    source: Source,
    *,
    rank: bool = True,
    any_word: bool = False,
    prefix: bool = True,
) -> QuerySet:
    """The rows of `queryset` that match the reader's text: every word (or, with `any_word`,
    at least one), the last as a prefix. With `rank`, annotated with `rank` (higher is better)
    and ordered best first; callers add their own tie-break with `.order_by("-rank", …)`.
    Text without a single word matches nothing."""
    words = query_words(text)
    if not words:  # still annotated, so that callers can order by rank
        return queryset.annotate(rank=Value(0.0, output_field=FloatField())).none()
    if _postgres():
        from django.contrib.postgres.search import SearchRank

        query = _search_query(words, any_word=any_word, prefix=prefix)
        vector = _vector(source)
        if source.vector:
            matching = queryset.filter(**{source.vector: query})
        else:
            matching = queryset.annotate(_search_vector=vector).filter(_search_vector=query)
        if not rank:
            return matching
        return matching.annotate(rank=SearchRank(vector, query)).order_by("-rank")
    words = query_words(text, pattern=_FALLBACK_WORD_RE)
    matching = queryset.filter(_fallback_q(words, source, any_word=any_word))
    if not rank:
        return matching
    return matching.annotate(rank=_fallback_rank(words, source)).order_by("-rank")


def search_newest(queryset: QuerySet, text: str, source: Source, *, candidates: int) -> QuerySet:
    """Like `search`, but ranks only the newest `candidates` matches (by primary key), in the
    same query: a word found in tens of thousands of rows would otherwise make every search
    rank all of them. The newest matches are found by walking the rows newest first."""
    newest = search(queryset, text, source, rank=False).order_by("-pk").values("pk")[:candidates]
    return (
        queryset.model._default_manager.filter(pk__in=newest)
        .annotate(rank=rank_expression(text, source))
        .order_by("-rank")
    )


def matches(text: str, source: Source) -> Q | None:
    """The search as a filter condition, for querysets that combine it with others (the
    project filters). None when the text holds no word (the caller matches nothing)."""
    words = query_words(text)
    if not words:
        return None
    if _postgres():
        return Q(**{source.vector: _search_query(words, any_word=False, prefix=True)})
    return _fallback_q(query_words(text, pattern=_FALLBACK_WORD_RE), source, any_word=False)


def rank_expression(text: str, source: Source):
    """The rank of a row for the text (to annotate a queryset already filtered by `matches`)."""
    words = query_words(text)
    if _postgres():
        from django.contrib.postgres.search import SearchRank

        return SearchRank(_vector(source), _search_query(words, any_word=False, prefix=True))
    return _fallback_rank(query_words(text, pattern=_FALLBACK_WORD_RE), source)


# --- stored vectors (PostgreSQL) --------------------------------------------------------------


def vector_sql(parts: list[tuple[str, str]], *, row: str) -> str:
    """The weighted `danish` vector of SQL expressions; "{row}" in them names the row."""
    return " || ".join(
        f"setweight(to_tsvector('{CONFIG}', coalesce({expression.format(row=row)}, '')), "
        f"'{weight}')"
        for expression, weight in parts
    )


def vector_update(
    *,
    table: str,
    parts: list[tuple[str, str]],
    ids=None,
    join: str = "",
    join_condition: str = "",
) -> None:
    """Rewrite the stored vectors of `table` (all rows, or those whose id is in `ids`) with one
    UPDATE. A no-op on SQLite. `join`/`join_condition` bring in another table's columns (the
    forum post takes its thread's title); the updated row is called `item` in them."""
    if not _postgres():
        return
    # Table, parts and join are the callers' constants, never user input.
    sql = f"UPDATE {table} AS item SET search_vector = {vector_sql(parts, row='item')}"  # noqa: S608
    conditions, params = [], []
    if join:
        sql += f" FROM {join}"
        conditions.append(join_condition)
    if ids is not None:
        ids = list(ids)
        if not ids:
            return
        conditions.append("item.id = ANY(%s)")
        params.append(ids)
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def vector_trigger_sql(*, table: str, parts: list[tuple[str, str]], columns: list[str]) -> str:
    """SQL that keeps `table`.search_vector current with a BEFORE INSERT/UPDATE trigger, for
    a migration. The trigger fires when one of `columns` is written."""
    name = f"{table}_search_vector"
    return f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
        BEGIN
            NEW.search_vector := {vector_sql(parts, row="NEW")};
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql;
        DROP TRIGGER IF EXISTS {name} ON {table};
        CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF {", ".join(columns)} ON {table}
            FOR EACH ROW EXECUTE FUNCTION {name}();
    """


def drop_vector_trigger_sql(*, table: str) -> str:
    name = f"{table}_search_vector"
    return f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"
