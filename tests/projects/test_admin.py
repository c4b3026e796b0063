import pytest

from projects import services
from projects.models import Adoption, Project
from tests.factories import AdoptionFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(email="root@example.com", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["theme", "project", "adoption"])
def test_admin_lists_open(admin_client, model):
    project = ProjectFactory(title="Smart parkering")
    AdoptionFactory(project=project)

    response = admin_client.get(f"/admin/projects/{model}/")

    assert response.status_code == 200


def test_admin_project_page_shows_images_and_adoptions_inline(admin_client):
    project = ProjectFactory(title="Smart parkering")
    AdoptionFactory(project=project, note="Kører i København")

    response = admin_client.get(f"/admin/projects/project/{project.pk}/change/")

    assert response.status_code == 200
    assert "Kører i København" in response.text


def test_admin_searches_projects_by_title(admin_client):
    ProjectFactory(title="Kloaksensorer")
    ProjectFactory(title="Gadelys")

    text = admin_client.get("/admin/projects/project/?q=kloak").text

    assert "Kloaksensorer" in text and "Gadelys" not in text


def test_deleting_an_adoption_in_admin_keeps_the_count_exact(admin_client, staff_user):
    from places.models import Municipality

    project = ProjectFactory(municipality=Municipality.objects.get(code="101"))
    adoption = services.adoption_create(project=project, by=staff_user, note="")

    admin_client.post(f"/admin/projects/adoption/{adoption.pk}/delete/", {"post": "yes"})

    assert not Adoption.objects.exists()
    assert Project.objects.get().adoption_count == 0


def test_a_moderator_changes_a_projects_stage_and_nothing_else(client, moderator):
    project = ProjectFactory(title="Smart parkering", status="idea")
    client.force_login(moderator)
    url = f"/admin/projects/project/{project.pk}/change/"

    form = client.get(url)
    response = client.post(url, {**_inline_management_forms(), "status": "pilot", "title": "X"})

    assert form.status_code == 200
    assert 'name="status"' in form.text and 'name="title"' not in form.text
    assert response.status_code == 302, response.text
    project.refresh_from_db()
    assert (project.status, project.title) == ("pilot", "Smart parkering")


def _inline_management_forms():
    data = {}
    for prefix in ("images", "adoptions", "results"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data
