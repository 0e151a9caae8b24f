"""Victims, survivors and the people protecting them: a benign frame beside ``harmful_request``.

Someone being sextorted, a survivor of an assault, a parent who found grooming messages, a
teen an adult asked for pictures, a person grieving a suicide: they use the words of the harm
done to them ("he said he'll post my nudes unless I pay", "I was drugged at a party", "my
brother killed himself"), and the model, which learned those words as hazard, flags them.
The care frame (:mod:`saferail.detectors.benign_care`) leaves sexual wording out on purpose,
so it does not cover them.

This frame caps the model's score at :data:`~saferail.detectors.benign_frames.
BENIGN_FRAME_SCORE` when a text of at most :data:`MAX_WORDS` words has a victim's or a
protector's purpose (:data:`VICTIM_PURPOSE`: harm done to the writer or to someone they look
after, a plea for help, reporting, removal, the law, warning signs, prevention, grief) and
none of what turns it into a request for harm (:data:`NOT_VICTIM`: getting even, acting
unseen, a secret kept from parents or police, exact steps, amounts or lethality, a threat to
write), no request the opt-in self-harm and sexual-exploitation forms match
(:mod:`saferail.detectors.strict_areas`) and none of a jailbreak's props. The explicit-method
rule of :mod:`saferail.detectors.hazard` wins over the frame. Written for this project on
development sets (``scripts/data/strict_areas/``), in English.
"""

from __future__ import annotations

__all__ = ["MAX_WORDS", "NOT_VICTIM", "VICTIM_PURPOSE", "victim_request"]

from collections.abc import Sequence
from typing import Any

from saferail.detectors.benign_security import JAILBREAK_PROPS
from saferail.detectors.signatures import any_words, compile_large
from saferail.detectors.strict_areas import strict_area_request

MAX_WORDS = 80

_WHO = (
    "(?:someone|somebody|a guy|a man|a girl|a woman|he|she|they|my ex|an ex|a classmate|a"
    " coworker|a stranger|an adult|a teacher|a coach|my (?:boss|landlord|coach|teacher"
    "|stepdad|stepfather|uncle|cousin|partner|boyfriend|girlfriend|husband|wife|manager|tutor"
    "|pastor|neighbou?r|roommate))"
)
_DONE = (
    "(?:(?:is |s |has been |have been |keeps |kept |was |were )?threatening to (?:post|leak"
    "|share|send|expose|show) (?:my|our|me)|(?:is |s |has been |have been |keeps |kept |was"
    " |were )?(?:threatening|threatened"
    "|threatens|blackmailing|blackmailed|sextorting|pressuring|pressured|touched|touching"
    "|drugged|spiked|raped|assaulted|abused|groomed|grooming|filmed|recorded|leaked"
    "|harassing|stalking|following) (?:me|my|us|our)|(?:is |s |has |keeps |kept )?(?:sent"
    "|shared|made|posted|leaked|asked (?:me )?for|asking (?:me )?for|keeps asking (?:me )?for"
    "|wants) (?:me )?(?:my |our |a |some |intimate |private )?(?:nudes|nude|pics|pictures"
    "|photos|videos|deepfake[^ ]*|explicit|sexual|naked))"
)

# fmt: off
VICTIM_PURPOSE = (
    "(?:^| )(?:" + _WHO + "(?: s)?" + any_words(4) + " " + _DONE
    + "|i (?:was|m being|am being|got|ve been|have been|was being) (?:sexually )?(?:assaulted"
    "|abused|raped|sextorted|blackmailed|groomed|drugged|trafficked|harassed|spiked|molested|catfished|exploited|coerced)|(?:happened"
    "|done) to (?:me|my)|(?:nudes|pictures|pics|photos|images|videos?|deepfake[^ ]*) of me"
    "|(?:i m|im|i am) (?:a )?(?:survivor|victim)|being sextorted|(?:where|how) (?:can|do"
    "|should) i (?:get help|report|get (?:it|them|this|these) (?:taken )?down|find (?:support"
    "|a therapist|help))|what are my options|is (?:it|this|that) (?:sexual harassment|a red flag"
    "|grooming|rape|assault)|should i (?:tell|report) (?:my|the police|someone|a teacher|her"
    " parents|his parents|the school)|help me (?:report|tell (?:my|the|someone))|keep the"
    " evidence|safety plan|distract me|talk with me|anyone i can call|(?:is there|give me"
    "|what s|what is|find|call) (?:a |the )?(?:[^ ]+ )?(?:hotline|helpline)|warning signs"
    "|red flags?|how (?:can you|do you|do i|to) tell if (?:someone|my|a)|how (?:do|can) i"
    " (?:protect|talk to|support) (?:my|her|him|them|a friend)|(?:about|is it|really|what is"
    "|teach|teaching|explain[^ ]*) consent|consent (?:education|class|campaign|lesson|poster)"
    "|sex ed[^ ]*|(?:suicide|abuse|assault|grooming|trafficking|violence) prevention"
    "|prevention (?:program|workshop|campaign|resources)|awareness day|safe messaging|died by"
    " suicide|killed (?:him|her)self|suicide loss|blaming myself|feel guilty|is it normal"
    "|myths)(?: |$)"
)
NOT_VICTIM = (
    "(?:^| )(?:so i can (?:do|use|get|make|leak|post|send|hurt|copy|find)|do it to (?:him|her"
    "|them|someone)|get back at|revenge|make (?:him|her|them) pay|(?:i want|i m going|im going"
    "|i plan|im gonna|i m gonna|gonna) (?:to )?(?:leak|post|share|send|threaten|hurt|drug"
    "|film|record|expose|spread)|how (?:do|can) i (?:get|make) (?:her|him|them) (?:send|pay|do"
    "|sleep|keep|come)|without (?:her|him|them|anyone|the police|police|her parents|his"
    " parents|their parents|my parents) (?:knowing|noticing|finding out|seeing)|keep (?:it|this"
    "|our [^ ]+) (?:secret|between us)|don t tell|tell me exactly|step by step|how they did"
    " it|exact (?:steps|method|dose|amount)|how (?:much|many) (?:would|to|do i)|lethal"
    "|painless|untraceable|undetectable|write (?:a|the|me a) (?:threat|threatening)|unless"
    " (?:she|he|they|you) (?:pays?|sends?)|i ll (?:post|leak|send|share|show)|or i ll|tell me"
    " how to|buy a gun|background check|(?:hide|get rid of) (?:the|a|my) (?:gun|body"
    "|evidence)|doesn t survive|so (?:she|he|they) (?:doesn t|don t|won t) (?:tell|talk|report"
    "|back out)|rank|methods? by|most effective methods|lies|lie to|dealer|believable|which"
    " method|most reliable|not found|too late|don t give me|fake account|tag (?:her|his|their)"
    "|caption|walk me through|getting into|get into|hack[^ ]*|break into)(?: |$)"
)
# fmt: on

_PURPOSE: Any = compile_large(VICTIM_PURPOSE)
_NOT_VICTIM: Any = compile_large(f"(?:{NOT_VICTIM})|(?:{JAILBREAK_PROPS})")


def victim_request(words: Sequence[str]) -> bool:
    """Whether the lowercased ``words`` of a text come from a victim, a survivor or someone
    protecting one and ask for no harm (see the module docstring)."""
    if not 3 <= len(words) <= MAX_WORDS:
        return False
    subject = " ".join(words)
    return (
        _PURPOSE.search(subject) is not None
        and _NOT_VICTIM.search(subject) is None
        and not strict_area_request(words)
    )
