from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalogue import services
from catalogue.models import Coverage, Dataset, HarvestRun, Organisation
from tests.ckan_server import make_package

pytestmark = pytest.mark.django_db


def test_it_pages_through_every_package(ckan, source):
    ckan.packages = [make_package(n) for n in range(25)]

    run = services.harvest_source(source=source)

    assert run.errors == ""
    assert (run.seen, run.added, run.updated, run.withdrawn) == (25, 25, 0, 0)
    assert Dataset.published.count() == 25
    starts = [int(call["start"]) for call in ckan.calls("package_search")]
    assert starts == [0, 10, 20]
    dataset = Dataset.objects.get(ckan_name="datasaet-3")
    assert dataset.municipality.code == "751"
    assert [d.format for d in dataset.distributions.all()] == ["CSV"]
    assert [a.slug for a in dataset.areas.all()] == ["parkering"]


def test_the_second_run_asks_only_for_what_changed(ckan, source):
    ckan.packages = [make_package(n) for n in range(12)]
    first = services.harvest_source(source=source)
    ckan.requests.clear()
    ckan.packages[4] = make_package(
        4, title="Parkeringspladser i midtbyen", modified="2026-11-30T08:00:00.000000"
    )
    source.refresh_from_db()
    # What changed upstream after our last run started.
    source.harvested_until = first.started_at.replace(year=2026, month=11, day=1)
    source.save(update_fields=["harvested_until"])

    run = services.harvest_source(source=source)

    assert run.incremental and run.errors == ""
    calls = ckan.calls("package_search")
    assert calls and all(c["fq"].startswith("metadata_modified:[2026-11-01T") for c in calls)
    assert len(ckan.calls("package_list")) == 1  # to find what was withdrawn
    assert (run.seen, run.added, run.updated, run.withdrawn) == (1, 0, 1, 0)
    assert Dataset.objects.get(ckan_name="datasaet-4").title == "Parkeringspladser i midtbyen"


def test_an_unchanged_source_changes_nothing_on_the_next_run(ckan, source):
    ckan.packages = [make_package(n) for n in range(5)]
    services.harvest_source(source=source)
    before = dict(Dataset.objects.values_list("pk", "updated_at"))

    run = services.harvest_source(source=source)

    assert run.incremental and (run.added, run.updated, run.withdrawn) == (0, 0, 0)
    assert dict(Dataset.objects.values_list("pk", "updated_at")) == before


def test_a_dataset_gone_upstream_is_withdrawn_not_deleted(ckan, source, client):
    ckan.packages = [make_package(n) for n in range(5)]
    services.harvest_source(source=source)
    del ckan.packages[2]

    run = services.harvest_source(source=source)

    assert run.withdrawn == 1
    gone = Dataset.objects.get(ckan_name="datasaet-2")
    assert gone.withdrawn_at is not None
    assert Dataset.published.count() == 4
    page = client.get(gone.get_absolute_url())
    assert (
        "withdrawn" in page.content.decode().lower() or "trukket tilbage" in page.content.decode()
    )
    assert gone.title not in client.get("/datasets/").content.decode()


def test_a_source_that_is_down_is_recorded_and_leaves_the_datasets(ckan, source, settings):
    ckan.packages = [make_package(n) for n in range(3)]
    services.harvest_source(source=source)
    ckan.stop()

    run = services.harvest_source(source=source)

    assert "cannot be reached" in run.errors
    assert run.finished_at is not None and not run.succeeded
    assert Dataset.published.count() == 3


def test_a_500_then_success_is_retried(ckan, source):
    ckan.packages = [make_package(n) for n in range(3)]
    ckan.faults.fail_next = 2

    run = services.harvest_source(source=source)

    assert run.errors == "" and run.added == 3
    assert len(ckan.calls("package_search")) == 3


def test_500s_beyond_the_attempts_fail_the_run_and_write_nothing(ckan, source):
    ckan.packages = [make_package(n) for n in range(25)]
    ckan.faults.fail_next = 3

    run = services.harvest_source(source=source)

    assert "HTTP 500" in run.errors and "3 attempts" in run.errors
    assert Dataset.objects.count() == 0
    source.refresh_from_db()
    assert source.harvested_until is None  # the next run reads everything again


def test_a_failure_on_a_later_page_writes_nothing(ckan, source, settings):
    settings.CATALOGUE_HARVEST_ATTEMPTS = 1
    ckan.packages = [make_package(n) for n in range(25)]

    original = ckan.answer

    def answer(action, query):
        if query.get("start") == "10":
            ckan.faults.malformed_next = 1
        return original(action, query)

    ckan.answer = answer
    run = services.harvest_source(source=source)

    assert "malformed" in run.errors
    assert Dataset.objects.count() == 0


def test_malformed_json_is_a_clear_error(ckan, source):
    ckan.packages = [make_package(n) for n in range(3)]
    services.harvest_source(source=source)
    ckan.faults.malformed_next = 3

    run = services.harvest_source(source=source)

    assert run.errors.startswith("package_search: malformed answer")
    assert Dataset.published.count() == 3


def test_a_slow_source_times_out(ckan, source, settings):
    settings.CATALOGUE_HARVEST_TIMEOUT = 0.2
    settings.CATALOGUE_HARVEST_ATTEMPTS = 2
    ckan.packages = [make_package(0)]
    ckan.faults.delay_seconds = 1.0

    run = services.harvest_source(source=source)

    assert "no answer within 0.2 seconds" in run.errors
    assert Dataset.objects.count() == 0


def test_one_source_failing_does_not_stop_the_others(ckan, source):
    from catalogue.models import HarvestSource

    HarvestSource.objects.exclude(pk=source.pk).update(enabled=False)
    broken = HarvestSource.objects.create(name="Down", url="http://127.0.0.1:9")
    ckan.packages = [make_package(0)]

    runs = services.harvest_all()

    by_source = {run.source_id: run for run in runs}
    assert "cannot be reached" in by_source[broken.pk].errors
    assert by_source[source.pk].added == 1


def test_html_and_script_in_descriptions_are_sanitised(ckan, source):
    notes = (
        '<p>Parkering <b>nu</b></p><script>alert("x")</script>'
        '<a href="javascript:alert(1)" onclick="x()">link</a><img src=x onerror=alert(1)>'
    )
    ckan.packages = [make_package(0, notes=notes), make_package(1, notes="**Fed** tekst")]

    services.harvest_source(source=source)

    html = Dataset.objects.get(ckan_name="datasaet-0").description_html
    assert "<script" not in html and "alert" not in html.replace("link", "")
    assert "onclick" not in html and "javascript:" not in html and "<img" not in html
    assert "<p>Parkering" in html
    assert "<strong>Fed</strong>" in Dataset.objects.get(ckan_name="datasaet-1").description_html


@pytest.mark.parametrize(
    ("name", "title", "code"),
    [
        ("aarhus-kommune", "Aarhus Kommune", "751"),
        ("kobenhavns-kommune", "Københavns Kommune", "101"),
        ("hoeje-taastrup-kommune", "Høje-Taastrup Kommune", "169"),
        ("hoje-taastrup", "Høje-Taastrup Kommune", "169"),
        ("aarhus", "Aarhus", "751"),
    ],
)
def test_organisations_are_matched_to_municipalities(ckan, source, name, title, code):
    ckan.packages = [make_package(0, org=(name, title))]

    services.harvest_source(source=source)

    assert Dataset.objects.get().municipality.code == code


def test_regions_and_other_organisations_stay_organisations(ckan, source):
    ckan.packages = [
        make_package(0, org=("region-hovedstaden", "Region Hovedstaden")),
        make_package(1, org=("hofor", "HOFOR A/S")),
    ]

    services.harvest_source(source=source)

    assert list(Dataset.objects.values_list("municipality", flat=True)) == [None, None]
    assert Dataset.objects.get(ckan_name="datasaet-0").publisher == "Region Hovedstaden"
    unmatched = Organisation.objects.filter(municipality__isnull=True)
    assert sorted(unmatched.values_list("name", flat=True)) == ["hofor", "region-hovedstaden"]


def test_a_moderators_mapping_moves_the_datasets_and_is_kept(ckan, source):
    from places.models import Municipality

    ckan.packages = [make_package(0, org=("odense-forsyning", "Vandcenter Syd"))]
    services.harvest_source(source=source)
    odense = Municipality.objects.get(code="461")

    services.organisation_map(organisation=Organisation.objects.get(), municipality=odense)
    ckan.packages[0] = make_package(
        0, org=("odense-forsyning", "Vandcenter Syd"), modified="2026-12-01T00:00:00"
    )
    services.harvest_source(source=source, full=True)

    assert Dataset.objects.get().municipality == odense
    cells = {(c.municipality.code, c.area.slug): c.datasets for c in Coverage.objects.all()}
    assert cells == {("461", "parkering"): 1}  # the matrix follows


def test_a_moderators_areas_are_kept_on_later_harvests(ckan, source):
    from catalogue.models import DataArea

    ckan.packages = [make_package(0)]
    services.harvest_source(source=source)
    dataset = Dataset.objects.get()
    services.dataset_areas_set(dataset=dataset, areas=[DataArea.objects.get(slug="affald")])
    ckan.packages[0] = make_package(0, modified="2026-12-01T00:00:00")

    services.harvest_source(source=source, full=True)

    assert [a.slug for a in dataset.areas.all()] == ["affald"]


def test_the_command_harvests_one_url(ckan):
    ckan.packages = [make_package(n) for n in range(3)]

    call_command("harvest_datasets", "--source", ckan.url)

    run = HarvestRun.objects.get()
    assert run.source.url == ckan.url and run.added == 3
    assert run.source.enabled is False  # a new address is not harvested nightly on its own


def test_a_run_is_recorded_with_its_times(ckan, source):
    ckan.packages = [make_package(0)]
    before = timezone.now()

    run = services.harvest_source(source=source)

    run.refresh_from_db()
    assert before <= run.started_at <= run.finished_at <= timezone.now() + timedelta(seconds=1)


def test_the_nightly_task_harvests_every_enabled_source(ckan, source):
    from catalogue.models import HarvestSource
    from catalogue.tasks import harvest_all_sources

    HarvestSource.objects.exclude(pk=source.pk).update(enabled=False)
    ckan.packages = [make_package(n) for n in range(2)]

    run_ids = harvest_all_sources.delay().get()

    assert [HarvestRun.objects.get(pk=pk).added for pk in run_ids] == [2]


def test_beat_runs_the_harvest_nightly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["catalogue-harvest"]
    assert entry["task"] == "catalogue.tasks.harvest_all_sources"
    assert entry["schedule"].hour == {3}
