"""STREET_ADDRESS: European street types, units, towns, intersections, lower-case text.

Every text here is written for the test; none comes from a benchmark data set.
"""

import pytest

from saferail.checks.pii import Pii
from saferail.pii._address_tail import capitalized_view


def addresses(text: str) -> list[str]:
    return [
        text[e.start : e.end]
        for e in Pii().entities(text)
        if e.entity_type == "STREET_ADDRESS" and e.score >= 0.5
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # street types written as a word after the name: Hungarian, Estonian
        ("Cím: Rákóczi út 18.\n1072 Budapest", "Rákóczi út 18.\n1072 Budapest"),
        ("Kossuth tér 3. Apt. 4, Szeged", "Kossuth tér 3. Apt. 4, Szeged"),
        ("Aadress: Tartu maantee 25, Tallinn", "Tartu maantee 25, Tallinn"),
        # a street with no type word between two numbers, with a town (Czech, Greek)
        ("Ship to 14 Karlova 27, Praha", "14 Karlova 27, Praha"),
        ("Send it to 12 Οδός Ερμού 45, Αθήνα", "12 Οδός Ερμού 45, Αθήνα"),
        (
            "Our office: 641 Nádražní 12, Kostelec nad Orlicí",
            "641 Nádražní 12, Kostelec nad Orlicí",
        ),
        # a unit right after the street name, or before the building number
        ("Deliver to 88 Westerholm Suite 12, Leeds", "88 Westerholm Suite 12, Leeds"),
        ("Suite 5 120 Harbour Road, Cork", "Suite 5 120 Harbour Road, Cork"),
        # the Italian unit word is read whole, not as "App" + "artame"
        (
            "Indirizzo: Via Roma, 12 Appartamento 3, 00184 Roma",
            "Via Roma, 12 Appartamento 3, 00184 Roma",
        ),
        # intersections with a house number
        ("Meet me at the corner of 12 Elm Road and Oak Lane.", "12 Elm Road and Oak Lane"),
        ("It is on the corner of Dlouhá 8 and Rybná Street.", "Dlouhá 8 and Rybná Street"),
        # military and post boxes, accented names
        ("USNS Gómez\nFPO AA 34021", "USNS Gómez\nFPO AA 34021"),
        ("Write to Postbox 4411 please.", "Postbox 4411"),
        # elided articles, glued Dutch street types, a French street and postcode, no number
        ("Écrivez au 5 rue d'Alsace, 67000 Strasbourg", "5 rue d'Alsace, 67000 Strasbourg"),
        ("Adres: Zeeboulevard 12, 2042 AB Zandvoort", "Zeeboulevard 12, 2042 AB Zandvoort"),
        ("Adresse : chemin des Vignes\n34000 Montpellier", "chemin des Vignes\n34000 Montpellier"),
        # a house number's dot that ends the sentence is not followed by a town
        ("Ich wohne in der Heinzstraße 13. Die Post kommt spät.", "Heinzstraße 13"),
        # text typed without capitals
        ("send it to 42 maple avenue, springfield", "42 maple avenue, springfield"),
        ("we live on tavasz út 7 now", "tavasz út 7"),
    ],
)
def test_addresses(text: str, expected: str) -> None:
    assert addresses(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "From 24 Jun - 16 Aug we are closed.",
        "The 2 Apple Suite 5 offers more.",
        "Order 4411 Gadget 12 shipped.",
        "Version 2 Update 15 is out.",
        "room 12 Building 4 is closed",
        "Final score: 3 Liverpool 1 after extra time.",
        "Windows 10 Pro 22H2 is installed.",
        "Python 3.12.1 was released on 2 October 2023.",
        # no house number anywhere: an intersection of street names is not an address
        "We met at the corner of Baker Street and Oxford Street.",
        # lower case: numbers with ordinary words
        "i need 2 large pizzas at 7 pm",
        "i bought 3 cheap laptops for 900 euros",
        "i have 3 kids and 2 dogs",
    ],
)
def test_not_addresses(text: str) -> None:
    assert addresses(text) == []


def test_capitalized_view_keeps_offsets() -> None:
    text = "send it to 42 maple avenue, ß-straße 5"
    view = capitalized_view(text)
    assert len(view) == len(text)
    assert view.startswith("Send It To 42 Maple Avenue")
    assert "ß-Straße" in view  # "ß" has no one-letter capital: left as it is


@pytest.mark.parametrize("text", ["12 Baker Street \ud800", "\udc00 12 Baker Street, London"])
def test_lone_surrogates_do_not_crash(text: str) -> None:
    # A recognizer never raises on odd input: a lone surrogate (from a JSON "\ud800" escape)
    # cannot be encoded to UTF-8 for RE2, and the address around it is still found.
    from saferail.pii.addresses import AddressRecognizer

    found = [text[e.start : e.end] for e in AddressRecognizer().find(text)]
    assert any(v.startswith("12 Baker Street") for v in found)
