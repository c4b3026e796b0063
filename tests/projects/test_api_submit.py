import pytest

from projects.models import Project, ProjectImage
from tests.conftest import reload_reference_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/projects/"
VALID = {
    "title": "Intelligent gadebelysning i Aarhus",
    "summary": "Lamper der dæmper sig selv, når vejen er tom.",
    "description": "Vi **sparer** 40 % strøm.",
    "theme": "gadebelysning",
    "status": "pilot",
    "submitter_kind": "municipality",
    "lat": 56.15,
    "lng": 10.2,
    "open_data_links": [{"title": "Målinger", "url": "https://data.aarhus.dk/lys"}],
}


def submit(client, data):
    return client.post(LIST, data, content_type="application/json")


def test_a_signed_in_user_submits_through_the_service_and_is_told_it_is_being_checked(
    client, alice
):
    image = ProjectImage.objects.create(
        uploaded_by=alice, token="abc", image="projects/abc.png", format="PNG", width=1, height=1
    )
    client.force_login(alice)

    response = submit(client, {**VALID, "image_tokens": ["abc"]})

    assert response.status_code == 202
    project = Project.objects.get()
    assert response.json() == {
        "slug": project.slug,
        "state": project.state,
        "url": f"http://testserver/projects/{project.slug}/",
    }
    assert project.author == alice
    assert project.theme.slug == "gadebelysning"
    assert project.description_html == "<p>Vi <strong>sparer</strong> 40 % strøm.</p>\n"
    assert project.open_data_links == [{"title": "Målinger", "url": "https://data.aarhus.dk/lys"}]
    image.refresh_from_db()
    assert image.project == project


@pytest.mark.django_db(transaction=True)
def test_the_answer_tells_the_state_the_checks_have_reached(client):
    # Real commits (no test transaction around the request): without a broker the pipeline
    # runs at once, when the submission commits, before the answer is written.
    reload_reference_data()
    client.force_login(UserFactory(email="carla@example.com"))

    state = submit(client, {**VALID, "description": "Ring 12345678 eller skriv til a@b.dk"})

    # A new citizen's text with a phone number waits for a moderator.
    assert state.json()["state"] == Project.objects.get().state == "needs_review"


def test_the_submission_is_not_public_until_it_is_published(client, alice):
    client.force_login(alice)
    slug = submit(client, VALID).json()["slug"]

    assert client.get(f"{LIST}{slug}/").status_code == 404
    assert client.get(LIST).json()["count"] == 0


def test_invalid_data_is_refused_field_by_field_in_danish_and_nothing_is_saved(client, alice):
    client.force_login(alice)

    response = submit(client, {**VALID, "title": "", "theme": "findes-ikke", "lat": 40.0})

    assert response.status_code == 400
    errors = response.json()
    assert {"title", "theme", "lat"} <= set(errors)
    assert errors["title"] == ["Dette felt er påkrævet."]
    assert not Project.objects.exists()


def test_a_user_with_an_unverified_email_cannot_submit(client):
    client.force_login(UserFactory(verified=False))

    response = submit(client, VALID)

    assert response.status_code == 403
    assert not Project.objects.exists()


def test_someone_elses_image_is_not_attached(client, alice, bob):
    ProjectImage.objects.create(
        uploaded_by=bob, token="bobs", image="projects/bobs.png", format="PNG", width=1, height=1
    )
    client.force_login(alice)

    assert submit(client, {**VALID, "image_tokens": ["bobs"]}).status_code == 202

    assert ProjectImage.objects.get(token="bobs").project is None


def test_submissions_are_throttled_per_user(client, settings, alice):
    settings.PROJECTS_SUBMISSIONS_PER_HOUR = 2  # the one limit the form and the API share
    client.force_login(alice)

    answers = [submit(client, VALID).status_code for _ in range(3)]

    assert answers == [202, 202, 429]
    assert Project.objects.count() == 2


def test_the_form_and_the_api_share_one_submission_limit(client, alice, settings):
    settings.PROJECTS_SUBMISSIONS_PER_HOUR = 1
    client.force_login(alice)
    form = {**VALID, "submitter_kind": "citizen", "open_data_links": ""}
    assert client.post("/projects/submit/", form).status_code == 302

    answer = submit(client, VALID)

    assert answer.status_code == 429 and int(answer["Retry-After"]) > 0
    assert answer.json()["detail"] == "Du har indsendt mange projekter. Prøv igen senere."
    assert Project.objects.count() == 1
