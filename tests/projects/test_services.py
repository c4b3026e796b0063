import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from projects import services
from projects.models import Adoption, Project, ProjectImage
from tests.factories import ProjectFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


def png_upload(name="foto.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def theme():
    return ThemeFactory(slug="parkering", name="Parkering", name_en="Parking")


@pytest.fixture
def data(theme):
    return {
        "title": "Sensorer på P-pladser i Århus",
        "summary": "Ledige pladser vises i appen.",
        "description": "Vi har sat **200** sensorer op.",
        "theme": "parkering",
        "status": "pilot",
        "submitter_kind": "citizen",
        "website": "https://example.dk/parkering",
        "open_data_links": [{"title": "P-data", "url": "https://data.example.dk/p"}],
        "lat": 56.15,
        "lng": 10.2,
    }


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# --- project_submit ---------------------------------------------------------------------------


def test_submit_saves_the_project_as_submitted(alice, data):
    project = services.project_submit(author=alice, data=data)

    project.refresh_from_db()
    assert project.state == Project.State.SUBMITTED
    assert project.author == alice
    assert project.slug == "sensorer-paa-p-pladser-i-aarhus"
    assert project.precision == Project.Precision.POINT
    assert project.description_html == "<p>Vi har sat <strong>200</strong> sensorer op.</p>\n"
    assert project.open_data_links == [{"title": "P-data", "url": "https://data.example.dk/p"}]
    assert project.created_at is not None


def test_submit_gives_each_project_a_unique_slug(alice, data):
    first = services.project_submit(author=alice, data=data)
    second = services.project_submit(author=alice, data=data)

    assert first.slug == "sensorer-paa-p-pladser-i-aarhus"
    assert second.slug == "sensorer-paa-p-pladser-i-aarhus-2"


def test_submit_accepts_an_address_instead_of_a_point(alice, data):
    data.update(lat=None, lng=None, address="Rådhuspladsen 2, Aarhus")

    project = services.project_submit(author=alice, data=data)

    assert project.lat is None and project.address == "Rådhuspladsen 2, Aarhus"
    assert project.precision == ""


def test_submit_hands_the_project_to_the_pipeline_after_commit(
    alice, data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        project = services.project_submit(author=alice, data=data)
    project.refresh_from_db()
    assert project.state == Project.State.SUBMITTED  # nothing ran before the commit
    assert len(callbacks) == 1
    callbacks[0]()  # the commit: the (eager) pipeline runs
    project.refresh_from_db()
    assert project.state == Project.State.NEEDS_REVIEW  # a new citizen waits for a moderator


@pytest.mark.parametrize(
    "lat, lng",
    [
        (48.85, 2.35),
        (55.6, 7.9),
        (58.0, 10.0),
        (54.4, 10.0),
        (55.0, 15.3),
        (56.0, 10.5),  # the Kattegat, 2 km off Samsø: inside the old rough box
        (55.605, 13.0),  # Malmö
        (56.046, 12.694),  # Helsingborg
        (54.7833, 9.4333),  # Flensburg
    ],
)
def test_submit_refuses_a_point_outside_denmark(alice, data, lat, lng):
    data.update(lat=lat, lng=lng)

    with pytest.raises(ValidationError) as excinfo:
        services.project_submit(author=alice, data=data)

    assert "lat" in errors_of(excinfo)
    assert not Project.objects.exists()


def test_submit_accepts_bornholm(alice, data):
    data.update(lat=55.1, lng=14.9)

    assert services.project_submit(author=alice, data=data).lat == 55.1


def test_submit_needs_a_point_or_an_address(alice, data):
    data.update(lat=None, lng=None, address="  ")

    with pytest.raises(ValidationError) as excinfo:
        services.project_submit(author=alice, data=data)

    assert list(errors_of(excinfo)) == ["address"]


def test_submit_refuses_half_a_point(alice, data):
    data.update(lng=None)

    with pytest.raises(ValidationError) as excinfo:
        services.project_submit(author=alice, data=data)

    assert "lat" in errors_of(excinfo)


@pytest.mark.parametrize(
    "field, value",
    [
        ("website", "javascript:alert(1)"),
        ("website", "ftp://example.dk/"),
        ("open_data_links", ["javascript:alert(1)"]),
        ("open_data_links", [{"title": "x", "url": "ftp://data.example.dk"}]),
    ],
)
def test_submit_refuses_links_that_are_not_http(alice, data, field, value):
    data[field] = value

    with pytest.raises(ValidationError) as excinfo:
        services.project_submit(author=alice, data=data)

    assert field in errors_of(excinfo)
    assert not Project.objects.exists()


def test_submit_reports_every_missing_field_at_once(alice):
    with pytest.raises(ValidationError) as excinfo:
        services.project_submit(author=alice, data={})

    assert {"title", "summary", "theme", "status", "submitter_kind"} <= set(errors_of(excinfo))


def test_submit_errors_are_translated(alice, data):
    from django.utils import translation

    data["title"] = ""
    with translation.override("da"), pytest.raises(ValidationError) as excinfo:
        services.project_submit(author=alice, data=data)

    assert errors_of(excinfo)["title"] == ["Dette felt er påkrævet."]


def test_submit_renders_script_in_markdown_inert(alice, data):
    data["description"] = "<script>alert(1)</script> [x](javascript:alert(2))"

    project = services.project_submit(author=alice, data=data)

    assert "<script" not in project.description_html
    assert 'href="javascript' not in project.description_html
    assert "&lt;script&gt;" in project.description_html  # shown as text, not run


def test_submit_refuses_an_unverified_user(data):
    unverified = UserFactory(verified=False)

    with pytest.raises(PermissionDenied):
        services.project_submit(author=unverified, data=data)
    assert not Project.objects.exists()


def test_submit_attaches_only_the_authors_own_images(alice, bob, data):
    mine = services.project_image_upload(uploaded_by=alice, file=png_upload())
    theirs = services.project_image_upload(uploaded_by=bob, file=png_upload())

    project = services.project_submit(
        author=alice, data=data, image_tokens=[mine.token, theirs.token, "nonsense"]
    )

    assert list(project.images.all()) == [mine]
    theirs.refresh_from_db()
    assert theirs.project is None


def test_submit_does_not_steal_an_image_already_attached(alice, data):
    image = services.project_image_upload(uploaded_by=alice, file=png_upload())
    first = services.project_submit(author=alice, data=data, image_tokens=[image.token])

    second = services.project_submit(author=alice, data=data, image_tokens=[image.token])

    assert list(first.images.all()) == [image]
    assert not second.images.exists()


# --- project_image_upload ---------------------------------------------------------------------


def test_image_upload_stores_an_unattached_image_with_a_random_token(alice):
    image = services.project_image_upload(uploaded_by=alice, file=png_upload("../../evil.png"))

    assert image.project is None
    assert len(image.token) == 32
    assert image.format == "PNG" and (image.width, image.height) == (40, 30)
    assert image.image.name == f"projects/{image.token}.png"


def test_image_upload_refuses_a_file_that_is_not_an_image(alice):
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")

    with pytest.raises(ValidationError):
        services.project_image_upload(uploaded_by=alice, file=fake)
    assert not ProjectImage.objects.exists()


def test_image_upload_refuses_an_oversized_file(alice, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 100

    with pytest.raises(ValidationError):
        services.project_image_upload(uploaded_by=alice, file=png_upload(size=(400, 400)))
    assert not ProjectImage.objects.exists()


def test_orphan_images_are_deleted_after_a_while_with_their_files(alice, data, settings):
    from datetime import timedelta

    from django.utils import timezone

    abandoned = services.project_image_upload(uploaded_by=alice, file=png_upload())
    fresh = services.project_image_upload(uploaded_by=alice, file=png_upload())
    used = services.project_image_upload(uploaded_by=alice, file=png_upload())
    services.project_submit(author=alice, data=data, image_tokens=[used.token])
    long_ago = timezone.now() - timedelta(days=3)
    ProjectImage.objects.filter(pk__in=[abandoned.pk, used.pk]).update(created_at=long_ago)
    abandoned_file = Path(abandoned.image.path)

    assert abandoned_file.exists()
    assert services.project_images_delete_orphans() == 1

    assert set(ProjectImage.objects.values_list("pk", flat=True)) == {fresh.pk, used.pk}
    assert not abandoned_file.exists()


# --- project_update ---------------------------------------------------------------------------


def test_update_of_an_unpublished_project_edits_in_place_and_checks_again(alice, data):
    project = services.project_submit(author=alice, data=data)
    Project.objects.filter(pk=project.pk).update(state="rejected", rejection_reason="Spam?")
    project.refresh_from_db()

    data["title"] = "Nye sensorer"
    services.project_update(project=project, by=alice, data=data)

    project.refresh_from_db()
    assert project.title == "Nye sensorer"
    assert project.state == Project.State.SUBMITTED
    assert project.rejection_reason == ""
    assert project.pending_changes is None


def test_update_of_a_published_project_waits_in_pending_changes(alice, data):
    project = ProjectFactory(author=alice, title="Gammel titel")

    data["title"] = "Ny titel"
    services.project_update(project=project, by=alice, data=data)

    project.refresh_from_db()
    assert project.title == "Gammel titel"
    assert project.state == Project.State.PUBLISHED
    assert project.pending_changes["title"] == "Ny titel"
    assert project.pending_changes["theme"] == "parkering"


def test_applying_pending_changes_makes_the_edit_public(alice, data):
    project = ProjectFactory(author=alice, title="Gammel titel")
    image = services.project_image_upload(uploaded_by=alice, file=png_upload())
    data["title"] = "Ny titel"
    services.project_update(project=project, by=alice, data=data, image_tokens=[image.token])

    services.project_apply_pending_changes(project=project)

    project.refresh_from_db()
    assert project.title == "Ny titel"
    assert project.pending_changes is None
    assert list(project.images.all()) == [image]


def test_update_refuses_another_users_project(alice, bob, data):
    project = services.project_submit(author=alice, data=data)

    data["title"] = "Kapret"
    with pytest.raises(PermissionDenied):
        services.project_update(project=project, by=bob, data=data)

    project.refresh_from_db()
    assert project.title == "Sensorer på P-pladser i Århus"


def test_update_with_bad_data_changes_nothing(alice, data):
    project = services.project_submit(author=alice, data=data)

    data.update(title="Ny", lat=40.0)
    with pytest.raises(ValidationError):
        services.project_update(project=project, by=alice, data=data)

    project.refresh_from_db()
    assert project.title == "Sensorer på P-pladser i Århus"


# --- project_withdraw -------------------------------------------------------------------------


def test_withdraw_takes_the_project_off_the_map(alice):
    project = ProjectFactory(author=alice)

    services.project_withdraw(project=project, by=alice)

    project.refresh_from_db()
    assert project.state == Project.State.WITHDRAWN


def test_withdraw_refuses_another_users_project(alice, bob):
    project = ProjectFactory(author=alice)

    with pytest.raises(PermissionDenied):
        services.project_withdraw(project=project, by=bob)

    project.refresh_from_db()
    assert project.state == Project.State.PUBLISHED


# --- adoptions --------------------------------------------------------------------------------


@pytest.fixture
def odense(db):
    from places.models import Municipality

    return Municipality.objects.get(code="461")


def test_staff_cannot_adopt_their_own_municipalitys_project(staff_user, aarhus):
    project = ProjectFactory(municipality=aarhus)

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        services.adoption_create(project=project, by=staff_user, note="")

    assert "own municipality" in " ".join(raised.value.messages)
    assert not Adoption.objects.exists()
    assert Project.objects.get(pk=project.pk).adoption_count == 0


def test_staff_adopt_for_their_own_municipality(staff_user, aarhus, odense):
    project = ProjectFactory(municipality=odense)

    adoption = services.adoption_create(project=project, by=staff_user, note=" Siden 2023 ")

    assert adoption.municipality == aarhus
    assert adoption.note == "Siden 2023"
    assert project.adoption_count == 1
    assert Project.objects.get(pk=project.pk).adoption_count == 1


def test_a_municipality_adopts_a_project_only_once(staff_user, odense):
    project = ProjectFactory(municipality=odense)
    services.adoption_create(project=project, by=staff_user, note="")

    with pytest.raises(ValidationError):
        services.adoption_create(project=project, by=staff_user, note="")

    assert Adoption.objects.count() == 1
    assert Project.objects.get(pk=project.pk).adoption_count == 1


def test_citizens_cannot_adopt(alice, odense):
    project = ProjectFactory(municipality=odense)

    with pytest.raises(PermissionDenied):
        services.adoption_create(project=project, by=alice, note="")
    assert not Adoption.objects.exists()


def test_unpublished_projects_cannot_be_adopted(staff_user, odense):
    project = ProjectFactory(state="needs_review")

    with pytest.raises(PermissionDenied):
        services.adoption_create(project=project, by=staff_user, note="")
    assert Project.objects.get(pk=project.pk).adoption_count == 0


def test_adoption_delete_removes_only_the_own_municipality(staff_user, odense):
    from accounts.services import user_make_staff_of
    from places.models import Municipality

    project = ProjectFactory(municipality=odense)
    copenhagen_staff = user_make_staff_of(
        user=UserFactory(), municipality=Municipality.objects.get(code="101")
    )
    services.adoption_create(project=project, by=staff_user, note="")
    services.adoption_create(project=project, by=copenhagen_staff, note="")

    services.adoption_delete(project=project, by=staff_user)

    assert [a.municipality.code for a in Adoption.objects.all()] == ["101"]
    assert Project.objects.get(pk=project.pk).adoption_count == 1
    services.adoption_delete(project=project, by=staff_user)  # again: nothing to delete
    assert Project.objects.get(pk=project.pk).adoption_count == 1


def test_citizens_cannot_delete_adoptions(alice, staff_user, odense):
    project = ProjectFactory(municipality=odense)
    services.adoption_create(project=project, by=staff_user, note="")

    with pytest.raises(PermissionDenied):
        services.adoption_delete(project=project, by=alice)
    assert Adoption.objects.count() == 1
