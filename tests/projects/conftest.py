import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The factories hash "correct-horse-battery" for every user; the strong default hasher
    # makes that the slowest part of these tests and is not what they are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
