"""The abuse rule beside toxicity: threats, incitement to self-harm, obscenities and insults
aimed at a person, and dehumanizing generalizations, in eight languages.

Examples are mild and written for these tests; a few use common swear words, none a slur."""

import pytest

from saferail import Guard, parse_policy
from saferail.checks import available_checks
from saferail.detectors.abuse import ABUSE_RULE_SCORE, ToxicityParams, abuse, unquoted
from saferail.detectors.checks import Toxicity, score_text
from tests.conftest import DATASETS, rule_precision, run_check

ABUSIVE = [
    # English: the model alone misses threats and incitement
    "I will find you and break your bones",
    "one more word and I break every bone in your hand",
    "go kill yourself, nobody wants you here",
    "you are a worthless piece of trash",
    # German
    "Du bist ein Arschloch und alle wissen es",
    "ich bringe dich um wenn ich dich sehe",
    "geh dich umbringen",
    "halt die Fresse, du Idiot",
    # French
    "t'es qu'un connard",
    "je vais te tuer",
    "va te pendre",
    "ferme ta gueule",
    # Spanish
    "eres un imbécil",
    "te voy a matar",
    "mátate",
    "vete a la mierda",
    # Italian
    "sei un coglione",
    "ti ammazzo",
    "ammazzati",
    "vaffanculo",
    # Dutch
    "jij bent een klootzak",
    "ik maak je af",
    "hang jezelf op",
    "rot op",
    # Polish
    "jesteś debilem",
    "zabiję cię",
    "idź się powieś",
    "spierdalaj",
    # Portuguese
    "você é um idiota",
    "vou te matar",
    "se mata",
    "vai se foder",
    # a group dehumanized
    "immigrants are all parasites",
    "die Ausländer sind doch alle Schmarotzer",
]

NOT_ABUSE = [
    # reports and questions about abuse
    "my boss called me an idiot in front of everyone, what should I do?",
    "someone wrote 'kys' under my post, how do I report it?",
    "Ein Kollege schrieb mir 'halt die Fresse'. Soll ich das melden?",
    "Que veut dire 'connard' en anglais ?",
    "¿Qué significa 'gilipollas'?",
    "mi ha detto 'vaffanculo', cosa faccio?",
    "iemand zei 'rot op' tegen me, hoe rapporteer ik dat?",
    "jak przetłumaczyć 'spierdalaj' na angielski?",
    "o que significa 'otário'?",
    # rude words aimed at no one, idioms, criticism of things
    "this damn printer is broken again",
    "I could kill for a coffee right now",
    "Dieser verdammte Drucker geht schon wieder nicht",
    "putain, encore en retard ce train",
    "la película fue una basura, no la recomiendo",
    "refugees are not criminals",
    "rats are vermin in most cities",
    "ik lig dubbel, ik ga dood van het lachen",
    "how do I kill a Python process that hangs?",
]


def test_rule_score_is_a_flag() -> None:
    assert available_checks()["toxicity"].default_threshold <= ABUSE_RULE_SCORE


def opted_in() -> Toxicity:
    return Toxicity(ToxicityParams(abuse_rule=True))


@pytest.mark.parametrize("text", ABUSIVE)
def test_abuse_is_flagged_by_toxicity_with_the_rule(text: str) -> None:
    check = opted_in()
    assert abuse(text)
    assert max(f.score for f in run_check(check, text)) >= check.default_threshold


@pytest.mark.parametrize("text", NOT_ABUSE)
def test_reports_questions_and_idioms_are_not_abuse(text: str) -> None:
    assert not abuse(text)


def test_the_rule_is_off_by_default() -> None:
    check = available_checks()["toxicity"]()
    assert check.rule_score("geh dich umbringen") == 0.0
    assert opted_in().rule_score("geh dich umbringen") == ABUSE_RULE_SCORE
    assert max((f.score for f in run_check(check, "geh dich umbringen")), default=0.0) < (
        check.default_threshold
    )


def test_the_rule_lifts_what_the_model_leaves_low() -> None:
    check = opted_in()
    lifted = [t for t in ABUSIVE if score_text(check.model, t) < check.default_threshold]
    assert len(lifted) >= len(ABUSIVE) // 2  # the model alone misses most of these
    for text in lifted:
        assert max(f.score for f in run_check(check, text)) == pytest.approx(ABUSE_RULE_SCORE)


def test_obfuscated_abuse_is_caught_after_the_canonicalizer() -> None:
    """Zero-width splits and homoglyphs hide the phrase from a plain match of the raw text,
    not from the check."""
    hidden = "Du bist ein Ar\u200bsch\u200bloch"
    cyrillic = "v\u0430ffanculo"  # Cyrillic a
    check = opted_in()
    for text in (hidden, cyrillic):
        assert not abuse(text)
        assert max(f.score for f in run_check(check, text)) >= check.default_threshold


def test_phrases_written_with_diacritics_match_the_folded_text() -> None:
    """The text is matched folded ("pożałujesz" is "pozałujesz": the Polish "ł" stays); the
    patterns are folded the same way when compiled."""
    assert abuse("Pożałujesz tego")
    assert abuse("spróbuj jeszcze raz, a rozwalę ci głowę")
    assert not abuse("Jak mogę zgłosić, że ktoś napisał mi 'pożałujesz tego'?")


def test_quoted_abuse_in_a_report_is_left_to_the_model() -> None:
    report = "Someone wrote 'go kill yourself' under my post yesterday, I feel awful"
    assert not abuse(report)
    assert "kill" not in unquoted(report)
    assert abuse("'go kill yourself'")  # a message that is only a quote is read whole
    assert unquoted("t'es qu'un connard") == "t'es qu'un connard"  # apostrophes open nothing


def test_a_policy_blocks_abuse_in_output_too() -> None:
    guard = Guard(
        parse_policy(
            "output:\n  checks:\n    toxicity: {action: block, params: {abuse_rule: true}}\n"
        )
    )
    assert guard.check_output("Sei un coglione, non ti rispondo.").blocked
    assert not guard.check_output("Ecco la ricetta della carbonara.").blocked


def test_other_checks_do_not_use_the_rule() -> None:
    for name in ("prompt_injection", "jailbreak", "harmful_request"):
        assert available_checks()[name]().rule_score("vaffanculo") != ABUSE_RULE_SCORE


@pytest.mark.skipif(not DATASETS.is_dir(), reason="../shared/datasets not present")
def test_constant_is_backed_by_the_measured_precision() -> None:
    """ABUSE_RULE_SCORE never exceeds the lower 95% bound of the rule's class-balanced
    precision on the training-side data (benchmarks/signature_rules.py)."""
    measured = rule_precision("abuse")
    assert measured["attacks"]["hits"] >= 5  # type: ignore[index]
    assert measured["balanced_precision_low"] >= ABUSE_RULE_SCORE  # type: ignore[operator]
