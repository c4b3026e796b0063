import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from projects import services
from projects.models import Adoption, Project, ProjectImage, Theme
from tests.factories import AdoptionFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english(client):
    # Most assertions read the English texts; the Danish ones are asked for explicitly.
    client.cookies["django_language"] = "en"


def png(name="foto.png", size=(30, 20)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def form_data(**overrides) -> dict:
    data = {
        "title": "Klimasensorer i Aarhus",
        "summary": "Sensorer måler regnvand i kældre.",
        "description": "En **god** idé.",
        "theme": "klimatilpasning",
        "status": "pilot",
        "submitter_kind": "citizen",
        "organisation": "",
        "started_on": "",
        "ended_on": "",
        "website": "",
        "open_data_links": "Regndata | https://data.example.dk/regn",
        "address": "",
        "lat": "56.15",
        "lng": "10.2",
    }
    data.update(overrides)
    return data


# --- the list ---------------------------------------------------------------------------------


def test_project_list_shows_published_projects_only(client):
    ProjectFactory(title="Offentligt projekt")
    ProjectFactory(title="Hemmeligt projekt", state="needs_review")

    response = client.get("/projects/")

    assert response.status_code == 200
    assert "Offentligt projekt" in response.text
    assert "Hemmeligt projekt" not in response.text


def test_project_list_filters_by_theme_text_municipality_and_adoptions(client):
    parking = Theme.objects.get(slug="parkering")
    ProjectFactory(title="Sensor-parkering", theme=parking, adoption_count=3)
    ProjectFactory(title="Gadelys", theme=Theme.objects.get(slug="gadebelysning"))

    assert "Gadelys" not in client.get("/projects/?theme=parkering").text
    assert "Sensor-parkering" in client.get("/projects/?theme=parkering").text
    assert "Gadelys" in client.get("/projects/?q=gadelys").text
    assert "Sensor-parkering" not in client.get("/projects/?q=gadelys").text
    assert "Gadelys" not in client.get("/projects/?min_adoptions=2").text
    assert "Sensor-parkering" in client.get("/projects/?min_adoptions=2").text
    assert "Gadelys" not in client.get("/projects/?municipality=koebenhavn").text


def test_project_search_finds_projects_by_theme_and_municipality_name(client):
    ProjectFactory(
        title="Sensorer viser ledige P-pladser",
        summary="Skilte ved indfaldsvejene.",
        theme=Theme.objects.get(slug="parkering"),
    )  # in Aarhus
    ProjectFactory(
        title="Gadelys der dæmpes",
        summary="LED-lamper lyser op, når nogen kommer forbi.",
        theme=Theme.objects.get(slug="gadebelysning"),
        municipality_id=_municipality_pk("101"),
    )

    assert "ledige P-pladser" in client.get("/projects/?q=parkering").text
    assert "ledige P-pladser" in client.get("/projects/?q=Parking").text  # the English name
    assert "Gadelys" not in client.get("/projects/?q=parkering").text
    assert "ledige P-pladser" in client.get("/projects/?q=aarhus").text
    assert "Gadelys" in client.get("/projects/?q=københavn gadelys").text
    assert "Gadelys" not in client.get("/projects/?q=aarhus").text


def test_project_list_limits_to_the_bbox_of_the_map(client):
    ProjectFactory(title="I Aarhus", lat=56.15, lng=10.2)
    ProjectFactory(title="I København", lat=55.68, lng=12.57)

    text = client.get("/projects/?bbox=9.8,55.9,10.6,56.4").text

    assert "I Aarhus" in text and "I København" not in text


def test_project_list_ignores_a_malformed_bbox_and_unknown_filters(client):
    ProjectFactory(title="I Aarhus")

    response = client.get("/projects/?bbox=x,y&theme=nonsense&status=zzz")

    assert response.status_code == 200
    assert "I Aarhus" in response.text


def test_project_list_answers_htmx_with_the_list_fragment_only(client):
    ProjectFactory(title="I Aarhus")

    response = client.get("/projects/", headers={"HX-Request": "true"})

    assert "I Aarhus" in response.text
    assert "<html" not in response.text


def test_project_list_is_paginated_and_keeps_the_filters(client):
    theme = Theme.objects.get(slug="energi")
    for _ in range(25):
        ProjectFactory(theme=theme)

    response = client.get("/projects/?theme=energi")

    assert len(response.context["page_obj"].object_list) == 20
    assert "?theme=energi&amp;page=2" in response.text
    assert len(client.get("/projects/?theme=energi&page=2").context["page_obj"]) == 5


@pytest.mark.parametrize("count", [1, 30])
def test_project_list_query_count_does_not_grow_with_the_projects(client, alice, count):
    parking = Theme.objects.get(slug="parkering")
    for _ in range(count):
        project = ProjectFactory(theme=parking)
        AdoptionFactory(project=project)
    client.force_login(alice)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            "/projects/?theme=parkering&municipality=aarhus&status=pilot&q=projekt"
            "&min_adoptions=0&bbox=8,54.5,15.2,57.8&page=1"
        )

    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(count, 20)
    # user (the session comes from the cache), themes and municipalities (they fill and
    # validate the filter selects), count, page of projects (with theme and municipality)
    assert len(queries) <= 8, [q["sql"] for q in queries]
    assert len(queries) == 5

    with CaptureQueriesContext(connection) as queries:
        client.get("/projects/?theme=parkering", headers={"HX-Request": "true"})
    # the fragment validates the same way, and never touches the session or the user
    assert len(queries) == 4, [q["sql"][:90] for q in queries]


def test_home_page_shows_the_same_map_and_list(client):
    ProjectFactory(title="Forsideprojekt")

    response = client.get("/")

    assert "data-explorer" in response.text
    assert "Forsideprojekt" in response.text


def test_theme_styles_give_each_theme_its_colour(client):
    css = client.get("/projects/themes.css")

    assert css["Content-Type"].startswith("text/css")
    assert ".theme-parkering { --theme-color: #1f4e9c; }" in css.text


# --- a project page ---------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [0, 6])
def test_project_page_query_count_is_constant(client, staff_user, extra):
    project = ProjectFactory(lat=56.15, lng=10.2)
    for index in range(extra):
        ProjectImage.objects.create(
            project=project, uploaded_by=project.author, token=f"t{index}", image="x.png",
            format="PNG", width=10, height=10,
        )  # fmt: skip
        ProjectFactory(theme=project.theme)  # related
    for code in ["101", "461", "851"][: extra // 2]:
        AdoptionFactory(project=project, municipality_id=_municipality_pk(code))
    client.force_login(staff_user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(project.get_absolute_url())

    assert response.status_code == 200
    # user (the session comes from the cache), project (theme, municipality, author), images,
    # adoptions (municipality), measured results, related projects, whether the reader follows
    # it, the number of comments (their own budget is in tests/comments/test_comments.py)
    assert len(queries) <= 10, [q["sql"] for q in queries]
    assert len(queries) == 8


def _municipality_pk(code):
    from places.models import Municipality

    return Municipality.objects.get(code=code).pk


def test_project_page_shows_everything_but_the_authors_email(client):
    author = UserFactory(email="karen@example.com", display_name="Karen B.")
    project = ProjectFactory(
        author=author,
        organisation="Aarhus Kommune",
        website="https://example.dk/",
        open_data_links=[{"title": "Sensordata", "url": "https://data.example.dk/s.csv"}],
    )
    AdoptionFactory(project=project, note="Siden 2022")

    text = client.get(project.get_absolute_url()).text

    assert project.title in text and "Aarhus Kommune" in text
    assert "Karen B." in text and "karen@example.com" not in text
    assert "https://data.example.dk/s.csv" in text
    assert "København" in text and "Siden 2022" in text
    assert "<strong>godt</strong>" in text


def test_project_page_shows_related_projects_of_the_same_theme(client):
    project = ProjectFactory(lat=56.15, lng=10.2)
    ProjectFactory(title="Nabo-projekt", theme=project.theme, lat=56.2, lng=10.1)
    ProjectFactory(title="Andet tema", lat=56.2, lng=10.1)

    text = client.get(project.get_absolute_url()).text

    assert "Nabo-projekt" in text and "Andet tema" not in text


def test_unpublished_project_is_hidden_from_others_but_shown_to_its_author(client, alice, bob):
    project = ProjectFactory(author=alice, state="submitted")

    assert client.get(project.get_absolute_url()).status_code == 404
    client.force_login(bob)
    assert client.get(project.get_absolute_url()).status_code == 404
    client.force_login(alice)
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    assert "Received — being checked" in response.text


def test_danish_state_text_for_a_fresh_submission(client, alice):
    project = ProjectFactory(author=alice, state="submitted")
    client.force_login(alice)

    client.cookies["django_language"] = "da"
    text = client.get(project.get_absolute_url()).text

    assert "Modtaget — bliver kontrolleret" in text


# --- submitting -------------------------------------------------------------------------------


def test_submit_page_needs_sign_in(client):
    response = client.get("/projects/submit/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_submit_page_needs_a_verified_email(client):
    client.force_login(UserFactory(verified=False))

    response = client.post("/projects/submit/", form_data())

    assert not Project.objects.exists()
    assert response.status_code == 200  # allauth's "verify your e-mail" page


def test_a_citizen_submits_a_project_with_an_image(client, alice):
    client.force_login(alice)

    response = client.post("/projects/submit/", {**form_data(), "images": [png()]})

    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.state == "submitted" and project.author == alice
    assert project.open_data_links == [{"title": "Regndata", "url": "https://data.example.dk/regn"}]
    assert project.images.count() == 1
    assert "Received — being checked" in client.get(response["Location"]).text


def test_several_images_can_be_uploaded_at_once(client, alice):
    client.force_login(alice)

    page = client.get("/projects/submit/")
    response = client.post(
        "/projects/submit/", {**form_data(), "images": [png("a.png"), png("b.png")]}
    )

    assert 'type="file" name="images"' in page.text and " multiple" in page.text
    assert response.status_code == 302
    assert Project.objects.get().images.count() == 2


def test_a_point_outside_denmark_is_refused_and_nothing_is_saved(client, alice):
    client.force_login(alice)

    response = client.post("/projects/submit/", form_data(lat="59.9", lng="10.7"))

    assert response.status_code == 400
    assert "The point must lie on land in Denmark, or at most 500 m off its coast." in (
        response.text
    )
    assert not Project.objects.exists()


def test_a_point_in_the_kattegat_is_refused_in_danish_and_nothing_is_saved(client, alice):
    client.force_login(alice)
    client.cookies["django_language"] = "da"

    response = client.post("/projects/submit/", form_data(lat="56.0", lng="10.5"))

    assert response.status_code == 400
    assert "Punktet skal ligge på land i Danmark eller højst 500 m fra kysten." in response.text
    assert not Project.objects.exists()


def test_an_image_survives_a_redisplay_after_an_error(client, alice):
    client.force_login(alice)

    first = client.post("/projects/submit/", {**form_data(title=""), "images": [png()]})

    assert first.status_code == 400
    image = ProjectImage.objects.get()
    assert f'name="image_token" value="{image.token}"' in first.text
    assert 'value="Sensorer måler regnvand i kældre."' in first.text or (
        "Sensorer måler regnvand i kældre." in first.text
    )
    second = client.post("/projects/submit/", {**form_data(), "image_token": image.token})
    assert second.status_code == 302
    assert list(Project.objects.get().images.all()) == [image]


def test_a_file_that_is_not_an_image_is_refused_with_a_clear_error(client, alice):
    client.force_login(alice)
    fake = SimpleUploadedFile("virus.png", b"MZ\x90\x00 not an image", content_type="image/png")

    response = client.post("/projects/submit/", {**form_data(), "images": [fake]})

    assert response.status_code == 400
    assert "virus.png" in response.text
    assert not Project.objects.exists() and not ProjectImage.objects.exists()


def test_an_oversized_image_is_refused(client, alice, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 200
    client.force_login(alice)

    response = client.post("/projects/submit/", {**form_data(), "images": [png(size=(300, 300))]})

    assert response.status_code == 400
    assert "too large" in response.text
    assert not Project.objects.exists()


def test_errors_are_shown_in_danish(client, alice):
    client.force_login(alice)
    client.cookies["django_language"] = "da"

    response = client.post("/projects/submit/", form_data(lat="", lng="", address=""))

    assert response.status_code == 400
    assert "Vælg et punkt på kortet, eller skriv en adresse eller et sted." in response.text


def test_submissions_are_rate_limited_per_user(client, alice, settings):
    SUBMISSIONS_PER_HOUR = settings.PROJECTS_SUBMISSIONS_PER_HOUR

    client.force_login(alice)
    for _ in range(SUBMISSIONS_PER_HOUR):
        assert client.post("/projects/submit/", form_data()).status_code == 302

    response = client.post("/projects/submit/", form_data())

    assert response.status_code == 400
    assert "Try again later" in response.text
    assert Project.objects.count() == SUBMISSIONS_PER_HOUR


def test_someone_elses_image_token_is_ignored(client, alice, bob):
    image = services.project_image_upload(uploaded_by=bob, file=png())
    client.force_login(alice)

    client.post("/projects/submit/", {**form_data(), "image_token": image.token})

    assert not Project.objects.get().images.exists()


def test_image_of_an_unpublished_project_is_only_served_to_its_uploader(client, alice, bob):
    image = services.project_image_upload(uploaded_by=alice, file=png())
    url = reverse("projects:image", args=[image.token])

    assert client.get(url).status_code == 404
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment")


def test_image_of_a_published_project_is_served_to_everyone(client, alice):
    image = services.project_image_upload(uploaded_by=alice, file=png())
    image.project = ProjectFactory(author=alice)
    image.save(update_fields=["project"])

    response = client.get(reverse("projects:image", args=[image.token]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


# --- my submissions, edit, withdraw -----------------------------------------------------------


def test_my_submissions_shows_only_my_projects_with_state_and_reason(client, alice, bob):
    ProjectFactory(author=alice, title="Min afviste", state="rejected", rejection_reason="Reklame")
    ProjectFactory(author=bob, title="Bobs projekt")
    client.force_login(alice)

    text = client.get("/projects/mine/").text

    assert "Min afviste" in text and "Reklame" in text and "Rejected" in text
    assert "Bobs projekt" not in text


def test_edit_of_someone_elses_project_is_not_found(client, alice, bob):
    project = ProjectFactory(author=alice)
    client.force_login(bob)

    assert client.get(f"/projects/{project.slug}/edit/").status_code == 404
    assert client.post(f"/projects/{project.slug}/edit/", form_data()).status_code == 404
    assert client.post(f"/projects/{project.slug}/withdraw/").status_code == 404
    project.refresh_from_db()
    assert project.state == "published"


def test_edit_of_a_published_project_waits_for_screening(client, alice):
    project = ProjectFactory(author=alice, title="Gammel titel")
    client.force_login(alice)

    page = client.get(f"/projects/{project.slug}/edit/")
    assert 'value="Gammel titel"' in page.text
    response = client.post(f"/projects/{project.slug}/edit/", form_data(title="Ny titel"))

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Gammel titel"
    assert project.pending_changes["title"] == "Ny titel"
    assert "Gammel titel" in client.get(project.get_absolute_url()).text


def test_withdraw_my_project(client, alice):
    project = ProjectFactory(author=alice)
    client.force_login(alice)

    response = client.post(f"/projects/{project.slug}/withdraw/")

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.state == "withdrawn"
    client.logout()
    assert client.get(project.get_absolute_url()).status_code == 404


def test_withdraw_asks_for_confirmation_first(client, alice):
    project = ProjectFactory(author=alice)
    client.force_login(alice)

    response = client.get(f"/projects/{project.slug}/withdraw/")

    assert response.status_code == 200
    assert "Withdraw the project" in response.text
    project.refresh_from_db()
    assert project.state == "published"


# --- adoptions --------------------------------------------------------------------------------


def test_staff_see_the_adopt_form_and_citizens_do_not(client, alice, staff_user):
    project = ProjectFactory(municipality_id=_municipality_pk("101"))

    client.force_login(alice)
    assert "We use this solution too" not in client.get(project.get_absolute_url()).text
    client.force_login(staff_user)
    assert "We use this solution too" in client.get(project.get_absolute_url()).text


def test_staff_adopt_and_unadopt_a_project(client, staff_user):
    project = ProjectFactory(municipality_id=_municipality_pk("101"))
    client.force_login(staff_user)

    client.post(f"/projects/{project.slug}/adopt/", {"note": "Vi kører det i Aarhus"})

    assert Adoption.objects.get().note == "Vi kører det i Aarhus"
    assert Project.objects.get().adoption_count == 1
    assert "Remove our municipality" in client.get(project.get_absolute_url()).text

    client.post(f"/projects/{project.slug}/unadopt/")

    assert not Adoption.objects.exists()
    assert Project.objects.get().adoption_count == 0


def test_staff_are_told_their_own_municipalitys_project_is_not_theirs_to_adopt(client, staff_user):
    project = ProjectFactory()  # in Aarhus, the staff member's own municipality
    client.force_login(staff_user)

    page = client.get(project.get_absolute_url()).text
    response = client.post(f"/projects/{project.slug}/adopt/", {"note": ""}, follow=True)

    assert "We use this solution too" not in page
    assert "your own municipality's project" in page
    assert "only other municipalities can mark" in response.text
    assert not Adoption.objects.exists()
    assert Project.objects.get().adoption_count == 0


def test_citizens_cannot_adopt_through_the_url(client, alice):
    project = ProjectFactory()
    client.force_login(alice)

    response = client.post(f"/projects/{project.slug}/adopt/", {"note": ""})

    assert response.status_code == 403
    assert not Adoption.objects.exists()


# --- the municipality page --------------------------------------------------------------------


def test_municipality_page_lists_its_projects_and_adoptions(client):
    ProjectFactory(title="Aarhus-projektet")  # in Aarhus
    elsewhere = ProjectFactory(title="Københavner-projekt", municipality_id=_municipality_pk("101"))
    AdoptionFactory(project=elsewhere, municipality_id=_municipality_pk("751"), note="Også her")

    text = client.get("/municipalities/aarhus/").text

    assert "Aarhus-projektet" in text
    assert "Københavner-projekt" in text and "Også her" in text
