"""Asks for the means of a death or an injury, for the hazard rule of ``harmful_request``.

The hazard rule's phrases (:mod:`saferail.detectors.hazard` and its area modules) bind a
request word to a named act ("how do I poison my neighbour"). People who want to die, or to
hurt someone, rarely name the act that way: they ask *which*, *how much*, *where* or *what
else*: "which way would be the least painful", "how many of these would it take for an
adult", "what could she put in his food that would look like a heart attack", "which veins
should I go for if I want it to actually work this time". Those questions are about the
means of a death whatever excuse surrounds them (a nurse's handout, a novel, a worried
parent), and the care and security frames never hold them. This module matches them:

- an amount that kills a person (:data:`AMOUNT`): "how much ... would kill", "a fatal dose
  for an adult"; a pet, a worry or an accident in the text (:data:`PET`, :data:`WORRY`: "my
  dog ate chocolate, how much would kill him", "how many would overdose a child? I'm
  worried") makes it an emergency or a safety question, not this;
- a way to die (:data:`WAY_TO_DIE`): the least painful, surest or quickest method, suicide
  methods ranked;
- an attempt carried on (:data:`ATTEMPT`): "what else do I need to take", "make sure it
  works", "how deep", "which veins", a noose that won't slip;
- something slipped into a person's food or drink with intent to harm (:data:`SLIP_INTO` and
  :data:`HARM_INTENT` in the same text);
- a death hidden (:data:`HIDDEN_DEATH`): what won't show up on a tox screen or autopsy, a
  death made to look natural;
- a poison obtained quietly (:data:`QUIET_POISON`) and hurting without marks or for the most
  pain (:data:`HURT_TECHNIQUE`);
- killing someone's animal (:data:`ANIMAL`).

A game in the text (:data:`GAME`: "the quickest way to die in Minecraft") rules all of it out.

Matched on the folded word string (RE2). Written for this project on development sets
(``scripts/data/help_requests.jsonl``, ``scripts/data/lethal_requests.jsonl``), in English.
"""

from __future__ import annotations

__all__ = [
    "AMOUNT",
    "ANIMAL",
    "ATTEMPT",
    "GAME",
    "HARM_INTENT",
    "HIDDEN_DEATH",
    "HURT_TECHNIQUE",
    "PET",
    "QUIET_POISON",
    "SLIP_INTO",
    "WAY_TO_DIE",
    "WORRY",
    "lethal_request",
]

from typing import Any

from saferail.detectors.signatures import compile_large

_VICTIM = (
    "(?:an? (?:adult|grown man|grown woman|human|person|man|woman|child|kid|teen|teenager|baby"
    "|toddler|elderly (?:person|man|woman)|old (?:person|man|woman))|someone|somebody|people"
    "|me|myself|him|her|them|my (?:[^ ]+ ){0,2}(?:husband|wife|boss|dad|mom|father|mother"
    "|partner|ex|roommate|neighbou?r|brother|sister|stepdad|stepmom|son|daughter|grandma"
    "|grandpa|uncle|aunt|coworker|friend|self))"
)

# fmt: off
AMOUNT = (
    "(?:^| )(?:(?:how (?:much|many)|what (?:amount|dose|dosage|quantity)|which (?:dose"
    "|amount)|how high (?:a|of a) dose)(?: [^ ]+){0,8} (?:would|will|could|does it take to"
    "|do (?:i|you) need to|it takes to|to|is needed to|before (?:it|they|he|she|i))(?: [^ ]+)"
    "{0,3} (?:kill|be fatal|be lethal|be deadly|cause (?:an? )?(?:fatal )?(?:overdose|death"
    "|cardiac arrest|heart attack|respiratory arrest)|stop (?:a |his |her |their |my |the"
    " |someone s |somebody s )?(?:[^ ]+ ){0,2}heart"
    "|die|od|overdose|end (?:it|my life|his life|her life))|(?:lethal|fatal|deadly|killing)"
    " (?:dose|dosage|amount|quantity|level)s?(?: [^ ]+){0,6} (?:for|to kill|in) " + _VICTIM +
    "|(?:exact|precise|minimum) (?:lethal |fatal )?(?:amount|dose|dosage|number of pills)"
    "(?: [^ ]+){0,6} (?:fatal|lethal|kill|die|overdose)|(?:amount|number|dose) (?:[^ ]+ ){0,5}"
    "(?:that|which) would (?:be )?(?:fatal|lethal|kill)|(?:enough|sufficient) to (?:kill"
    " (?:me|myself|him|her|them|someone|a person|an adult)|die|not wake up|never wake up"
    "|let (?:[^ ]+ ){0,3}(?:slip away|die|pass))|(?:amount|dose|dosage|much|many|grams|pills"
    "|mg)(?: [^ ]+){0,6} (?:is|are|would be) (?:a |an )?(?:fatal|lethal|deadly)(?: overdose"
    "| amount| dose)?|at what (?:dose|amount|point|level)(?: [^ ]+){0,4} (?:become|becomes"
    "|is|turn|turns) (?:fatal|lethal|deadly)|put (?:someone|him|her|them|me|a person) down"
    " (?:permanently|for good)|(?:need|have) to (?:drink|take|swallow|eat|inject)(?: [^ ]+)"
    "{0,2} to die)(?: |$)"
)
WAY_TO_DIE = (
    "(?:^| )(?:(?:least painful|most painless|painless|quickest|fastest|surest|most effective"
    "|most reliable|most certain|easiest|simplest|cleanest|most peaceful|best) (?:way|ways"
    "|method|methods|option|options) (?:to|of|for) (?:die|dying|kill (?:myself|yourself"
    "|oneself|himself|herself)|end (?:it|it all|my life|your life|one s life|things)|commit"
    " suicide|suicide|not wake up|go)|(?:which|what) (?:suicide )?methods? (?:are|is|would be"
    "|will be|work|works|has) (?:the )?(?:most|least) (?:lethal|deadly|painful|painless"
    "|reliable|likely|certain|effective)|(?:which|what) suicide methods?|rank (?:[^ ]+ ){0,3}"
    "(?:suicide )?methods|(?:list|rank|compare|name|tell me|what are|which are|most effective"
    "|best|painless|quick(?:est)?) (?:[^ ]+ ){0,3}suicide methods|methods? of suicide (?:that"
    "|which) (?:work|are)|(?:which|what) (?:way|method)"
    " (?:would|will) be (?:the )?(?:least painful|most painless|quickest|surest|fastest)"
    "|(?:highest|best) (?:success rate|chance)(?: [^ ]+){0,6} (?:jump|jumpers|jumping"
    "|suicide|die|dying)|(?:high|tall) enough to (?:die|kill|be fatal)|what height (?:is"
    " )?(?:enough|needed|would)|(?:what|which) method (?:won t|will not|doesn t|actually"
    "|is (?:most|more)) (?:fail|work|works|certain|reliable)|method (?:that )?(?:actually works"
    "|won t fail|works the first time)|(?:more|most) certain to (?:die|kill)|(?:always"
    "|definitely) (?:work|kill)(?: [^ ]+){0,3} (?:survive|be sure)|(?:way|ways|method|methods"
    "|how) (?:for (?:a person|someone|me) )?to take (?:their|my|your|his|her) own life"
    "|(?:how long|how fast)"
    " (?:until|till|before) (?:i m|im|i am|i ll be) (?:gone|dead)|(?:how high|what height"
    "|how tall)(?: [^ ]+){0,8} (?:fatal|die|deadly|kill)|(?:jumping|drowning|hanging|train"
    "|bridge|pills|overdose|gun|gunshot)(?: [^ ]+){0,2} (?:or|vs|versus) (?:jumping|drowning"
    "|hanging|a train|train|bridge|a bridge|pills|overdose|gun|gunshot)(?: [^ ]+){0,6}"
    " (?:certain|faster|quicker|painless|work|sure|i m done|more likely))(?: |$)"
)
ATTEMPT = (
    "(?:^| )(?:(?:make sure|ensure|be sure) (?:it|that it|this|that this) (?:finishes|is fatal"
    "|kills)|make sure (?:i|it) (?:die|dies|don t wake up)|(?:want|need) it to (?:actually )?"
    "work this time|(?:method|way|pills|rope)(?: [^ ]+){0,3} (?:actually )?works? this time"
    "|(?:which|what) veins? (?:should|do|can|to) (?:i|you) (?:go for|cut|hit|slice|aim)|how"
    " deep (?:to|should|do|would|can|must) (?:i |you )?(?:cut|slice|go)|where (?:on (?:my|the"
    "|your) [^ ]+ )?(?:to|should i|do i|can i) cut|(?:cut|cuts|cutting)(?: [^ ]+){0,4} go"
    " deeper|cut deeper|tie a noose|noose (?:that|which)"
    " (?:won t|doesn t|will not|does not) slip|what else (?:do i need|should i|can i|would i"
    " need) (?:to )?take|(?:already )?took (?:[^ ]+ ){0,4}(?:and )?(?:they re|it s|they are"
    "|it is) not working|(?:sitting|sat) in (?:the|my) (?:garage|car) (?:[^ ]+ ){0,3}(?:how"
    " long|engine)|how long (?:does it|would it|will it|until it) (?:take|takes)(?: [^ ]+)"
    "{0,4} (?:to (?:die|pass out|lose consciousness|stop breathing|be fatal)|before (?:i|you"
    "|he|she|they) (?:die|pass out|lose consciousness|stop breathing))|(?:how (?:do|can|to"
    "|should)|wants? to|should|to) (?:[^ ]+ ){0,2}cut (?:myself|herself|himself|themselves"
    "|yourself) deeper|(?:best|where|which) (?:places?|spots?"
    "|parts?)(?: [^ ]+){0,3} to cut|(?:which|what) direction (?:do you|to|should i|do i) cut"
    "|keep (?:my |the )?(?:cuts|wounds|it) from (?:healing|closing)|(?:which|what) hides cuts"
    "|hid(?:e|es|ing) (?:my |the |her )?cuts (?:better|from|in summer|under)"
    "|vein (?:on|in) (?:the |my )?(?:inside of )?(?:the |my )?(?:arm|wrist)(?: [^ ]+){0,6}"
    " cut|break my own (?:arm|leg|wrist|bone|hand|finger)|make a deep (?:wound|cut)|(?:thing"
    "|things|something|object|what) (?:[^ ]+ ){0,3}(?:can|could|should) i use to hurt myself"
    "|pain to be worse|(?:take|use|add|drink|swallow) (?:more|the rest|another)(?: [^ ]+){0,4}"
    " (?:to (?:finish|end|make sure|be sure)|so it (?:works|finishes|ends))|help it along"
    "|(?:overdosed|took|swallowed)(?: [^ ]+){0,6} make it (?:go )?faster|(?:not|isn t) (?:be )?"
    "undone|(?:keep|make) (?:it|the bleeding) (?:going|keep going)|(?:bleeding|cut|wrist)"
    "(?: [^ ]+){0,6} (?:stop|keep) it from clotting|(?:pills|tablets|meds)(?: [^ ]+){0,8} keep"
    " them down"
    "|too late (?:for (?:them|anyone|the doctors) )?to save me|(?:no one|nobody) calls (?:an )?"
    "ambulance|stop (?:the er|the hospital|them|doctors|paramedics) from (?:pumping|saving"
    "|reviving)|(?:or|and) (?:add|mix (?:in|with)|drink) alcohol|should i (?:use|take) the"
    " rest|(?:rope|noose|exhaust|exhaust thing|pills|overdose)(?: [^ ]+){0,6} (?:didn t"
    "|doesn t|isn t|wasn t) work(?:ing)?|still here(?: [^ ]+){0,3} (?:what now|to finish"
    "|how do i)|so i don t (?:throw up|wake up) and)(?: |$)"
)
SLIP_INTO = (
    "(?:^| )(?:(?:put|slip|add|mix|sneak|lace|spike|drop|hide|stir|bake|cook|toss)(?: [^ ]+)"
    "{0,5} (?:in|into|with|to)|something in) (?:his|her|their|someone s|somebody s|(?:a|the"
    "|my|our|some) (?:[^ ]+ ){0,2}|(?:[^ ]+ ){0,2}[^ ]+ s )?(?:[^ ]+ )?(?:food|drink|drinks"
    "|coffee|tea|meal|meals|soup|water|beer|wine|smoothie|lunch|dinner|breakfast|bottle|glass"
    "|cup|juice|pills|medicine|medication|brownies|cookies|cake|energy drink|water bottle"
    "|it)(?: |$)"
)
HARM_INTENT = (
    "(?:^| )(?:(?:make|makes|making|to make|get|gets|so (?:he|she|they|him|her|them|it)"
    "|that (?:would|will|could|d|ll)|which (?:would|will|could)|enough to)(?: [^ ]+){0,3}"
    " (?:sick|ill|throw up|vomit[^ ]*|pass out|unconscious|die|dies|dead|suffer|hallucinat[^ ]*"
    "|paraly[sz][^ ]*|in (?:the )?hospital|weak|weaker|sleep for|never wake)|poison[^ ]*"
    "|kill (?:him|her|them|someone|it)|knock (?:him|her|them) out|(?:put|land|send) (?:him"
    "|her|them) in (?:the )?hospital|weaken (?:her|him|them)|no (?:smell|taste|odou?r)"
    "|tasteless|odou?rless|can t (?:taste|smell)|heart attack|overdose)(?: |$)"
)
HIDDEN_DEATH = (
    "(?:^| )(?:(?:won t|doesn t|don t|wouldn t|will not|does not|do not|can t|cannot|isn t"
    "|aren t|never) (?:show up|be detected|be found|be traced|appear|detectable|show)"
    "(?: [^ ]+){0,3} (?:on|in|by|during) (?:a |an |the )?(?:standard |routine )?(?:tox"
    "(?:icology)?(?: screen| screening| report| test| panel)?|autopsy|autopsies|post ?mortem"
    "|coroner|medical examiner)|(?:undetectable|untraceable) (?:in|on|by|during) (?:a |an"
    " |the )?(?:tox|autopsy|post ?mortem)|(?:make|making|to make|so (?:it|that it|his death"
    "|her death|their death|the death)) (?:[^ ]+ ){0,3}(?:look|looks|seem|seems|appear"
    "|appears) (?:like )?(?:a |an )?(?:heart attack|natural|accident|accidental|suicide|sids"
    "|cardiac arrest|stroke)|(?:cause|causes|trigger|triggers|induce|induces) (?:a |an )?"
    "(?:cardiac arrest|heart attack|stroke|fatal (?:[^ ]+ )?)(?: [^ ]+){0,4} (?:that|which"
    "|and) (?:looks|look|would look|won t|wouldn t|seems)|(?:autopsy|autopsies|tox screens?"
    "|coroners?|medical examiners?) (?:[^ ]+ ){0,3}(?:not|never|don t|doesn t|won t|can t"
    "|fail to) (?:test|detect|find|catch|pick up|show)|(?:fatal|kill|killing|death|murder"
    "|poison|smother|die)(?: [^ ]+){0,8} (?:leaves? no (?:trace|signs|evidence)|without"
    " leaving (?:any )?(?:signs|trace|traces|evidence|marks)|least (?:forensic )?evidence)"
    "|breaks? down in the body before|stops? being detectable|(?:need|want) it to not be found"
    "|made to look (?:like )?(?:an )?accident(?:al)?|make it look like (?:he|she|they|my [^ ]+"
    "|[^ ]+) (?:fell|slipped|drowned|overdosed|killed (?:himself|herself|themselves))"
    "|hide the taste of (?:antifreeze|poison|bleach|rat poison|arsenic|cyanide|thallium"
    "|ethylene glycol|pills|it))(?: |$)"
)
QUIET_POISON = (
    "(?:^| )(?:(?:buy|order|get|obtain|purchase|source|find)(?: [^ ]+){0,3} (?:thallium|arsenic"
    "|cyanide|ricin|strychnine|polonium|aconite|aconitine|oleander|potassium chloride|digoxin"
    "|barbiturates?|pentobarbital|nembutal|euthanasia (?:drug|solution)|succinylcholine"
    "|tetrodotoxin)(?: [^ ]+){0,6} (?:without|no) (?:raising|questions|a prescription"
    "|prescription|id|flags|anyone|being|getting|leaving)|(?:get|buy|obtain|order)"
    " (?:[^ ]+ ){0,2}(?:thallium|arsenic|cyanide|ricin|strychnine|polonium|nembutal"
    "|pentobarbital)(?: [^ ]+){0,3} (?:online|anywhere|as a regular person|for someone|need"
    " it for)|excuse (?:should i|to|can i) give (?:the |my |a )?(?:vet|doctor|pharmacist)"
    "(?: [^ ]+){0,4} (?:euthanasia|pentobarbital|morphine|insulin|potassium|opioids)"
    "|pharmacies (?:[^ ]+ ){0,6}without (?:flags|raising)|(?:poison|toxin|venom)(?: [^ ]+){0,5}"
    " to use on (?:a person|someone|people|him|her))(?: |$)"
)
HURT_TECHNIQUE = (
    "(?:^| )(?:(?:where|how) (?:to|should i|do i|can i|would i)(?: [^ ]+){0,2} (?:hit|punch"
    "|kick|stab|choke|strangle|cut|hurt|grab|stomp|slap|beat)(?: [^ ]+){0,6} (?:so (?:it|he|she"
    "|they) (?:hurts?|bleeds?|can t|won t)|without leaving|leaves? no|(?:the )?most pain"
    "|hurts? (?:the )?most|maximum (?:pain|damage)|bleed out|pass out|can t breathe"
    "|(?:won t|wont|doesn t|doesnt|don t|dont|not|never) leave (?:any )?(?:visible )?(?:marks"
    "|bruises))|easiest (?:bones?|places?) to break (?:on|in) (?:a|someone)|(?:beat|hit|hurt"
    "|burn|punch|kick) (?:someone|him|her|them|my [^ ]+|a guy|the guy)(?: [^ ]+){0,4} so"
    " (?:the )?(?:bruises|marks|it) (?:don t|doesn t|won t) (?:show|scar)|without (?:[^ ]+ )"
    "{0,3}(?:seeing|noticing) (?:the )?marks|(?:burn|hurt|cut|hit) (?:someone|him|her|them"
    "|my [^ ]+)(?: [^ ]+){0,4} (?:but|and) (?:doesn t|doesnt|won t) scar"
    "|most painful (?:place|spot) to (?:kick|hit"
    "|punch|stab)|where should i (?:hit|stab|kick|punch|shoot) (?:him|her|them|someone)"
    "|hit something vital|(?:knock|put) (?:someone|him|her|them) out for good|(?:so|until)"
    " (?:he|she|they|someone|i) (?:will )?never wakes? up|to never wake up"
    "|best way to blind (?:someone|him|her|them)|how long (?:to|do you have to|should i|do i)"
    " hold (?:it|the pillow|a pillow|a chokehold|the chokehold|him|her|them)|(?:kill|killing)"
    " (?:someone|a person|him|her|them) (?:by|with) (?:choking|strangl[^ ]*|smother[^ ]*"
    "|drowning|poison[^ ]*))(?: |$)"
)
PET = "(?:^| )(?:dog|dogs|puppy|cat|cats|kitten|pet|pets|vet|horse|parrot|rabbit|hamster)(?: |$)"
# a worry or an accident already happened: an emergency or a safety question, not a plan
WORRY = (
    "(?:^| )(?:(?:i am|i m|im|we re|we are) (?:so |really )?(?:worried|scared|afraid)"
    "|accidental(?:ly)?|by accident|swallowed|got into|ate (?:some|a|the|my|his|her|half))"
    "(?: |$)"
)
# a game, where dying is a mechanic
GAME = (
    "(?:^| )(?:minecraft|fortnite|roblox|terraria|video ?games?|games?|gaming|hardcore mode"
    "|speedrun[^ ]*|respawn[^ ]*|npcs?|the sims|dark souls|elden ring)(?: |$)"
)
ANIMAL = (
    "(?:^| )(?:(?:kill|poison|get rid of|put down)(?: [^ ]+){0,2} (?:(?:my |the )?neighbou?r"
    "s?(?: s)?|someone s|somebody s|a stray|the stray|stray|his|her|their) (?:[^ ]+ )?(?:dog"
    "|dogs|cat|cats|pet|pets|horse|chickens)|(?:put|lace|mix|hide)(?: [^ ]+){0,4} (?:in|into)"
    " (?:some |a |the )?(?:meat|food|treats?|bait|hot dog|sausage)(?: [^ ]+){0,4} (?:to )?"
    "(?:kill|poison)(?: [^ ]+){0,2} (?:it|the dog|the cat|him|them|that dog|that cat))(?: |$)"
)
# fmt: on

_AMOUNT: Any = compile_large(AMOUNT)
_NOT_AMOUNT: Any = compile_large(f"(?:{PET})|(?:{WORRY})")
_GAME: Any = compile_large(GAME)
# forms that match on their own, whatever else the text holds
_ALWAYS_FORMS = (WAY_TO_DIE, ATTEMPT, HIDDEN_DEATH, QUIET_POISON, ANIMAL, HURT_TECHNIQUE)
_ALWAYS: Any = compile_large("|".join(f"(?:{p})" for p in _ALWAYS_FORMS))
_SLIP: Any = compile_large(SLIP_INTO)
_ANY: Any = compile_large("|".join(f"(?:{p})" for p in (*_ALWAYS_FORMS, AMOUNT, SLIP_INTO)))
_INTENT: Any = compile_large(HARM_INTENT)


def lethal_request(subject: str) -> bool:
    """Whether the folded word string ``subject`` asks for the means of a death or an injury
    (see the module docstring)."""
    if _ANY.search(subject) is None or _GAME.search(subject) is not None:
        return False  # one scan rules out almost every text
    if _ALWAYS.search(subject) is not None:
        return True
    if _AMOUNT.search(subject) is not None and _NOT_AMOUNT.search(subject) is None:
        return True
    return _SLIP.search(subject) is not None and _INTENT.search(subject) is not None
