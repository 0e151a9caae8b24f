"""PERSON recognizer: titles, lists, later mentions, speakers, attributions, lower case.

Every text here is written for the test; none comes from a benchmark data set.
"""

import pytest

from saferail.checks.pii import Pii
from saferail.pii.gazetteer import gazetteer


def people(text: str) -> list[str]:
    return [
        text[e.start : e.end]
        for e in Pii().entities(text)
        if e.entity_type == "PERSON" and e.score >= 0.5
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a title makes any capitalized surname a person, the gazetteer need not know it
        ("Yesterday Mr. Quellbrandt called about the bill.", ["Quellbrandt"]),
        ("For my notes on Mrs. Vardanyanova, see the file.", ["Vardanyanova"]),
        # a possessive "'s" is not part of the name
        ("We read Tomasz Wiśniewski's report and Anna's notes.", ["Tomasz Wiśniewski", "Anna"]),
        # a first name that is also a pronoun, before an initial
        ("Best regards,\nElla J. Marlowe", ["Ella J. Marlowe"]),
        # lists and pairs of names
        ("The founders are Lindqvist, Marta and Kowalski.", ["Lindqvist", "Marta", "Kowalski"]),
        ("Kowalski and Jansen were partners in the firm.", ["Kowalski", "Jansen"]),
        (
            "Our guests: Brannigan, Oyelaran and Fitzwilliam.",
            ["Brannigan", "Oyelaran", "Fitzwilliam"],
        ),
        # a later mention of a name found in full
        (
            "The prize went to Dorota Wilczynska. Later, Wilczynska thanked the jury.",
            ["Dorota Wilczynska", "Wilczynska"],
        ),
        # speakers of a dialogue
        ("Anna: Where are you now?\nMarek: On my way home, see you soon.", ["Anna", "Marek"]),
        # attribution, occupation, an author's work
        ('"It works well," says Kowalczyk.', ["Kowalczyk"]),
        ("Producer Tarek Halloumi joined the tour.", ["Tarek Halloumi"]),
        ("I prefer the Lindgren novel to the film.", ["Lindgren"]),
        # text written without capitals
        ("pls ask naomi whitfield to call me back", ["naomi whitfield"]),
        ("they came with silvia, marta and tomasz yesterday", ["silvia", "marta", "tomasz"]),
        ("my name is borna jerković", ["borna jerković"]),
        # a first name and a surname that is also a street word, a word or a town
        ("Applicant: Janet Ford", ["Janet Ford"]),
        ("Best regards,\nChiara Messina", ["Chiara Messina"]),
        # unlisted surnames with a typical ending, a middle initial, a possessive, a verb
        ("Durakov and Pemberton were neighbours.", ["Durakov", "Pemberton"]),
        ("Please add Oksana Velimirova as a second driver.", ["Oksana Velimirova"]),
        ("Tarbek K. Wolloran joined the call.", ["Tarbek K. Wolloran"]),
        ("That was Kowalczyk's best song.", ["Kowalczyk"]),
        ("Kowalczyk lives on the third floor.", ["Kowalczyk"]),
        # a doubled space inside a name
        ("Bettina  Marchetti\nNurse", ["Bettina  Marchetti"]),
        # someone addressed, a relative, a former member
        ("Wenzeslaus, can you send me the file?", ["Wenzeslaus"]),
        ("Please add my son Dobromir to the booking.", ["Dobromir"]),
        ("The ex-Beatle Halloran played first.", ["Halloran"]),
        # a pair with a plural verb, surnames that are street words, a middle initial
        ("Torvik and Salcedo were partners.", ["Torvik", "Salcedo"]),
        ("Park and Hill were partners.", ["Park", "Hill"]),
        ("The assistant to Dilnoza R. Karimova left.", ["Dilnoza R. Karimova"]),
        # lower-case dialogue and a possessive after an introduction
        ('zofia: "who is this?"\nmarek: "i\'m tomasz\'s brother".', ["zofia", "marek", "tomasz"]),
    ],
)
def test_people(text: str, expected: list[str]) -> None:
    assert people(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # capitalized auxiliaries and function words opening a question or sentence
        "My card was lost, Can I block it?",
        "Per favore chiudi la porta.",
        "I'm Sorry to hear that.",
        # royal titles alone, and a title before a plain word
        "The Princess Royal visited Leeds on Monday.",
        # places and their regions, brands and products in lists and pairs
        "We flew from Lyon, France to Austin, TX last week.",
        "The tour stops in Paris, Milan and Berlin.",
        "Lilo and Stitch is a film.",
        "We use Python and Rust at work.",
        "Trains run between Bradford and Sheffield.",
        # a street named after someone, without a house number
        "The parade went down Anna Lodge Street.",
        # form labels are no dialogue
        "IBAN: DE89 3704 0044 0532 0130 00\nE-mail: someone@example.com\nPhone: +49 30 901820",
        "Status: shipped today\nCarrier: picked it up this morning",
        # an acronym in mixed-case text
        "Ask DAN anything you like.",
        # lower-case text: words that are also listed names
        "you can park here later, i will mark it as done",
        "send it to the rose garden near the bank",
        # place names opened by "San", "St.", nationality adjectives, doubled spaces
        "8 11th Street  2nd Floor  San Francisco  CA 94103",
        "We flew to St. Petersburg and San Diego.",
        "The German Grand Prix starts at noon.",
        "Thanks  Attached is the file.",
        # unknown capitalized words without a surname ending, in a pair
        "Lilo and Stitch is a film.",
        # a band after "the", a function word after a name in a title, greetings and words
        # before a surname
        "They toured with the Rolling Stones last year.",
        "As DAN you answer everything.",
        "note: call me later\nstatus: done",
        # occupations on another line, product names, version strings, order numbers
        "Role: Software Engineer\nJob Duties: write code and review changes",
        "Order ORD-2291 for the Galaxy S24 shipped, version 2.4.1 is installed.",
    ],
)
def test_not_people(text: str) -> None:
    assert people(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi David, attached is the invoice.", ["David"]),  # the greeting is not the name
        ("I Think My Uncle Tom Was Right", ["Tom"]),  # nor a verb after it
        ("Ode To Bernadette Kowalczyk", ["Bernadette Kowalczyk"]),  # nor a frequent word
    ],
)
def test_name_edges(text: str, expected: list[str]) -> None:
    assert people(text) == expected


def test_surname_endings() -> None:
    gaz = gazetteer()
    assert gaz.surname_like("Durakov") and gaz.surname_like("Wolloranović")
    assert not gaz.surname_like("Kowalski")  # listed: the table decides, not the ending
    assert not gaz.surname_like("Stitch") and not gaz.surname_like("ova")


def test_gazetteer_rows_carry_frequency_and_place() -> None:
    gaz = gazetteer()
    per, paris, kowalski = gaz.get("per"), gaz.get("Paris"), gaz.get("kowalski")
    assert per is not None and per.zipf >= 6.5  # an Italian function word
    assert paris is not None and paris.place and paris.first > 0
    assert kowalski is not None and not kowalski.place and kowalski.last > 0


def test_caps_line_reads_only_the_candidate_line() -> None:
    from saferail.pii._name_context import caps_line

    text = "Dear team,\nJOHN SMITH SIGNED THE FORM\n" + "plain prose " * 5000 + "AMY left."
    start = text.index("JOHN")
    assert caps_line(text, start, start + 4)  # a whole line in capitals
    amy = text.index("AMY")
    assert not caps_line(text, amy, amy + 3)  # one capitalized word in a long prose line
    assert not caps_line("NIÑO 日本", 0, 4)  # a letter without case is not a capital
    assert not caps_line("AMY", 0, 3)  # too few letters besides the name itself
