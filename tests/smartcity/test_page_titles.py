import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/projects/", "Projekter – Smart City Danmark"),
        ("/forum/", "Forum – Smart City Danmark"),
        ("/open-data/", "Åbne data – Smart City Danmark"),
        ("/accounts/login/", "Log ind – Smart City Danmark"),
    ],
)
def test_every_page_title_names_the_page_then_the_site(client, url, title):
    assert f"<title>{title}</title>" in client.get(url).content.decode()


def test_a_title_with_characters_to_escape_stays_escaped(client, alice):
    from tests.factories import ProjectFactory

    project = ProjectFactory(title="Lys & <luft>")
    page = client.get(project.get_absolute_url()).content.decode()
    assert "<title>Lys &amp; &lt;luft&gt; – Smart City Danmark</title>" in page
