"""A local stand-in for a CKAN portal's action API, for the harvest tests and the benchmark.

It answers on 127.0.0.1 (a free port) like CKAN 2.9+: GET /api/action/package_search with
`rows`, `start`, `sort` and `fq=metadata_modified:[SINCE TO *]`, and /api/action/package_list,
each as {"help": ..., "success": true, "result": ...}. Tests change the packages between runs
and make it misbehave: fail the next N calls with a status, answer malformed JSON, or answer
slower than the client's time-out. Every request is recorded.
"""

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


def make_package(
    n: int,
    *,
    org: tuple[str, str] = ("aarhus-kommune", "Aarhus Kommune"),
    title: str | None = None,
    notes: str = "Data fra kommunen.",
    tags: tuple[str, ...] = ("parkering",),
    modified: str = "2026-01-15T10:00:00.000000",
    formats: tuple[str, ...] = ("CSV",),
) -> dict:
    """A package shaped like CKAN's package_show/package_search result."""
    name = f"datasaet-{n}"
    return {
        "id": f"00000000-0000-4000-8000-{n:012d}",
        "name": name,
        "title": title or f"Datasæt {n}",
        "notes": notes,
        "url": "",
        "author": org[1],
        "maintainer": "Team Data",
        "maintainer_email": "data@example.dk",
        "license_id": "cc-by",
        "license_title": "Creative Commons Attribution",
        "license_url": "http://www.opendefinition.org/licenses/cc-by",
        "metadata_created": "2025-03-01T09:00:00.000000",
        "metadata_modified": modified,
        "organization": {"name": org[0], "title": org[1], "type": "organization"},
        "tags": [{"name": tag} for tag in tags],
        "groups": [],
        "extras": [{"key": "frequency", "value": "Dagligt"}],
        "resources": [
            {
                "id": f"res-{n}-{i}",
                "name": f"{name}.{fmt.lower()}",
                "format": fmt,
                "mimetype": {"CSV": "text/csv", "JSON": "application/json"}.get(fmt, ""),
                "url": f"https://portal.example.dk/dataset/{name}/resource/{i}.{fmt.lower()}",
                "url_type": "upload",
            }
            for i, fmt in enumerate(formats)
        ],
    }


@dataclass
class Faults:
    fail_next: int = 0  # the next N calls answer `status`
    status: int = 500
    malformed_next: int = 0  # the next N calls answer 200 with broken JSON
    delay_seconds: float = 0.0  # every call waits this long before answering


@dataclass
class CkanServer:
    packages: list[dict] = field(default_factory=list)
    faults: Faults = field(default_factory=Faults)
    requests: list[tuple[str, dict]] = field(default_factory=list)
    max_rows: int = 1000  # CKAN's own ceiling on rows

    def __post_init__(self):
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "CkanServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def calls(self, action: str) -> list[dict]:
        return [query for name, query in self.requests if name == action]

    # --- answers --------------------------------------------------------------------------

    def answer(self, action: str, query: dict) -> tuple[int, bytes]:
        with self._lock:
            self.requests.append((action, query))
            if self.faults.fail_next:
                self.faults.fail_next -= 1
                return self.faults.status, b"<html><body>Internal Server Error</body></html>"
            if self.faults.malformed_next:
                self.faults.malformed_next -= 1
                return 200, b'{"success": true, "result": {"count": 3, "results": [{"id'
            packages = list(self.packages)
        if action == "package_search":
            result = self._search(packages, query)
        elif action == "package_list":
            result = sorted(p["name"] for p in packages)
        else:
            body = {
                "success": False,
                "error": {"__type": "Not Found Error", "message": "Not found"},
            }
            return 404, json.dumps(body).encode()
        body = {"help": f"{self.url}/api/3/action/help_show?name={action}", "success": True}
        body["result"] = result
        return 200, json.dumps(body).encode()

    def _search(self, packages: list[dict], query: dict) -> dict:
        fq = query.get("fq", "")
        if fq.startswith("metadata_modified:["):
            since = _parse(fq[len("metadata_modified:[") :].split(" TO ")[0])
            packages = [p for p in packages if _parse(p["metadata_modified"]) >= since]
        if query.get("sort", "").startswith("id"):
            packages.sort(key=lambda p: p["id"])
        rows = min(int(query.get("rows", 10)), self.max_rows)
        start = int(query.get("start", 0))
        return {"count": len(packages), "results": packages[start : start + rows], "sort": ""}

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                action = parts.path.rstrip("/").rsplit("/", 1)[-1]
                status, body = server.answer(action, query)
                if server.faults.delay_seconds:
                    time.sleep(server.faults.delay_seconds)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json;charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (time-out)

            def log_message(self, *args):
                pass

        return Handler


def _parse(value: str) -> datetime:
    value = value.rstrip("Z")
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed
