import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guides import services
from guides.models import GuideVersion
from projects.models import Theme
from tests.catalogue.conftest import add_dataset
from tests.factories import EventFactory, PublishedProjectFactory
from tests.guides.conftest import guide_data

pytestmark = pytest.mark.django_db


def _grow(guide, staff_user, moderator, *, versions: int, links: int) -> None:
    """Give the guide more published versions (in both languages) and more linked items."""
    gadelys = Theme.objects.get(slug="gadebelysning")
    projects = [PublishedProjectFactory(theme=gadelys) for _ in range(links)]
    events = [EventFactory(kind="workshop") for _ in range(links)]
    datasets = [add_dataset(title=f"Gadelys {n}", areas=("gadebelysning",)) for n in range(links)]
    addresses = [f"/projects/{p.slug}/" for p in projects] + [f"/events/{e.slug}/" for e in events]
    addresses += [f"/datasets/{d.slug}/" for d in datasets]
    for number in range(versions):
        version = services.guide_submit(
            author=staff_user,
            data=guide_data(
                language="en" if number % 2 else "da",
                summary=f"Version {number}: sådan skifter kommunen til LED, trin for trin.",
                links="\n".join(addresses),
            ),
            guide=guide,
        )
        services.version_publish(version=version, by=moderator)
    for project in projects:
        project.adoption_count = 3
        project.save(update_fields=["adoption_count"])
    for event in events:
        event.themes.add(gadelys)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_of",
    [
        lambda guide: reverse("guides:detail", args=[guide.slug]),
        lambda guide: reverse("guides:list"),
        lambda guide: reverse("guides:history", args=[guide.slug]) + "?a=1&b=2",
        lambda guide: reverse("start"),
    ],
    ids=["guide", "list", "history", "start"],
)
def test_pages_cost_at_most_eight_queries_whatever_the_number_of_versions_and_links(
    client, published_guide, staff_user, moderator, url_of, django_assert_max_num_queries
):
    _grow(published_guide, staff_user, moderator, versions=1, links=1)
    url = url_of(published_guide)
    small = _count(client, url)
    _grow(published_guide, staff_user, moderator, versions=8, links=6)
    large = _count(client, url)
    assert large == small
    with django_assert_max_num_queries(8):
        client.get(url)


def test_the_guide_page_shows_the_text_toc_cards_and_owner(client, published_guide, staff_user):
    _grow(published_guide, staff_user, published_guide.current_da.decided_by, versions=0, links=0)
    project = PublishedProjectFactory(title="LED-lys i Aarhus")
    published_guide.projects.add(project)
    response = client.get(published_guide.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="da")
    html = response.content.decode()
    assert '<h1 id="guide-title">Kom i gang med gadelys</h1>' in html
    assert '<a href="#hvorfor">Hvorfor</a>' in html and '<h2 id="hvorfor">' in html
    assert "<li>Vælg et pilotområde</li>" in html
    assert "LED-lys i Aarhus" in html and "Trafikafdelingen" in html
    assert "guides_print.css" in html  # the handout stylesheet


def test_the_english_page_falls_back_to_danish_and_says_so(client, published_guide):
    client.post(reverse("set_language"), {"language": "en"})
    html = client.get(published_guide.get_absolute_url()).content.decode()
    assert "not available in English yet" in html
    assert 'lang="da"' in html


def test_the_history_shows_a_word_level_difference(client, published_guide, staff_user, moderator):
    edit = services.guide_submit(
        author=staff_user,
        data=guide_data(summary="Sådan skifter kommunen til LED og dæmper lyset, trin for trin."),
        guide=published_guide,
    )
    services.version_publish(version=edit, by=moderator)
    html = client.get(reverse("guides:history", args=[published_guide.slug])).content.decode()
    # word by word; punctuation is a word of its own, so "centralt," loses only "centralt"
    hidden = '<span class="visually-hidden">'
    added, removed = f"<ins>{hidden}[tilføjet: </span>", f"<del>{hidden}[fjernet: </span>"
    end = f"{hidden}]</span>"
    assert (
        f"og {removed}styrer{end}</del>{added}dæmper{end}</ins> lyset{removed} centralt{end}"
        "</del>, trin"
    ) in html


def test_a_bad_version_number_in_the_history_gives_a_message(client, published_guide):
    response = client.get(reverse("guides:history", args=[published_guide.slug]) + "?a=x&b=99")
    assert response.status_code == 200
    assert "Vælg to offentliggjorte versioner at sammenligne." in response.content.decode()


def test_a_draft_is_seen_by_its_author_and_moderators_only(client, staff_user, moderator, bob):
    version = services.guide_submit(author=staff_user, data=guide_data())
    url = reverse("guides:review_version", args=[version.pk])
    assert client.get(version.guide.get_absolute_url()).status_code == 404
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(staff_user)
    assert client.get(url).status_code == 200
    client.force_login(moderator)
    assert "Offentliggør denne version" in client.get(url).content.decode()


def test_only_moderators_decide_and_see_the_review_list(client, staff_user):
    version = services.guide_submit(author=staff_user, data=guide_data())
    client.force_login(staff_user)
    response = client.post(reverse("guides:decide", args=[version.pk]), {"decision": "publish"})
    assert response.status_code == 403
    assert client.get(reverse("guides:review")).status_code == 403
    version.refresh_from_db()
    assert version.state == GuideVersion.State.NEEDS_REVIEW


def test_a_citizen_cannot_open_the_guide_form(client, alice):
    client.force_login(alice)
    assert client.get(reverse("guides:create")).status_code == 403


def test_the_form_shows_a_clear_error_and_saves_nothing(client, staff_user):
    client.force_login(staff_user)
    data = guide_data(steps="", title="")
    response = client.post(reverse("guides:create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Angiv mindst ét trin, ét pr. linje." in html
    assert not GuideVersion.objects.exists()


def test_the_form_submits_a_draft(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("guides:create"), guide_data())
    version = GuideVersion.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("guides:review_version", args=[version.pk])
    assert version.meta["themes"] == ["gadebelysning"]


def test_the_start_page_shows_the_four_common_themes(client, published_guide):
    gadelys = Theme.objects.get(slug="gadebelysning")
    top = PublishedProjectFactory(title="Mest brugte gadelys", theme=gadelys, adoption_count=9)
    for n in range(4):
        PublishedProjectFactory(title=f"Gadelys {n}", theme=gadelys, adoption_count=n)
    workshop = EventFactory(title="Workshop om gadelys", kind="workshop")
    workshop.themes.add(gadelys)
    html = client.get(reverse("start")).content.decode()
    for name in ("Parkering", "Smart mobilitet", "Trafik i rundkørsler og kryds", "Gadebelysning"):
        assert name in html
    assert "Kom i gang med gadelys" in html and top.title in html
    assert "Gadelys 3" in html and "Gadelys 2" in html and "Gadelys 1" not in html
    assert "Workshop om gadelys" in html and "Energiforbrug i kommunale bygninger" in html


def test_the_home_page_links_the_start_page(client):
    assert reverse("start") in client.get("/").content.decode()


def test_the_feed_has_new_guides_and_success_stories(client, published_guide):
    from django.utils import timezone

    story = PublishedProjectFactory(title="Mindre salt på cykelstierne")
    story.featured_at = timezone.now()
    story.save(update_fields=["featured_at"])
    response = client.get(reverse("guides:feed"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Guide: Kom i gang med gadelys" in body
    assert "Succeshistorie: Mindre salt på cykelstierne" in body


def test_a_stale_guide_says_so_and_a_moderator_marks_it_reviewed(
    client, published_guide, moderator
):
    from datetime import timedelta

    from django.utils import timezone

    from guides.models import Guide

    Guide.objects.filter(pk=published_guide.pk).update(
        last_reviewed_on=timezone.localdate() - timedelta(days=400)
    )
    assert (
        "Ikke gennemgået i over et år."
        in client.get(published_guide.get_absolute_url()).content.decode()
    )
    client.force_login(moderator)
    assert published_guide.slug in client.get(reverse("guides:review")).content.decode()
    client.post(reverse("guides:reviewed", args=[published_guide.slug]))
    published_guide.refresh_from_db()
    assert published_guide.last_reviewed_on == timezone.localdate()
    assert (
        "Ikke gennemgået i over et år."
        not in client.get(published_guide.get_absolute_url()).content.decode()
    )


def test_the_start_page_offers_an_alert_and_a_feed_for_each_theme(client):
    response = client.get(reverse("start"))
    html = response.content.decode()

    themes = [entry.theme for entry in response.context["entries"]]
    assert len(themes) == 4
    for theme in themes:
        assert f'/notifications/settings/?theme={theme.slug}#new-alert"' in html
        assert f'/projects/feed/?theme={theme.slug}"' in html
    assert "Giv mig besked om nye projekter om gadebelysning" in html
