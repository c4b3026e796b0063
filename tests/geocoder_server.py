"""A local stand-in for Nominatim and Photon, for tests of the online geocoders.

It answers on 127.0.0.1 (a free port) the way the real services do: Nominatim's `/search` and
`/reverse` (format json/jsonv2: `lat` and `lon` as strings, `display_name`, an `address` dict)
and Photon's `/api` and `/reverse` (GeoJSON features with `properties`). Only the last path
segment counts, so a self-hosted prefix such as /nominatim/search works. Tests can make it fail
(any HTTP status, with headers such as Retry-After), answer slowly, and read every request it
received with the time it arrived.
"""

import json
import math
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LICENCE = "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright"

# Real places, shaped like Nominatim's answers.
PLACES = [
    {
        "place_id": 101,
        "osm_type": "way",
        "osm_id": 27166385,
        "lat": "56.1529161",
        "lon": "10.2039064",
        "class": "amenity",
        "type": "townhall",
        "place_rank": 30,
        "addresstype": "amenity",
        "name": "Aarhus Rådhus",
        "display_name": "Aarhus Rådhus, 2, Rådhuspladsen, Aarhus C, Aarhus, Aarhus Kommune, "
        "Region Midtjylland, 8000, Danmark",
        "address": {
            "amenity": "Aarhus Rådhus",
            "house_number": "2",
            "road": "Rådhuspladsen",
            "suburb": "Aarhus C",
            "city": "Aarhus",
            "municipality": "Aarhus Kommune",
            "state": "Region Midtjylland",
            "postcode": "8000",
            "country": "Danmark",
            "country_code": "dk",
        },
        "boundingbox": ["56.1525", "56.1533", "10.2032", "10.2046"],
    },
    {
        "place_id": 102,
        "osm_type": "way",
        "osm_id": 4457393,
        "lat": "55.3961047",
        "lon": "10.3837651",
        "class": "highway",
        "type": "pedestrian",
        "place_rank": 26,
        "addresstype": "road",
        "name": "Vestergade",
        "display_name": "Vestergade, Odense C, Odense, Odense Kommune, Region Syddanmark, "
        "5000, Danmark",
        "address": {
            "road": "Vestergade",
            "suburb": "Odense C",
            "city": "Odense",
            "municipality": "Odense Kommune",
            "state": "Region Syddanmark",
            "postcode": "5000",
            "country": "Danmark",
            "country_code": "dk",
        },
        "boundingbox": ["55.3952", "55.3970", "10.3791", "10.3880"],
    },
    {
        "place_id": 103,
        "osm_type": "node",
        "osm_id": 26560591,
        "lat": "57.7209",
        "lon": "10.5839",
        "class": "place",
        "type": "town",
        "place_rank": 18,
        "addresstype": "town",
        "name": "Skagen",
        "display_name": "Skagen, Frederikshavn Kommune, Region Nordjylland, 9990, Danmark",
        "address": {
            "town": "Skagen",
            "municipality": "Frederikshavn Kommune",
            "state": "Region Nordjylland",
            "postcode": "9990",
            "country": "Danmark",
            "country_code": "dk",
        },
        "boundingbox": ["57.6809", "57.7609", "10.5439", "10.6239"],
    },
    {
        "place_id": 104,
        "osm_type": "relation",
        "osm_id": 2361323,
        "lat": "54.7766",
        "lon": "11.5002",
        "class": "boundary",
        "type": "administrative",
        "place_rank": 14,
        "addresstype": "municipality",
        "name": "Lolland Kommune",
        "display_name": "Lolland Kommune, Region Sjælland, Danmark",
        "address": {
            "municipality": "Lolland Kommune",
            "state": "Region Sjælland",
            "country": "Danmark",
            "country_code": "dk",
        },
        "boundingbox": ["54.56", "55.02", "10.94", "11.65"],
    },
    {
        "place_id": 105,
        "osm_type": "relation",
        "osm_id": 10663620,
        "lat": "55.6052931",
        "lon": "13.0001566",
        "class": "boundary",
        "type": "administrative",
        "place_rank": 16,
        "addresstype": "city",
        "name": "Malmö",
        "display_name": "Malmö, Malmö kommun, Skåne län, Sverige",
        "address": {
            "city": "Malmö",
            "municipality": "Malmö kommun",
            "county": "Skåne län",
            "country": "Sverige",
            "country_code": "se",
        },
        "boundingbox": ["55.49", "55.64", "12.85", "13.15"],
    },
]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _km(lat1, lng1, lat2, lng2) -> float:
    return 111.32 * math.hypot(lat1 - lat2, (lng1 - lng2) * math.cos(math.radians(lat1)))


def _photon_feature(place: dict) -> dict:
    address = place["address"]
    kind = {"townhall": "house", "pedestrian": "street", "town": "city"}.get(place["type"])
    properties = {
        "osm_id": place["osm_id"],
        "osm_type": place["osm_type"][0].upper(),
        "osm_key": place["class"],
        "osm_value": place["type"],
        "type": kind or "county",
        "name": place["name"],
        "housenumber": address.get("house_number"),
        "street": address.get("road"),
        "postcode": address.get("postcode"),
        "city": address.get("city") if kind != "city" else None,
        "district": address.get("suburb"),
        "county": address.get("municipality"),
        "state": address.get("state"),
        "country": address.get("country"),
        "countrycode": address["country_code"].upper(),
    }
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(place["lon"]), float(place["lat"])]},
        "properties": {k: v for k, v in properties.items() if v is not None},
    }


@dataclass
class Request:
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    at: float  # time.monotonic() on arrival


@dataclass
class FakeGeocoder:
    flavour: str = "nominatim"  # or "photon"
    delay: float = 0.0  # seconds to wait before answering
    requests: list[Request] = field(default_factory=list)
    _failures: list[tuple[int, dict]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, status: int, *, times: int = 1, headers: dict | None = None) -> None:
        self._failures.extend([(status, headers or {})] * times)

    def answer(self, path: str, params: dict[str, str]) -> tuple[int, dict, object]:
        with self._lock:
            if self._failures:
                status, headers = self._failures.pop(0)
                return status, headers, {"error": {"code": status, "message": "Failure"}}
        endpoint = path.rstrip("/").rsplit("/", 1)[-1]
        if self.flavour == "nominatim":
            if endpoint == "search":
                return 200, {}, self.search(params.get("q", ""), params.get("countrycodes"))
            if endpoint == "reverse":
                place = self.nearest(float(params["lat"]), float(params["lon"]))
                return 200, {}, place or {"error": "Unable to geocode"}
        else:
            if endpoint == "api":
                found = self.search(params.get("q", ""), None)
                return 200, {}, self.collection(found)
            if endpoint == "reverse":
                place = self.nearest(float(params["lat"]), float(params["lon"]))
                return 200, {}, self.collection([place] if place else [])
        return 404, {}, {"error": "Not found"}

    def search(self, query: str, countrycodes: str | None) -> list[dict]:
        wanted = _words(query)
        found = []
        for place in PLACES:
            text = " ".join([place["display_name"], *place["address"].values()])
            if wanted and wanted <= _words(text):
                if countrycodes and place["address"]["country_code"] not in countrycodes:
                    continue
                found.append({"licence": LICENCE, **place})
        return found

    def nearest(self, lat: float, lng: float) -> dict | None:
        distance, place = min(
            ((_km(lat, lng, float(p["lat"]), float(p["lon"])), p) for p in PLACES),
            key=lambda pair: pair[0],
        )
        return {"licence": LICENCE, **place} if distance < 2 else None

    @staticmethod
    def collection(places: list[dict]) -> dict:
        return {"type": "FeatureCollection", "features": [_photon_feature(p) for p in places]}


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        fake = self.server.fake
        url = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        fake.requests.append(Request(url.path, params, dict(self.headers), time.monotonic()))
        if fake.delay:
            time.sleep(fake.delay)
        status, headers, body = fake.answer(url.path, params)
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a time-out test)

    def log_message(self, format, *args):  # keep the test output clean
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeGeocoder


@dataclass
class RunningGeocoder:
    fake: FakeGeocoder
    url: str
    _server: _Server
    _thread: threading.Thread

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def start(flavour: str = "nominatim") -> RunningGeocoder:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = FakeGeocoder(flavour=flavour)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    return RunningGeocoder(server.fake, f"http://{host}:{port}", server, thread)
