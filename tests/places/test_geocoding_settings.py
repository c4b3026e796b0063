"""Settings of the geocoder, checked when the site starts."""

from tests.smartcity.test_settings import run_manage

ONLINE = {"GEOCODER": "nominatim", "GEOCODER_USER_AGENT": "SmartCityDanmark/1.0 (geo@example.dk)"}


def test_online_geocoding_with_separate_workers_needs_the_shared_cache():
    """Otherwise each worker would keep its own one-request-a-second limit."""
    env = {**ONLINE, "CELERY_BROKER_URL": "redis://127.0.0.1:6379/4"}
    result = run_manage("check", env_overrides=env, drop=("REDIS_URL",))
    assert result.returncode != 0
    assert "needs the shared cache (REDIS_URL)" in result.stderr

    env["REDIS_URL"] = "redis://127.0.0.1:6379/4"
    result = run_manage("check", env_overrides=env)
    assert result.returncode == 0, result.stderr


def test_nominatim_needs_a_user_agent():
    env = {"GEOCODER": "nominatim", "GEOCODER_USER_AGENT": ""}
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "GEOCODER_USER_AGENT" in result.stderr


def test_the_embedded_default_needs_nothing():
    result = run_manage("check", drop=("GEOCODER", "REDIS_URL", "CELERY_BROKER_URL"))
    assert result.returncode == 0, result.stderr
