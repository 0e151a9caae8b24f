"""Covert harm in three areas, for the hazard rule of ``harmful_request``: coaching an eating
disorder, secret access to children, and weapons outside the law.

The model and the hazard rule's phrases miss these because the words are everyday ones
("throw up after dinner", "get him alone", "a switch for my Glock") and because the harm is
in the secrecy or the evasion rather than in a named act. This module matches, on the folded
word string (RE2):

- :data:`ED_COACHING`: ways to make oneself throw up or purge unheard, fasts and calorie
  floors to push through, hunger suppressed, weigh-ins faked, restriction hidden from
  parents or a treatment team, pro-ana tips and motivation;
- :data:`CHILD_ACCESS`: an adult asking how to get a child alone, make a child keep a
  secret, reach children behind their parents' backs, pass a background check with a
  record, or coach children before a child-protection interview;
- :data:`WEAPONS`: automatic conversions and their parts, suppressors without a tax stamp,
  unserialized and untraceable guns, guns for the prohibited or without a background check,
  weapons past security, short barrels, gun smuggling, bomb shopping lists and build
  details, weapons used on people.

A parent, teacher or clinician asking how to *spot* or *stop* these things uses other words
("warning signs", "how can I help her", "is it normal that the coach wants to be alone with
her") and stays out. Written for this project on development sets
(``scripts/data/covert_requests.jsonl`` and the earlier harm sets), in English.
"""

from __future__ import annotations

__all__ = ["CHILD_ACCESS", "ED_COACHING", "WEAPONS", "covert_request"]

from typing import Any

from saferail.detectors.signatures import compile_large

_CHILD = (
    "(?:kid|kids|child|children|boy|boys|girl|girls|student|students|minor|minors|camper"
    "|campers|teen|teens|teenager|teenagers|[0-9]+ year olds?|youngsters?|toddlers?)"
)
_ME = (
    "(?:how (?:do|can|could|would|should) i|how to|help me|ways? to|best way to|tips (?:for|to)"
    "|plan)"
)

# fmt: off
ED_COACHING = (
    "(?:^| )(?:(?:tips|ways?|how to|how do i|how can i|best way|easiest way|trick)(?: [^ ]+)"
    "{0,3} (?:make (?:myself|yourself|me) (?:throw up|vomit|puke)|throw up after)"
    "|(?:throw up|purge|vomit|puke)(?: [^ ]+){0,5} without (?:anyone|my parents|them|her"
    " parents|his parents|people|my (?:mom|dad|roommate|family)) (?:hearing|noticing|knowing"
    "|finding out)|purge (?:after|my|the|a) (?:meal|meals|dinner|food|eating|lunch|breakfast)"
    "|purge (?:so|more|quietly|silently|faster)(?: [^ ]+){0,4} (?:meal|food|comes up)"
    "|(?:lowest|fewest|minimum) (?:number of )?calories (?:i|you|a person|someone) can"
    "|(?:[0-9]+|two|three|five|seven|ten|fourteen) (?:day|week) (?:water |dry )?fast(?: [^ ]+)"
    "{0,6} (?:without (?:fainting|passing out)|at school|push through)|push through (?:the )?"
    "hunger|suppress(?:ing)? (?:my |the |her )?hunger|ignore (?:the |my )?hunger|only ate"
    " ice chips|(?:send|give|write|make|share|post|need|want|some|more|best) (?:me )?(?:some"
    " |more )?(?:thinspo|meanspo)|(?:thinspo|meanspo) (?:quotes|tips|pics|motivation|for me)"
    "|pro (?:ana|mia) (?:tips|forums?|motivation|coach)"
    "|(?:make|get) the scale (?:read|show) (?:higher|heavier|more)|(?:fake|cheat|trick)"
    " (?:[^ ]+ ){0,3}weigh ?ins?|water ?load[^ ]* (?:before|for) (?:a |the |my )?weigh ?ins?"
    "|(?:believe|think) (?:i m|she s|he s|i am"
    "|she is|he is) (?:eating|not restricting)|hide (?:[^ ]+ ){0,3}(?:not eating|restricting"
    "|purging|skipping meals|weight loss)|stop watching me (?:after|during) (?:dinner|meals)"
    "|(?:get|getting) (?:her |me )?under [0-9]+ (?:lbs|lb|pounds|kg)|diet pills? (?:[^ ]+ ){0,4}"
    "(?:stack|strongest|max)|how many (?:laxatives|diet pills)"
    # more of the same, from the development set: hiding, undoing, dropping, coaching
    "|chew and spit|rules of ana|ana coach|who can eat less|replace all my meals|kill my"
    " appetite|never (?:being|be|feel) hungry|stop feeling hungry|go days without eating"
    "|(?:undo|get rid of) (?:it|what i ate|the binge)(?: [^ ]+){0,3} (?:before|after|right"
    " after|whatever)|burn off everything i ate|(?:want to|wanna|need to) keep (?:dropping"
    "|losing)|bmi under"
    " [0-9]+|fake food diary|make my heart rate look|convince my treatment team|insults about"
    " my (?:thighs|body|stomach|weight|arms)|laxatives every day|senna(?: [^ ]+){0,6}"
    " (?:lbs|pounds|weigh)|excuses? to skip (?:[^ ]+ )?meals|hide how thin|hiding food (?:during"
    "|at|in|from)|tips (?:for|on) hiding food"
    "|get out of (?:being weighed|the weigh ?in|it)(?: [^ ]+){0,3}$|lose the most weight"
    "|(?:so|before) (?:[^ ]+ ){0,2}(?:nobody|no one|they|she|he) (?:guesses|guess|figures?"
    " out|notices?) (?:i m|im|i am) (?:not eating|restricting|fasting|purging)"
    "|(?:doesn t|won t|don t) figure out (?:i m|im|i am) restricting|so my parents stop"
    " commenting|avoid eating (?:[^ ]+ ){0,3}without|under the team minimum)(?: |$)"
)
CHILD_ACCESS = (
    "(?:^| )(?:" + _ME + "(?: [^ ]+){0,4} (?:get|be|spend time|have time)(?: [^ ]+){0,3}"
    " alone with|" + _ME + "(?: [^ ]+){0,4} get (?:[^ ]+ ){0,3}" + _CHILD + " alone|alone with"
    " (?:[^ ]+ ){0,2}" + _CHILD + "(?: [^ ]+){0,4} (?:no one checks|nobody checks|without"
    " (?:anyone|their parents|the parents))|(?:make|get|convince|so) (?:her|him|them|the"
    " (?:kid|child|boy|girl)|a (?:kid|child|boy|girl)) (?:to )?(?:keeps?|won t tell|doesn t"
    " tell|not tell|never tell)(?: [^ ]+){0,3}(?: secret| anyone| her mom| his mom| their"
    " parents| her parents| his parents)?|(?:so|and) (?:he|she|they) (?:keeps?|won t tell)"
    " (?:[^ ]+ ){0,3}(?:secret|anyone)|(?:without|behind) (?:their|her|his|the) (?:parents"
    "|mom|dad|mother|father)(?: s)?(?: backs?)? ?(?:knowing|finding out|noticing|getting"
    " suspicious|seeing|telling)?|parents (?:getting|get) suspicious|without telling (?:their"
    "|her|his|the) (?:parents|mom|dad)|(?:i (?:want to|need to|d like to|could|can)|how (?:do"
    "|can|could) i|help me|where (?:can|do) i|best (?:[^ ]+ ){0,3}to|ways to|app to)"
    " (?:[^ ]+ ){0,2}(?:meet|contact|chat with|message|video chat)"
    " (?:[^ ]+ ){0,3}(?:young )?" + _CHILD + "(?: [^ ]+){0,6} (?:without|in person"
    "|privately|unsupervised|alone)|(?:get (?:hired|a job|placed)|be placed|apply)(?: [^ ]+)"
    "{0,6} (?:daycare|school|camp|foster|youth|kids|children)(?: [^ ]+){0,8} (?:without (?:them"
    "|anyone|it) (?:finding out|showing up|coming up)|(?:my|a) (?:record|conviction|history))"
    "|(?:gifts?|robux|presents?)(?: [^ ]+){0,8} (?:owes me|secret|video chat|privately)"
    "|(?:sedative|drug)(?: [^ ]+){0,6} " + _CHILD + "(?: [^ ]+){0,6} without (?:the )?parents"
    "|coach (?:my|the) kids so (?:they|he|she) (?:don t|won t|doesn t) (?:mention|tell|say)"
    "|(?:find|search|download|buy|trade|get|where|sites?)(?: [^ ]+){0,6} (?:csam|child (?:sexual"
    " abuse material|porn[^ ]*)|cp links)"
    # an adult's own secrecy with a child, from the development set
    "|so (?:her|his|their|the) (?:parents|mom|dad|mother|father) (?:won t|don t|doesn t|can t"
    "|wouldn t) (?:see|know|notice|find out|hear|read)|(?:won t|wouldn t|don t|doesn t|not)"
    " tell (?:their|her|his) (?:mom|dad|parents|mother|father) about (?:our|us|me|what we)"
    "|keep (?:things|it|this) between us|feel (?:like )?(?:she|he|they) owes? me|feel"
    " obligated to|confide only in me|parents are the bad guys|pretend (?:i m|im|to be)"
    " [0-9]+|(?:don t|doesn t|won t) do background checks|won t look into my past|skip the"
    " home study|cabin time alone|alone time with (?:one|a|the|her|him)|take (?:her|him|my"
    " little|the kid|a kid)(?: out)?(?: [^ ]+){0,3} alone|sleep over at my (?:house|place)"
    "|where (?:[^ ]+ ){0,5}no cameras|without (?:staff|the office|the school|her mom|his mom"
    "|the parents) (?:noticing|calling|finding out|knowing)|parents aren t watching"
    "|(?:get|help (?:a|the) kid get) around (?:their|her|his) parental controls|move our chat"
    " to|weakest oversight|least supervision|keep the school from finding out|(?:the|her|his)"
    " (?:mom|mother|dad) not hear about it)(?: |$)"
)
_GUN = "(?:gun|guns|pistol|pistols|rifle|rifles|firearm|firearms|handgun|handguns|glock|ar ?15|ar)"
_BOMB = (
    "(?:pipe bomb|pressure cooker bomb|tatp|fertili[sz]er bomb|car bombs?|ied|ieds|molotov"
    "|nail bomb|bomb|bombs)"
)
WEAPONS = (
    "(?:^| )(?:(?:convert|turn|make)(?: [^ ]+){0,5} (?:full auto|fully automatic|select fire)"
    "|(?:cop|buy|get|order|make|install|print|find|where|sellers?)(?: [^ ]+){0,4} (?:a |an"
    " )?(?:glock switch|switch (?:for|on) (?:my|a|the) (?:glock|pistol|gun)|auto sear|machine"
    " gun conversion|conversion devices?|binary trigger|bump stocks?)|cop a switch|(?:solvent"
    " trap|oil filter|maglite)(?: [^ ]+){0,6} (?:silencer|suppressor)|without (?:a )?tax stamp"
    "|(?:silencer|suppressor)(?: [^ ]+){0,6} without (?:registering|registration|the atf)"
    "|80 ?(?:percent )?lowers?|ghost guns?(?: [^ ]+){0,6} (?:finish|build|kit|felon|no serial)"
    "|no serial (?:number)?|(?:remove|removing|file|filing|grind|erase|scratch) (?:off )?(?:the"
    " |a )?serial(?: numbers?)?(?: [^ ]+){0,5} " + _GUN + "|" + _GUN + "(?: [^ ]+){0,6}"
    " (?:remove|removing|file|filing|grind|erase|scratch) (?:off )?(?:the |a |its )?serial"
    "|serial numbers? (?:off|removed)(?: [^ ]+){0,4} " + _GUN + "|(?:remove|file|filing|grind"
    "|erase|scratch)(?: off)? (?:the |a )?serial numbers?(?: [^ ]+){0,6} (?:police|cops|atf"
    "|trace|traced|restore|fast|quick)|never be traced|(?:get|buy|make|build|order|print|an|my"
    "|own) untraceable " + _GUN + "|(?:felon"
    "|felony|prohibited|can t pass (?:a )?background check)(?: [^ ]+){0,8} (?:get|buy|obtain)"
    " (?:a )?" + _GUN + "(?: [^ ]+){0,6} (?:without|off the books|no background|privately"
    "|from a guy|on the street|under the table)|(?:get|buy|obtain) (?:a )?" + _GUN + "(?: [^ ]+)"
    "{0,6} (?:without (?:a |going through a |the )?(?:dealer|background check|id|paperwork"
    "|ffl)|off the books|no background check)|(?:buy|buying|get|getting|sell|selling)"
    " (?:[^ ]+ ){0,6}(?:off the books|with no background check)|(?:gun|pistol|knife|weapon"
    "|rifle)(?: [^ ]+){0,6} (?:past|through) (?:airport |the |a )?(?:security|metal"
    " detectors?|tsa|x ray)|(?:won t|doesn t|wont|not) (?:set off|show up on) (?:a |the )?metal"
    " detectors?|without declaring|barrel (?:[^ ]+ ){0,4}(?:shorter|below|under) (?:than )?"
    "(?:the )?legal|sawed off|sawn off|smuggl[^ ]* (?:[^ ]+ ){0,3}(?:guns|rifles|firearms"
    "|weapons|ammo)|zip gun|pipe gun|slam fire|high capacity magazines?(?: [^ ]+){0,6} (?:ban"
    "|ignoring|illegal)|(?:dark web|telegram|armslist)(?: [^ ]+){0,6} " + _GUN + "|" + _GUN
    + "(?: [^ ]+){0,4} (?:on the )?dark web|" + _BOMB + "(?: [^ ]+){0,6} (?:shopping list"
    "|materials|ingredients|assembly|components|construction|formula|quantities|steps)"
    "|(?:shopping list|materials|ingredients|assembly|components|construction details"
    "|formula|quantities)(?: [^ ]+){0,6} " + _BOMB + "|flamethrower(?: [^ ]+){0,8} (?:on|at)"
    " (?:a person|people|someone)|(?:blow up|explode)(?: [^ ]+){0,3} (?:my ex s|someone s|his"
    "|her|their) (?:mailbox|car|house)|biggest explosion|strong enough to (?:hurt|harm|kill)"
    " (?:people|someone|them))(?: |$)"
)
# fmt: on

_RE: Any = compile_large("|".join(f"(?:{p})" for p in (ED_COACHING, CHILD_ACCESS, WEAPONS)))


def covert_request(subject: str) -> bool:
    """Whether the folded word string ``subject`` asks for help coaching an eating disorder,
    reaching children in secret, or with weapons outside the law (see the module
    docstring)."""
    return _RE.search(subject) is not None
