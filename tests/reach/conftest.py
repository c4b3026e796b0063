import pytest

# The forum's and the guides' own fixtures build threads and guides through their services.
from tests.forum.conftest import (  # noqa: F401
    colleague,
    make_thread,
    public_category,
    staff_category,
)
from tests.guides.conftest import published_guide  # noqa: F401


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
