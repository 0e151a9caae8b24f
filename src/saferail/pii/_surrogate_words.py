"""Word lists for the PII surrogates (:mod:`saferail.pii.surrogates`).

Our own names, street names and towns (mixed European origins): surrogate names come only
from here. None is also an everyday word of a supported language (``Una``, ``Vera``,
``Weiss``): de-anonymization would turn that word into an original wherever a model wrote
it. Also the words a surrogate keeps as they are (street types, titles, name particles)
and the month names dates are written with.
"""

from __future__ import annotations

__all__ = [
    "CITIES",
    "FIRST_NAMES",
    "LAST_NAMES",
    "MONTHS",
    "ORDINALS",
    "PARTICLES",
    "STREET_NAMES",
    "STREET_SUFFIXES",
    "STREET_WORDS_KEPT",
    "TITLES",
]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES: tuple[str, ...] = _words(
    """
    Adela Agnes Aurelio Bartek Bence Bruno Carmen Casimir Dario Dorota Edda
    Elio Elin Emeric Enzo Esme Fenna Filip Freya Gianna Greta Gustav Hana Hugo Ilse Ines
    Ivo Jana Joris Kasia Klaus Lars Lena Leon Lucia Luka Maren Marta Matteo Mila Milos
    Nadia Niamh Nils Oskar Paola Pieter Rasmus Sander Senna Sofia Tamas Teodor Viggo
    Wiktor Yann Zora
    """
)
LAST_NAMES: tuple[str, ...] = _words(
    """
    Aalto Abbado Bergstrom Brandt Castellan Ciobanu Dahl Delacroix Dvorak Eriksen
    Esposito Falk Ferreira Fontaine Grunwald Haugen Hoffmann Horvath Ilves Jansen
    Kerrigan Kovacs Kowalczyk Lambert Lindqvist Lorenz Mancini Marchetti Moreau
    Mortensen Nieminen Novak Nygaard Oliveira Ortega Pedersen Petrov Quinlan Quintana
    Rasmussen Rossi Sandoval Schreiber Silva Sorensen Szabo Takacs
    Teixeira Toivonen Urquhart Valente Vidal Virtanen Wagner Wojcik Zeller
    Zielinski
    """
)
STREET_NAMES: tuple[str, ...] = _words(
    """
    Alder Beacon Birch Bramble Cedar Chestnut Clover Elm Fern Foxglove Harbor Hawthorn
    Heather Juniper Lark Linden Maple Meadow Mill Orchard Poplar Quarry Rowan Sparrow
    Thistle Willow Wren
    """
)
CITIES: tuple[str, ...] = _words(
    """
    Ashford Brookvale Eastmere Fairhaven Glenholm Kingsbridge Larkfield Millbrook
    Northwick Oakhurst Redcliffe Stonebury Westmoor Windermoor
    """
)
# Street-type words, house-number words and connectors kept as they are ("Street", "rue").
_KEPT = """
    allee am an and apartment apt av ave avenida avenue blvd boulevard calle carrer
    close court crescent ct da de del della den der des di do dr drive du fl floor gade
    gasse gata gatan highway hill hwy im la laan lane le ln no nr of parkway pkwy pl
    place platz rd road row rua rue sq square st ste str straat strasse straße street
    suite terrace the unit vagen van vej via viale väg way weg
"""
STREET_WORDS_KEPT: frozenset[str] = frozenset(_words(_KEPT))
# Street-type endings glued to a name ("Hauptstraße", "Kerkstraat", "Lindenweg").
STREET_SUFFIXES: tuple[str, ...] = _words(
    "straße strasse straat str weg gasse platz allee laan vej gade gatan vägen vagen"
)

MONTHS: tuple[str, ...] = _words(
    "January February March April May June July August September October November December"
)
# Kept in a person's name: titles and the particles of family names.
TITLES: frozenset[str] = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "mx"})
PARTICLES: frozenset[str] = frozenset(
    _words("de la le da di du del della dos das van von der den ten ter bin al")
)
ORDINALS: frozenset[str] = frozenset({"st", "nd", "rd", "th"})
