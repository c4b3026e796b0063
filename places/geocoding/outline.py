"""A coarse hand-drawn outline of Denmark, for when no boundary file has been loaded.

Drawn from general geographic knowledge (longitude, latitude): it follows the land border with
Germany, keeps Sylt, Fehmarn and the German Baltic coast out, runs down the middle of the
Øresund between Copenhagen and Malmö and between Helsingør and Helsingborg (leaving Ven to
Sweden), and takes in Læsø, Anholt, Bornholm and Ertholmene. Points up to a few kilometres out
at sea may count as inside; that is the price of not shipping the real coastline.
"""

from shapely import prepare
from shapely.geometry import MultiPolygon, Polygon

_MAINLAND_AND_ISLANDS = Polygon(
    [
        (7.90, 55.10),  # North Sea west of Rømø, north of Sylt
        (8.44, 55.065),  # Jordsand is Danish, the tip of Sylt is not
        (8.53, 55.02),
        (8.62, 54.95),
        (8.66, 54.905),  # land border with Germany starts south of Rudbøl
        (9.00, 54.86),
        (9.30, 54.81),
        (9.40, 54.835),  # Kruså
        (9.47, 54.84),  # Flensburg Fjord
        (9.60, 54.875),
        (9.75, 54.85),
        (10.05, 54.80),
        (10.50, 54.70),  # south of Ærø and Langeland, north of the Kiel Bight
        (11.00, 54.60),
        (11.50, 54.60),  # Rødby, north of Fehmarn
        (11.90, 54.53),  # Gedser
        (12.25, 54.70),
        (12.62, 54.95),  # Møns Klint
        (12.50, 55.30),  # Stevns
        (12.75, 55.52),
        (12.86, 55.62),  # Saltholm stays Danish, Malmö and Limhamn stay Swedish
        (12.78, 55.78),
        (12.62, 55.90),  # west of Ven
        (12.655, 56.04),  # between Helsingør and Helsingborg
        (12.35, 56.22),  # north of Gilleleje, west of Kullen
        (11.90, 56.75),  # east of Anholt
        (11.40, 57.40),  # east of Læsø
        (10.75, 57.85),  # Skagen
        (9.90, 57.70),
        (8.50, 57.25),
        (8.00, 56.70),
        (7.90, 56.00),
        (7.95, 55.50),
    ]
)
_BORNHOLM_AND_ERTHOLMENE = Polygon([(14.60, 54.95), (15.25, 54.95), (15.25, 55.37), (14.60, 55.37)])

DENMARK_OUTLINE = MultiPolygon([_MAINLAND_AND_ISLANDS, _BORNHOLM_AND_ERTHOLMENE])
prepare(DENMARK_OUTLINE)
