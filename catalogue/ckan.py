"""Reading a CKAN portal's action API with ckanapi's RemoteCKAN: every call has a time-out and
bounded retries with back-off; a failure becomes one clear `HarvestFailed` message."""

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import requests
from ckanapi import RemoteCKAN
from ckanapi.errors import CKANAPIError, NotAuthorized, NotFound, SearchQueryError
from django.conf import settings

# A client error: asking again gives the same answer.
NOT_RETRIED = (NotFound, NotAuthorized, SearchQueryError)


class HarvestFailed(Exception):
    """The source could not be read completely; the message says why (for the run's record)."""


class Portal:
    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.client = RemoteCKAN(self.url, user_agent=settings.CATALOGUE_USER_AGENT, get_only=True)

    def close(self) -> None:
        self.client.close()

    def call(self, action: str, **data) -> object:
        attempts = max(1, settings.CATALOGUE_HARVEST_ATTEMPTS)
        timeout = settings.CATALOGUE_HARVEST_TIMEOUT
        for attempt in range(1, attempts + 1):
            try:
                return self.client.call_action(action, data, requests_kwargs={"timeout": timeout})
            except NOT_RETRIED as exc:
                raise HarvestFailed(f"{action}: {_describe(exc, timeout)}") from exc
            except (requests.RequestException, CKANAPIError) as exc:
                if attempt == attempts:
                    message = f"{action}: {_describe(exc, timeout)} (after {attempts} attempts)"
                    raise HarvestFailed(message) from exc
                time.sleep(settings.CATALOGUE_HARVEST_BACKOFF_SECONDS * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    def packages(self, *, since: datetime | None) -> Iterator[dict]:
        """Every public package (or only those modified since `since`), page by page."""
        rows = settings.CATALOGUE_HARVEST_PAGE_SIZE
        query = {"rows": rows, "sort": "id asc", "include_private": "false"}
        if since is not None:
            stamp = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            query["fq"] = f"metadata_modified:[{stamp} TO *]"
        start = 0
        while True:
            answer = self.call("package_search", start=start, **query)
            if not isinstance(answer, dict):
                raise HarvestFailed("package_search: the answer is not a CKAN search result")
            results, count = answer.get("results"), answer.get("count")
            if not isinstance(results, list) or not isinstance(count, int):
                raise HarvestFailed("package_search: the answer has no results or count")
            for package in results:
                if not isinstance(package, dict) or not package.get("id"):
                    raise HarvestFailed("package_search: a package without an id")
                yield package
            start += len(results)
            if not results or start >= count:
                return

    def package_names(self) -> set[str]:
        """The names of all public packages: what is gone from this set is withdrawn."""
        answer = self.call("package_list")
        if not isinstance(answer, list) or not all(isinstance(name, str) for name in answer):
            raise HarvestFailed("package_list: the answer is not a list of names")
        return set(answer)


def _describe(exc: Exception, timeout: float) -> str:
    if isinstance(exc, requests.Timeout):
        return f"no answer within {timeout:g} seconds"
    if isinstance(exc, requests.ConnectionError):
        return "the portal cannot be reached"
    if isinstance(exc, CKANAPIError):
        # ckanapi puts [url, status, body] in the message of answers it cannot read.
        detail = str(exc)
        if "[" in detail and "," in detail:
            parts = detail.split(",", 2)
            if len(parts) >= 2 and parts[1].strip().isdigit():
                status = int(parts[1].strip())
                if status == 200:
                    return "malformed answer (not CKAN JSON)"
                return f"the portal answered HTTP {status}"
        return f"{type(exc).__name__}: {detail[:300]}"
    return f"{type(exc).__name__}: {str(exc)[:300]}"
