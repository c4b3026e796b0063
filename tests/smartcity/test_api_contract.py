"""The API contract, checked from outside: schemathesis generates requests for every operation
in /api/schema/ (valid and invalid ones) against the live test server and runs every one of its
checks on the answers, so the schema keeps telling the truth. Bounded examples per operation
keep it to a minute or two.

(The operations are walked here rather than with schemathesis' pytest plugin, whose
`from_fixture` does not run under pytest 9.)"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.factories import EventFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = 12


@pytest.fixture
def api_schema(live_server, settings, public_thread):
    # The fuzzer asks far more often than any real client: lift the throttles (the 429 answer
    # is documented, and tested elsewhere).
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
    }
    theme = ThemeFactory(slug="parkering")
    project = ProjectFactory(theme=theme, title="Parkeringssensorer i Aarhus C", website="")
    event = EventFactory(title="Datadag i Aarhus", slug="datadag-i-aarhus")
    thread = public_thread  # its post was never edited: edited_at is null in the answers
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    return schema, {"project": project.slug, "event": event.slug, "thread": thread.pk}


# A bbox's corners must be in order and on the globe, which no JSON Schema can say: valid
# requests use this one (invalid ones are generated freely, and must be refused).
DENMARK = "8.0,54.5,15.2,57.8"


def known_values(operation, existing: dict) -> dict:
    """Valid requests ask for objects that exist (random ids would only ever find 404s), and
    for a bbox in order."""
    path = operation.path
    query = {"bbox": DENMARK} if "bbox" in {p.name for p in operation.query} else {}
    if path == "/api/v1/projects/similar/":
        # lat and lng come together, and a theme that exists (no schema can say either).
        query.update(lat=56.15, lng=10.2, theme="parkering")
    if path.startswith("/api/v1/forum/posts/"):
        query["thread"] = existing["thread"]
    path_parameters = {}
    if "{id}" in path:
        path_parameters["id"] = existing["thread"]
    elif path.startswith("/api/v1/projects/{slug}"):
        path_parameters["slug"] = existing["project"]
    elif path.startswith("/api/v1/events/{slug}"):
        path_parameters["slug"] = existing["event"]
    return {"query": query or None, "path_parameters": path_parameters or None}


def check_operation(operation, mode: GenerationMode, existing: dict) -> None:
    known = known_values(operation, existing) if mode == GenerationMode.POSITIVE else {}

    @given(case=operation.as_strategy(generation_mode=mode, **known))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case):
        case.call_and_validate()

    answers_as_documented()


def _summary(error: BaseException) -> str:
    """The checks that failed and the request that shows it (schemathesis' curl line)."""
    text = str(error)
    lines = [line for line in text.splitlines() if line.startswith("- ") or "curl " in line]
    return "\n".join(lines) or text[:1500]


def test_every_operation_answers_as_its_schema_says(api_schema):
    schema, existing = api_schema
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    failures = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                check_operation(operation, mode, existing)
            except Unsatisfiable:
                continue  # nothing invalid can be sent (an operation without parameters)
            except (Exception, BaseExceptionGroup) as error:  # collect all, then fail once
                failures.append(f"{operation.label} [{mode}]: {_summary(error)}")
    assert not failures, "\n\n".join(failures)
