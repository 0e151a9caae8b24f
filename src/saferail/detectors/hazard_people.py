"""Harm to people for the hazard rule of ``harmful_request``: self-harm, child safety and
violent crime, the way people type such requests.

The rule's first lists (:mod:`saferail.detectors.hazard`) catch "how do I kill myself" and
"how to kidnap a child"; requests written as people write them slip past: "how many of my
sleeping pills would it take to not wake up", "which bridge is high enough to jump from",
"how do I get the girl next door to come over when her parents aren't home", "make it look
like he fell down the stairs", "where to dump a body so it's never found". Each phrase here
carries its own intent (the speaker's plan, a child kept from their parents, a staged
accident), so "how do I help a friend who self-harms", "warning signs of grooming" and "how
do detectives spot a staged accident" stay out. Written for this project on a development
set (``scripts/data/harm_areas_2.jsonl``), in English with a few French, Spanish and German
forms.
"""

from __future__ import annotations

__all__ = ["PEOPLE_ACTS", "PEOPLE_STANDALONE"]

_CHILD = (
    r"(?:\d+ year old|child|children|kid|kids|boy|boys|girl|girls|minor|minors|teen|teens|"
    r"campers|students|little ones)"
)
_THEM = r"(?:him|her|them|someone|somebody|a guy|a man|a woman|my \w+|the \w+|this guy)"

# acts that follow a method request ("how do I ...", "help me ...", "what's the best way to")
PEOPLE_ACTS = (
    r"(?:rob|hold up|stick up) (?:a |the |this |that )?(?:\w+ )?(?:gas station|bank|store|"
    r"check cashing store|liquor store|pharmacy|jewelry store|house|home)\b"
    r"|(?:plan|carry out|pull off) (?:a |the )?(?:robbery|home invasion|carjacking|hit)\b"
    r"|(?:tamper|mess) with (?:his|her|their|someone s|my \w+ s|the \w+ s) (?:brakes|car|"
    r"gas line|brake lines)\b"
    r"|(?:get|make|convince|persuade|lure) (?:the |a |that |this |his |her |their )?(?:\w+ )?"
    + _CHILD
    + r"(?: \w+){0,8} (?:alone|to come (?:over|inside|in)|(?:without|when) (?:his|"
    r"her|their) parents)\b"
)

# requests that need no method request before them
PEOPLE_STANDALONE = (
    # self-harm and suicide, in the speaker's own words
    r"how many (?:of my )?(?:\w+ ){0,2}(?:pills|tablets|capsules|do i need)(?: \w+){0,6} "
    r"(?:to not wake up|to never wake up|to die|to end it|to stop breathing|so it (?:actually )?"
    r"works|would it take to (?:die|not wake up))\b"
    r"|(?:pills|paracetamol|tylenol|acetaminophen|pastillas)(?: \w+){0,6} (?:para morir|pour "
    r"mourir|um zu sterben)\b"
    r"|(?:best |right |which )?(?:spot|place|part) (?:on (?:ur|your|my) (?:arm|wrist|leg|body) )?"
    r"to cut (?:so|myself|deep)\b"
    r"|how deep (?:do i|should i|to|would i) (?:have to )?cut\b"
    r"|(?:high|tall) enough to jump from\b|jump from (?:it )?(?:and|to) (?:die|be certain)\b"
    r"|(?:quicker|less painful|more reliable|faster|painless|surest)(?: \w+){0,3} (?:hanging|"
    r"carbon monoxide|an overdose|jumping)\b"
    r"|(?:pick|choose|give me|tell me) (?:a |the )?(?:method|way)(?: \w+){0,6} (?:kids|family) "
    r"won t (?:be the ones who )?find me\b"
    r"|(?:pro ana|pro mia|thinspo|thinspiration)(?: \w+){0,2} (?:tips|plan|tricks|diet)\b"
    r"|(?:under|below) \d+ calories a day\b"
    r"|laxatives(?: \w+){0,6} (?:drop weight|lose weight|weigh ?in)\b"
    r"|make it look like i (?:ate|ve eaten|had eaten)\b"
    r"|(?:every trace|all traces|history)(?: \w+){0,3} (?:overdose|suicide|self harm) searches\b"
    r"|(?:help me )?write (?:my |a )?suicide note\b"
    # child safety: access to children, secrecy from parents, exploitative material
    r"|(?:keep|keeps|kept) (?:\w+ ){0,4}(?:secret|a secret|secrets)(?: \w+){0,3} (?:from "
    r"(?:his|her|their) parents|without telling (?:his|her|their) parents)\b"
    r"|(?:test|see) whether a (?:child|kid) will keep (?:little )?secrets\b"
    r"|(?:loosest|no|weakest) (?:rules|supervision|checks)(?: \w+){0,6} alone with "
    + _CHILD
    + r"\b"
    r"|(?:pose|posing|pretend|pretending) (?:to be |as )(?:a |an )?(?:\d+ year old|teen|kid|child|"
    r"minor)(?: \w+){0,6} (?:befriend|talk to|chat with|meet|contact) (?:younger )?"
    + _CHILD
    + r"\b"
    r"|(?:on the (?:sex offender )?registry|conviction involving minors)(?: \w+){0,12} "
    r"(?:babysit\w*|daycare|foster|unsupervised|hired|coach|camp)\b"
    r"|(?:delete|hide|wipe) (?:\w+ ){0,3}(?:chats|messages|conversations) with (?:a |the )?"
    r"(?:minor|child|kid|\d+ year old)\b"
    r"|(?:messaging|message|chat with|video chat with|contact) (?:\w+ ){0,3}(?:\d+ year old|"
    r"kids|children|minors)(?: \w+){0,6} (?:privately|late at night|without (?:telling )?(?:their|"
    r"his|her) parents)\b"
    r"|(?:get into|join|find|access|get access to)(?: \w+){0,6} (?:groups?|channels?|chats?|sites?|"
    r"servers?)(?: \w+){0,3} (?:share|sharing|trade|trading|post|posting) (?:stuff|pics|"
    r"pictures|photos|videos|content|material) (?:of|with) (?:kids|children|minors)\b"
    r"|privately message (?:children|kids|minors)\b"
    r"|(?:kind|kinder)(?: \w+){0,6} (?:geheim|vor (?:seinen|ihren) eltern)\b"
    # violent crime: a staged accident, a body, a target, a cover-up
    r"|(?:kill|murder|hurt|hit|run over|burn|torch|poison|push|drown|strangle)(?: \w+){0,8} "
    r"(?:make|making) it look like (?:an? |the )?(?:accident|suicide|(?:he|she|they) (?:just )?"
    r"fell|natural causes|electrical fire|heart attack|hunting accident)\b"
    r"|(?:look|looks) like (?:she|he|they) just fell\b"
    r"|(?:where|how|which spot) to (?:stab|shoot|hit|strike) (?:him|her|them|someone|a person)"
    r"(?: \w+){0,4} (?:so (?:he|she|they) (?:actually )?dies?|to kill)\b"
    r"|where to (?:dump|hide|bury) a body\b"
    r"|(?:beat|hit|hurt|punch) " + _THEM + r"(?: up)?(?: \w+){0,3} without (?:leaving )?(?:marks|"
    r"bruises|evidence)\b"
    r"|(?:burning|burn|torch|set fire to)(?: down)? (?:my|an|the|his|her)(?: \w+){0,2} "
    r"(?:restaurant|house|business|store|shop|apartment|car)(?: \w+){0,3} (?:for the insurance|"
    r"so it looks like)\b"
    r"|(?:torch|burn) an occupied (?:apartment|house|building)\b"
    r"|(?:hurt|kill|injure) as many people as possible\b"
    r"|(?:keep|hold) (?:someone|a person|him|her) tied up\b"
    r"|(?:get rid of|hide|clean) (?:the )?(?:bat|gun|knife|weapon|clothes|blood)(?: \w+){0,4} so "
    r"(?:the )?(?:police|cops|detectives) (?:can t|won t|cannot) (?:link|trace|connect|find)\b"
    r"|alibi holds up after i (?:assaulted|killed|hit|stabbed|shot|attacked)\b"
    r"|break (?:his|her|their|a guy s|someone s) jaw\b"
    r"|(?:comment tuer|como matar|come uccidere) (?:quelqu un|a alguien|alguien|qualcuno)\b"
)
