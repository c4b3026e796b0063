"""Writes of the catalogue: harvesting a source, mapping organisations, setting areas.

A harvest reads everything it needs from the portal first, then writes it in one transaction:
a source that fails half-way leaves its datasets exactly as they were. Every run is recorded."""

import logging
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from places.models import Municipality
from smartcity import search
from smartcity.markdown import render_markdown, sanitise_html
from smartcity.slugs import danish_slugify

from .ckan import HarvestFailed, Portal
from .classify import Classifier, MunicipalityMatcher
from .models import (
    Coverage,
    DataArea,
    Dataset,
    Distribution,
    HarvestRun,
    HarvestSource,
    Organisation,
)

logger = logging.getLogger(__name__)

BATCH = 1000
# Fields a harvest writes on a dataset (bulk_update).
HARVESTED_FIELDS = [
    "ckan_name", "title", "description_html", "organisation", "publisher_name", "municipality",
    "contact_name", "contact_email", "keywords", "groups", "licence_id", "licence_title",
    "licence_url", "issued", "modified", "landing_page", "frequency", "spatial", "formats",
    "withdrawn_at", "harvested_at", "updated_at",
]  # fmt: skip


def harvest_all() -> list[HarvestRun]:
    """Harvest every enabled source; one failing leaves the others to run."""
    return [harvest_source(source=source) for source in HarvestSource.objects.filter(enabled=True)]


def harvest_source(*, source: HarvestSource, full: bool = False) -> HarvestRun:
    """Harvest one source: everything the first time (or with `full`), then only what changed
    since the last successful run. Returns the run's record."""
    started = timezone.now()
    since = None if full else source.harvested_until
    run = HarvestRun.objects.create(source=source, started_at=started, incremental=bool(since))
    portal = Portal(source.url)
    try:
        packages = list(portal.packages(since=since))
        names = portal.package_names() if since else None
        counts = _apply(source=source, packages=packages, current_names=names, now=started)
    except HarvestFailed as exc:
        run.errors = str(exc)
    except Exception as exc:  # a bug must not stop the other sources; the record says what
        logger.exception("harvest of %s failed", source.url)
        run.errors = f"{type(exc).__name__}: {exc}"[:1000]
    else:
        run.seen, run.added, run.updated, run.withdrawn = counts
        source.harvested_until = started
        source.save(update_fields=["harvested_until"])
    finally:
        portal.close()
    run.finished_at = timezone.now()
    run.save(update_fields=["seen", "added", "updated", "withdrawn", "errors", "finished_at"])
    return run


def harvest_url(*, url: str, full: bool = False) -> HarvestRun:
    """Harvest one portal by address (`manage.py harvest_datasets --source URL`); a new address
    becomes a source that is not harvested nightly until a moderator enables it."""
    url = url.rstrip("/")
    source = HarvestSource.objects.filter(url__in=[url, url + "/"]).first()
    if source is None:
        source = HarvestSource.objects.create(url=url, name=url.split("//")[-1], enabled=False)
    return harvest_source(source=source, full=full)


def packages_store(*, source: HarvestSource, packages: list[dict], now) -> tuple[int, ...]:
    """Store a complete set of CKAN packages as the source's datasets (the demo catalogue and
    the benchmark use this; a harvest reads the packages from the portal first)."""
    return _apply(source=source, packages=packages, current_names=None, now=now)


@transaction.atomic
def _apply(*, source, packages, current_names, now) -> tuple[int, int, int, int]:
    classifier = Classifier(DataArea.objects.all())
    organisations = _organisations(source=source, packages=packages)
    existing = {
        row["ckan_id"]: row
        for row in Dataset.objects.filter(source=source).values(
            "pk", "ckan_id", "ckan_name", "modified", "withdrawn_at", "areas_set_by_moderator"
        )
    }
    taken_slugs = set(Dataset.objects.values_list("slug", flat=True))
    new, changed, seen_ids = [], [], set()
    distributions: dict[str, list[Distribution]] = {}
    area_ids: dict[str, list[int]] = {}
    for package in packages:
        ckan_id = str(package["id"])
        if ckan_id in seen_ids:
            continue
        seen_ids.add(ckan_id)
        fields = _fields(source, package, organisations)
        old = existing.get(ckan_id)
        if old and old["modified"] == fields["modified"] and old["withdrawn_at"] is None:
            continue  # unchanged
        dataset = Dataset(
            source=source, ckan_id=ckan_id, harvested_at=now, updated_at=now, **fields
        )
        distributions[ckan_id] = _distributions(package)
        dataset.formats = sorted({d.format for d in distributions[ckan_id] if d.format})
        if old is None or not old["areas_set_by_moderator"]:
            found = classifier.areas(
                title=dataset.title, keywords=dataset.keywords, groups=dataset.groups
            )
            area_ids[ckan_id] = [area.pk for area in found]
        if old is None:
            dataset.slug = _unique_slug(dataset.title, taken_slugs)
            new.append(dataset)
        else:
            dataset.pk = old["pk"]
            dataset.withdrawn_at = None
            changed.append(dataset)

    Dataset.objects.bulk_create(new, batch_size=BATCH)
    Dataset.objects.bulk_update(changed, HARVESTED_FIELDS, batch_size=BATCH)
    if not all(d.pk for d in new):  # SQLite before 3.35 gives no ids back
        ids = dict(
            Dataset.objects.filter(source=source, ckan_id__in=[d.ckan_id for d in new]).values_list(
                "ckan_id", "pk"
            )
        )
        for dataset in new:
            dataset.pk = ids[dataset.ckan_id]
    touched = {d.ckan_id: d.pk for d in [*new, *changed]}
    Distribution.objects.filter(dataset_id__in=[d.pk for d in changed]).delete()
    rows = []
    for ckan_id, pk in touched.items():
        for item in distributions[ckan_id]:
            item.dataset_id = pk
            rows.append(item)
    Distribution.objects.bulk_create(rows, batch_size=BATCH)
    Through = Dataset.areas.through
    Through.objects.filter(dataset_id__in=[touched[c] for c in area_ids if c in touched]).delete()
    Through.objects.bulk_create(
        [Through(dataset_id=touched[c], dataarea_id=a) for c, ids in area_ids.items() for a in ids],
        batch_size=BATCH,
    )
    dataset_search_vector_update(dataset_ids=list(touched.values()))

    # Gone from the source: withdrawn (kept, hidden), never deleted.
    if current_names is None:
        gone = [row["pk"] for c, row in existing.items() if c not in seen_ids]
    else:
        gone = [
            row["pk"]
            for c, row in existing.items()
            if c not in seen_ids and row["ckan_name"] not in current_names
        ]
    withdrawn = Dataset.objects.filter(pk__in=gone, withdrawn_at__isnull=True).update(
        withdrawn_at=now, updated_at=now
    )
    if new or changed or withdrawn:
        coverage_refresh()
    return len(seen_ids), len(new), len(changed), withdrawn


@transaction.atomic
def coverage_refresh() -> None:
    """Count the published datasets per municipality and data area again (one aggregate, a
    few thousand rows at most), for the matrix and the municipality pages."""
    rows = (
        Dataset.areas.through.objects.filter(
            dataset__withdrawn_at__isnull=True, dataset__municipality__isnull=False
        )
        .values("dataset__municipality_id", "dataarea_id")
        .annotate(n=Count("pk"), newest=Max("dataset__modified"))
        .order_by()
    )
    Coverage.objects.all().delete()
    Coverage.objects.bulk_create(
        Coverage(
            municipality_id=row["dataset__municipality_id"],
            area_id=row["dataarea_id"],
            datasets=row["n"],
            newest=row["newest"],
        )
        for row in rows
    )


def _organisations(*, source, packages) -> dict[str, Organisation]:
    known = {org.name: org for org in Organisation.objects.filter(source=source)}
    matcher = None
    for package in packages:
        info = package.get("organization") or {}
        name = str(info.get("name") or "").strip()
        if not name or name in known:
            continue
        matcher = matcher or MunicipalityMatcher()
        title = str(info.get("title") or name)[:300]
        known[name] = Organisation.objects.create(
            source=source, name=name[:200], title=title, municipality=matcher.match(title, name)
        )
    return known


def _text(value, limit: int) -> str:
    return str(value or "").strip()[:limit]


def _date(value) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    parsed = parse_datetime(value)
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)  # CKAN stores UTC without a zone
    return parsed


def _extras(package) -> dict[str, str]:
    extras = package.get("extras") or []
    if not isinstance(extras, list):
        return {}
    return {str(e.get("key")): str(e.get("value") or "") for e in extras if isinstance(e, dict)}


def _url(value) -> str:
    value = _text(value, 1000)
    return value if value.startswith(("http://", "https://")) else ""


def _description(notes: str) -> str:
    # Portals hold Markdown (CKAN's own editor) or HTML: sanitise either, never trust it.
    if "<" in notes and ">" in notes:
        return sanitise_html(notes)
    return render_markdown(notes)


def _fields(source, package, organisations) -> dict:
    extras = _extras(package)
    org_name = str((package.get("organization") or {}).get("name") or "")
    organisation = organisations.get(org_name)
    tags = package.get("tags") or []
    groups = package.get("groups") or []
    return {
        "ckan_name": _text(package.get("name") or package["id"], 200),
        "title": _text(package.get("title") or package.get("name") or package["id"], 300),
        "description_html": _description(str(package.get("notes") or "")),
        "organisation": organisation,
        "publisher_name": organisation.title if organisation else _text(package.get("author"), 300),
        "municipality": organisation.municipality if organisation else None,
        "contact_name": _text(package.get("maintainer") or package.get("author"), 200),
        "contact_email": _email(package.get("maintainer_email") or package.get("author_email")),
        "keywords": [_text(t.get("name"), 100) for t in tags if isinstance(t, dict)][:50],
        "groups": [
            _text(g.get("title") or g.get("name"), 100) for g in groups if isinstance(g, dict)
        ][:20],
        "licence_id": _text(package.get("license_id"), 100),
        "licence_title": _text(package.get("license_title"), 200),
        "licence_url": _url(package.get("license_url"))[:500],
        "issued": _date(package.get("metadata_created")),
        "modified": _date(package.get("metadata_modified")),
        "landing_page": _url(package.get("url"))[:500]
        or f"{source.url.rstrip('/')}/dataset/{package.get('name') or package['id']}"[:500],
        "frequency": _text(extras.get("frequency") or extras.get("update_frequency"), 100),
        "spatial": _text(extras.get("spatial_text") or extras.get("spatial_coverage"), 300),
    }


def _email(value) -> str:
    value = _text(value, 254)
    return value if "@" in value and " " not in value else ""


def _distributions(package) -> list[Distribution]:
    rows = []
    for position, resource in enumerate(package.get("resources") or []):
        if not isinstance(resource, dict) or not (url := _url(resource.get("url"))):
            continue
        rows.append(
            Distribution(
                ckan_id=_text(resource.get("id"), 100),
                title=_text(resource.get("name"), 300),
                format=_text(resource.get("format"), 50).upper(),
                media_type=_text(resource.get("mimetype"), 100),
                access_url=url,
                download_url=url if resource.get("url_type") == "upload" else "",
                position=position,
            )
        )
    return rows


def _unique_slug(title: str, taken: set[str]) -> str:
    base = danish_slugify(title, max_length=180, fallback="datasaet")
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


# Title A, keywords and publisher B, description C (built by smartcity.search).
DATASET_VECTOR_PARTS = [
    ("{row}.title", "A"),
    ("{row}.keywords::text || ' ' || {row}.publisher_name", "B"),
    ("regexp_replace({row}.description_html, '<[^>]*>', ' ', 'g')", "C"),
]


def dataset_search_vector_update(*, dataset_ids: list[int] | None = None) -> None:
    """Rebuild the stored search vectors (PostgreSQL only; see smartcity.search)."""
    search.vector_update(table="catalogue_dataset", parts=DATASET_VECTOR_PARTS, ids=dataset_ids)


@transaction.atomic
def organisation_map(*, organisation: Organisation, municipality: Municipality | None) -> int:
    """A moderator says which municipality an organisation is (or none): its datasets follow,
    and later harvests keep the mapping. Returns the number of datasets changed."""
    organisation.municipality = municipality
    organisation.mapped_by_moderator = True
    organisation.save(update_fields=["municipality", "mapped_by_moderator"])
    changed = organisation.datasets.update(municipality=municipality, updated_at=timezone.now())
    coverage_refresh()
    return changed


@transaction.atomic
def dataset_areas_set(*, dataset: Dataset, areas) -> None:
    """A moderator overrides the classification of one dataset; harvests keep it."""
    dataset.areas.set(areas)
    dataset.areas_set_by_moderator = True
    dataset.save(update_fields=["areas_set_by_moderator", "updated_at"])
    coverage_refresh()
