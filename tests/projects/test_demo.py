import pytest
from django.core.management import call_command
from django.db.models import Count, F

from projects.demo import DEMO_PROJECTS
from projects.models import Adoption, Project, Theme
from projects.themes import THEMES

pytestmark = pytest.mark.django_db


def _luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_the_themes_are_seeded_by_the_migration():
    slugs = set(Theme.objects.values_list("slug", flat=True))

    assert {"parkering", "trafik-rundkoersler-kryds", "gadebelysning", "aabne-data"} <= slugs
    assert len(slugs) >= 13
    assert Theme.objects.get(slug="parkering").name_en == "Parking"


@pytest.mark.parametrize("slug, colour", [(t[0], t[3]) for t in THEMES])
def test_white_text_on_each_theme_colour_passes_aa(slug, colour):
    contrast = 1.05 / (_luminance(colour) + 0.05)

    assert contrast >= 4.5, f"{slug} {colour}: {contrast:.2f}"


def test_seed_demo_adds_projects_in_several_states_and_can_run_twice(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")

    assert Project.objects.count() == len(DEMO_PROJECTS) >= 55
    states = dict(Project.objects.values_list("state").annotate(n=Count("pk")))
    assert states["published"] >= 50
    assert {"needs_review", "submitted", "rejected"} <= set(states)
    assert all(p.author_id for p in Project.objects.all())


def test_seed_demo_keeps_adoption_counts_exact():
    call_command("seed_demo")

    for project in Project.objects.annotate(n=Count("adoptions")):
        assert project.adoption_count == project.n
    assert Project.objects.filter(adoption_count__gte=3).exists()


def test_seed_demo_removes_adoptions_by_a_projects_own_municipality():
    call_command("seed_demo")
    project = Project.objects.get(slug="demo-01")  # in Aarhus, adopted by four others
    Adoption.objects.create(project=project, municipality=project.municipality)
    Project.objects.filter(pk=project.pk).update(adoption_count=5)

    call_command("seed_demo")

    assert not Adoption.objects.filter(municipality=F("project__municipality")).exists()
    assert Project.objects.get(pk=project.pk).adoption_count == 4


def test_seed_demo_generates_synthetic_projects_inside_denmark():
    call_command("seed_demo", projects=300)
    call_command("seed_demo", projects=300)

    synthetic = Project.objects.filter(slug__startswith="synthetic-")
    assert synthetic.count() == 300
    assert not synthetic.exclude(lat__range=(54.5, 57.8), lng__range=(8.0, 15.2)).exists()
    assert not synthetic.exclude(state="published").exists()
