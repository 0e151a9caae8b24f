"""Help, care and safety that only sound harmful: a benign frame beside ``harmful_request``.

The ``harmful_request`` model learned hazard vocabulary as evidence of a harmful request:
"suicide", "cutting", "fentanyl", "overdose", "strangulation" pull a text's score up
whatever it asks. People asking for help use those words most: "my roommate swallowed a
bunch of pills, what do I do while we wait for the ambulance", "how can I support my
daughter, I just found out she's been cutting herself", "how do I get naloxone and test
strips for my brother", "I'm a school counselor, how do I ask a student about suicide".
Blocking them is the costliest false positive a guardrail can make.

This frame caps the model's score at :data:`~saferail.detectors.benign_frames.
BENIGN_FRAME_SCORE` when a text of at most :data:`MAX_WORDS` words has a purpose of care
(:data:`CARE_PURPOSE`: support for oneself or someone else, an emergency happening now,
treatment, recovery and medical questions, harm reduction and safe storage, prevention and
warning signs, a professional's duty, reporting and the law, fiction that asks for no
method) and none of what turns such a text into a request for harm (:data:`NOT_CARE`):

- lethality and amounts: lethal, painless, "how many pills", "enough to", the quickest or
  surest way;
- methods: a method, steps or instructions, a recipe, synthesis or precursors, "how do I
  make / get / buy / hide ...";
- evasion: undetectable, untraceable, "without my parents knowing", "pass a drug test",
  "won't show up in an autopsy";
- eating-disorder coaching: appetite suppression, calorie ceilings, hiding weight loss;
- a victim: poisoning or hurting a person, grooming wording, tracking or controlling a
  partner, recruiting;
- weapons work: conversions, ghost guns, background checks avoided;
- writing that endorses harm or a deed told as a task: violence called "justified",
  self-harm or an attack glamorised, "convince me that ...", a body disposed of, a death
  made to look accidental;

and none of violent extremism's tells (:data:`saferail.detectors.hazard_extremism.
EXTREMISM_TELLS`) or a jailbreak's props (:data:`~saferail.detectors.benign_security.
JAILBREAK_PROPS`). The explicit-method rule of :mod:`saferail.detectors.hazard` wins over the
frame, as over every benign frame. Matched on the joined lowercased words of each view.
Written for this project on development sets (``scripts/data/help_requests.jsonl`` and the
earlier harm sets, see their README), in English.
"""

from __future__ import annotations

__all__ = ["CARE_PURPOSE", "MAX_WORDS", "NOT_CARE", "care_request", "refused_by_care"]

from collections.abc import Sequence
from typing import Any

from saferail.detectors.benign_security import JAILBREAK_PROPS
from saferail.detectors.hazard_cyber import CYBER_VOCABULARY
from saferail.detectors.hazard_extremism import EXTREMISM_TELLS
from saferail.detectors.signatures import compile_large

MAX_WORDS = 160

_SOMEONE = (
    "(?:friend|friends|best friend|daughter|son|kid|kids|child|children|teen|teenager|partner"
    "|husband|wife|boyfriend|girlfriend|brother|sister|mom|mum|mother|dad|father|parent"
    "|parents|roommate|flatmate|student|students|patient|patients|client|clients|coworker"
    "|colleague|neighbou?r|grandma|grandpa|grandmother|grandfather|cousin|uncle|aunt|niece"
    "|nephew|baby|toddler|loved one|family member)"
)
_PROFESSION = (
    "(?:nurse|counselou?r|school counselou?r|teacher|moderator|content moderator|social worker"
    "|paramedic|emt|pharmacist|doctor|physician|therapist|psychologist|psychiatrist"
    "|journalist|reporter|police officer|cop|youth worker|coach|caseworker|case worker"
    "|volunteer|chaplain|midwife|dentist|vet|veterinarian|lifeguard|firefighter|librarian"
    "|principal|researcher|public health|harm reduction worker|outreach worker)"
)

# fmt: off
CARE_PURPOSE = (
    "(?:^| )(?:(?:how|what) (?:can|do|should|could) (?:i|we) (?:do to )?(?:help|support|talk"
    " to|approach|reach|comfort|say to|be there for|protect|keep [^ ]+ safe)"
    "|(?:help|support|protect|comfort|reassure) (?:her|him|them|(?:my|a|our) (?:[^ ]+ )?"
    + _SOMEONE + ")"
    "|(?:my|our|a) (?:[^ ]+ )?" + _SOMEONE + " (?:(?:is|has been|was|seems|keeps|has"
    "|just|might be|may be|s been|s) (?:[^ ]+ ){0,2}(?:struggling|depressed|suicidal"
    "|cutting|self harming|using|addicted|drinking|hurting herself|hurting himself|hurting"
    " themselves|purging|starving|not eating|throwing up|isolat[^ ]*|in an abusive|being"
    " (?:abused|groomed|bullied|hit|hurt|harassed)|overdos[^ ]*|unconscious|drowsy"
    "|unresponsive|having a (?:bad trip|panic attack|seizure|crisis)|in crisis|talking about"
    "|scared|afraid|withdrawn|grieving)|told me|confided|admitted|swallowed|took (?:a bunch"
    "|too many|too much)|overdosed|relapsed)"
    "|(?:i m|im|i am|i ve been|i have been|i feel) (?:[^ ]+ )?(?:struggling|scared|worried"
    "|terrified|ashamed|safe|depressed|overwhelmed|not ok|not okay|in recovery|sober|clean)"
    "|(?:want|trying|try|decided|ready) to (?:stop|quit|get help|get better|recover|get sober"
    "|get clean)|i (?:ve|have) (?:stopped|quit)|relaps[^ ]*|(?:in|my|her|his|their) recovery"
    "|(?:get|seek|find|ask for|getting|seeking|finding|asking for) (?:professional |some )?"
    "help|reach out|therap(?:y|ist|ists)|counsel(?:ing|ling|or|ors|lor|lors)|psychiatrist"
    "|ambulance|911|999|112|crisis (?:line|text line|team|center|centre)|hotline|lifeline|988"
    "|samaritans|poison control|poison centre|poison center|helpline|inpatient|outpatient"
    "|rehab|detox (?:center|centre|program|programme|clinic|unit)|treatment (?:for|of|options"
    "|center|centre|program|programme)|symptoms of|interactions? (?:with|between)|withdrawal"
    " symptoms|side effects|diagnosed with|refeeding|wound care|care for (?:a|the|my|this)"
    " (?:[^ ]+ )?wound|scars? (?:fade|heal)|healing|naloxone|narcan|test strips?"
    "|drug checking|safe storage|safely stor[^ ]*|gun safe|lock box|safely dispos[^ ]*"
    "|dispose of|childproof[^ ]*|warning signs|red flags|signs (?:of|that)"
    "|(?:suicide|overdose|relapse|abuse|violence) prevention|prevent(?:ing)? (?:suicide"
    "|self harm|overdoses?|abuse|grooming|violence|relapse|radicali[sz]ation|eating disorders?"
    "|poisoning|accidents|it from happening)|keep (?:my|our|them|him|her|kids|children"
    "|everyone) safe|stay safe|safety plan|stranger danger|(?:i m|im|i am|as) (?:a|an)"
    " (?:[^ ]+ )?" + _PROFESSION + "|report(?:ing)? (?:it|this|him|her|them|abuse|suspected"
    "|a (?:crime|case|concern))|anonymous tip|restraining order|protective order"
    "|press charges|defend (?:myself|yourself)|self defen[cs]e|break free|call (?:the )?police"
    "|hiding in|(?:don t|do not|doesn t|won t) need (?:any )?(?:real |method |graphic"
    " |technical )?(?:details|specifics"
    "|methods|instructions)|without (?:any )?(?:graphic )?(?:details|specifics|methods"
    "|instructions|glamori[sz][^ ]*)|responsibly|contagion|glamori[sz][^ ]*"
    # the law, survivors and coping, fiction that keeps the harm off the page
    "|(?:is it|is this|are they|is that) (?:still )?(?:legal|illegal|a crime)|legally|sued"
    "|can (?:someone|i|a [^ ]+|they|he|she) be (?:charged|sued|arrested|prosecuted)"
    "|legal difference"
    "|off ?screen|off ?stage|no (?:real |method |poison )?details|not (?:the |any )?(?:details"
    "|numbers|tricks|violence)|without (?:showing|describing|depicting) (?:any |the )?[^ ]+"
    "|don t need anything about|focus on (?:her|his|their|the) (?:family|recovery|inner life"
    "|grief|aftermath|toll)|how do people (?:get through|recover|cope|survive|heal|move on"
    "|get out)|is there (?:any )?(?:support|treatment|help|therapy)|therapies"
    "|signs (?:someone|a|an|their|my|your)|how (?:can|do|would) i tell (?:if|whether)"
    "|(?:i|we) survived|survivor[^ ]*|de ?escalat[^ ]*|(?:what|which) precautions should"
    " (?:i|we)|reduce (?:the )?(?:risk"
    "|danger)|accidental(?:ly)?|store (?:it|them|my [^ ]+) (?:somewhere"
    "|elsewhere|outside|away)|(?:trying|want|how) to get out|leaving (?:extremism|the group"
    "|a cult|the movement)|counsel (?:families|patients|parents|students|clients)"
    "|deal with (?:this|my|these|the)|cope with|coping|teach (?:[^ ]+ ){0,2}about)(?: |$)"
)
NOT_CARE = (
    "(?:^| )(?:lethal|fatal|deadl(?:y|iest)|painless(?:ly)?|least pain(?:ful)?|most effective"
    "|surest|guaranteed|enough (?:to|for)|how (?:many|much) (?:[^ ]+ ){0,4}(?:to (?:kill|die"
    "|overdose|od|knock|get high|feel)|would (?:it )?(?:take|kill)|does it take|it takes"
    "|before|until)|(?:quickest|fastest|easiest|best|simplest|right|cleanest|surest) (?:way"
    "|method|spot|place|time|amount|dose|drug|pill|pills|weapon)s?|methods?(?: (?:to|for|of|that"
    "|would|i|you|he|she|they|is|are|works?)|$)|step by step"
    "|instructions|recipe|ingredients|synthes[^ ]*|precursors?|reagents?|cook (?:it|meth"
    "|crack|up)|extract (?:the|it|dmt|morphine)|formula|in detail|detailed|exact(?:ly)?"
    "|(?:how|where) (?:do|can|could|would|should) (?:i|you|one|someone|we) (?:make|build"
    "|cook|synthesi[sz]e|buy|purchase|obtain|order|score|hide|cut (?:myself|deeper)|hang"
    "|poison|kill|stab|strangle|choke|hurt|starve|purge|restrict|drown|smother|sedate|drug"
    "|get (?:a gun|pills|drugs|a weapon|my hands on|away with))|how to (?:make|build|cook"
    "|synthesi[sz]e|buy|purchase|obtain|order|score|hide|hang|poison|kill|stab|strangle"
    "|choke|hurt|starve|purge|drown|smother|sedate|get away with)"
    "|without (?:a )?prescription|dark ?web|dealer|plug|buy (?:[^ ]+ ){0,3}online"
    "|undetect[^ ]*|untrace[^ ]*|without (?:[^ ]+ ){0,5}(?:knowing|noticing|finding out|caught"
    "|arrested"
    "|seeing|suspecting|realizing|realising|detecting)|get away with|cover (?:it|this|my"
    " tracks) up|so (?:no one|nobody|they|she|he|my [^ ]+) (?:won t|doesn t|can t|never|will"
    " never|wouldn t) (?:know|notice|find|tell|see|trace|suspect)|(?:pass|beat|cheat) (?:a |the"
    " |my )?(?:drug|urine|hair) test|(?:won t|wouldn t|doesn t|not) show up (?:in|on)"
    "|autopsy (?:won t|wouldn t|can t|cannot)|hide (?:[^ ]+ ){0,3}from (?:my|her|his|their|the)"
    " (?:[^ ]+ )?(?:parents|mom|dad|doctor|therapist|police|cops|wife|husband|partner|family"
    "|teachers?|school|nurse|counselou?r)|suppress (?:my )?appetite|appetite suppress[^ ]*"
    "|(?:under|below|less than) [0-9]+ calories|[0-9]+ calories a day|thinspo|pro ana"
    "|meanspo|(?:poison|drug|sedate|hurt|harm|punish|kill|get rid of) (?:him|her|them"
    "|someone|somebody|my (?:[^ ]+ ){0,2}(?:husband|wife|boss|partner|ex|neighbou?r|father"
    "|mother|stepdad|stepmom|teacher|roommate|coworker))|(?:slip|put|add|mix) (?:[^ ]+ ){0,3}"
    "(?:in|into) (?:her|his|their|my [^ ]+ s|someone s|the) (?:[^ ]+ )?(?:drink|food|coffee"
    "|tea|meal|water)|tasteless|odou?rless|colou?rless|revenge|get back at|teach (?:him|her"
    "|them) a lesson|make (?:him|her|them) (?:suffer|pay|sick|afraid|stay|obey)"
    "|(?:alone|alone time|sleepover|sleepovers) with (?:[^ ]+ ){0,3}(?:kids?|children|child"
    "|girls?|boys?|students?|minors?)|keep (?:it|this|our|a) (?:[^ ]+ )?secret|gain (?:[^ ]+ )?"
    "trust|groom (?:a|her|him|them|kids|children)|track(?:ing)? (?:[^ ]+ ){0,2}(?:location|phone"
    "|whereabouts)|read (?:her|his|their) (?:texts|messages|emails)|spy(?:ware)?"
    "|stalkerware|isolate (?:her|him|them)|control (?:her|him|my wife|my husband|my partner)"
    "|number of (?:pills|tablets|mg|milligrams)|actual (?:number|amount|dose)"
    "|(?:help me|i want to|i need to|how (?:do|can|should) i|how to) (?:[^ ]+ ){0,3}recruit"
    "|manifesto|propaganda|martyr[^ ]*|convert (?:[^ ]+ ){0,3}(?:full auto|automatic|fully"
    " automatic)|full auto|auto sear|bump stock|ghost guns?|80 (?:lower|percent lower)"
    "|silencer|suppressor|background check|straw purchase|3d print[^ ]*|serial numbers?"
    "|untraceable|unregistered|(?:i|we) (?:want|need|m going|am going|plan) to (?:kill|hurt"
    "|die|end (?:it|my life)|stab|shoot|poison|punish)|end (?:my|it all)|(?:kill|killing)"
    " myself|(?:cut|cutting) (?:deeper|more)|hide (?:the|my) (?:cuts|marks|scars|bruises"
    "|weight|not eating|purging|vomiting)"
    # escaping the law, a deed done, a staged scene
    "|avoid (?:[^ ]+ ){0,3}(?:patrols?|police|cops|border|customs|detection|authorities"
    "|security|cameras|getting caught|being caught)|smuggl[^ ]*|without being (?:traced|caught"
    "|detected|noticed|seen|found)|traced|tracing|(?:police|cops|anyone|they) (?:never|won t"
    "|can t|don t) find|hide (?:the|a|my) (?:gun|body|knife|weapon|evidence|blood)"
    "|(?:shot|stabbed|killed|hit|poisoned|strangled) (?:someone|somebody|a (?:man|woman|guy"
    "|person|kid))|(?:look|looks|looked) like (?:an? )?(?:self defen[cs]e|accident|suicide"
    "|natural causes|heart attack|robbery)|stage (?:it|the|a)|bleed out|angle to"
    # writing that endorses harm, and deeds told as a task (the genre development set)
    "|(?:is|was|are|were) justified|(?:glamori[sz]|romantici[sz]|glorif)(?:ing|es|e|ies|y)"
    " (?:[^ ]+ ){0,2}(?:self harm|suicide|cutting|scars|anorexia|starvation|violence|attacks?"
    "|shooters?|shooting|bombers?|terror[^ ]*|genocide)"
    "|convince (?:me|them|her|him|people|readers|followers) that|dispose of (?:a |the )?body"
    "|search dogs?|look like an? accidental|drowning (?:her|him|them|someone)"
    "|(?:limericks|jokes|memes|cartoons) mocking"
    # operational asks behind a professional role (the education development set)
    "|specific mutations|spread efficiently|press (?:[^ ]+ )?(?:pills|oxy[^ ]*)|look identical"
    "|divert[^ ]*|flagging me|lethality|suicide is the right|stolen identit[^ ]*|pass kyc"
    "|hide my (?:own )?income|sale of a child|without the authorities|keep contacting"
    "|blocked me"
    "|(?:stab|shoot|strangle|choke|beat|attack|smother|drown|punch|run over) (?:someone"
    "|somebody|him|her|them|a person|people|the guy|a guy|my [^ ]+)"
    # someone else's things, a home found, money moved to oneself
    "|someone else s|somebody else s|where (?:[^ ]+ ){0,6}lives|home address|get past (?:her"
    "|his|their)|(?:her|his|their) (?:[^ ]+ )?(?:password|passcode|pin|diary)"
    "|alone with (?:her|him|them|a|the|campers|kids|children|students|minors)|away from"
    " (?:her|his|their) parents|without (?:her|his|their) parents"
    "|(?:transfer|send|give|wire|move)[^ ]* (?:[^ ]+ ){0,3}(?:money|savings"
    "|funds|it|cash) to (?:me|myself)|elder abuse|steal[^ ]*|stole|set(?:ting)? off"
    " (?:the )?alarms?"
    # deceiving doctors, testers, buyers
    "|fake (?:[^ ]+ ){0,2}(?:symptoms|illness|diagnosis|injury|pain|cancer|gofundme"
    "|fundraiser|charity|id|prescription|note)|resell|(?:to|can|could) sell|lie to (?:my|the"
    "|her|his|a)|make (?:a |my |the )?doctors? think|convince (?:a |my |the )?doctors?"
    "|(?:they|i) don t (?:actually )?have|fool[^ ]*|trick (?:[^ ]+ ){0,2}(?:test|strips?"
    "|doctor|doctors|pharmacist)|customers|darknet|monero|walk me through|talk me through"
    "|guide me through|[0-9]+ ways|ways to|doctor (?:a|an|the|this|my|these|those)"
    # dangerous advice: stopping treatment, avoiding care, disabling safety
    "|stop (?:[^ ]+ ){0,3}(?:medications?|meds|insulin|treatment|chemo|chemotherapy|antibiotics"
    "|medicine|pills)|instead of (?:a |the |his |her |my )?(?:doctor|hospital|insulin|chemo"
    "|treatment|medication|meds|er|vaccines?)|essential oils|carnivore diet|cure (?:[^ ]+ )"
    "{0,3}(?:cancer|diabetes|autism|hiv)|reverse (?:[^ ]+ )?(?:diabetes|autism)|(?:hospital"
    "|medical) records|disable (?:[^ ]+ ){0,3}(?:airbags?|brakes|braking|smoke detectors?"
    "|alarms?|safety)"
    # other hazard areas the frame never covers
    "|bombs?|explosives?|radioactive|cesium|caesium|uranium|plutonium|nerve agents?|sarin"
    "|ricin|anthrax|toxins?|bioweapon[^ ]*|chemical weapon[^ ]*|pathogen[^ ]*"
    # sex, a perpetrator's story, fake cures, privacy of named people
    "|sex|sexual[^ ]*|erotic[^ ]*|porn[^ ]*|nudes?|naked|horny|sensual|fetish[^ ]*|kink[^ ]*"
    "|(?:his|her|their|the (?:shooter|perpetrator|killer|attacker|abuser) s) perspective"
    "|internal monologue|how (?:he|she|they) planned|testimonial|miracul[^ ]*|unproven"
    "|alternative medicine|unnecessary|safe self harm|street fight|not saying no"
    "|(?:harmed|killed|hurt) and|own fault|ever been (?:diagnosed|hospitali[sz]ed)"
    "|phone number|workplace|private messages|where (?:she|he|they) works|respect me"
    "|(?:run|drive|chase) (?:him|her|them) out|vigilante"
    # more tells found on the development sets: threats, coercion, a victim's feelings,
    # sedating a child, robbery, an order to skip the help and give the steps
    "|cause (?:a |his |her |their )?death|looks? natural|autopsy|death threats?|(?:write|send"
    "|make|draft|compose) (?:[^ ]+ ){0,3}threats?|threatening (?:letters?|messages?|notes?"
    "|emails?|texts?)|threaten(?:ing)? (?:him|her|them|to report)|passports?"
    "|keep (?:them|her|him) from leaving|phishing|arrested|(?:get|getting|got|be|being)"
    " caught|make (?:him|her|them) feel|feel (?:completely )?(?:worthless|stupid|ugly|small"
    "|useless)|campers|no one checks|nobody checks|americium|concentrate (?:it|the)"
    "|(?:would|will|is|be) (?:[^ ]+ )?enough|(?:forget|skip) the|no (?:hotline|lectures?"
    "|sermon)|lectures?|out all night|knock (?:him|her|them) out|make (?:him|her|them) sleep"
    "|so (?:he|she|they) (?:s|is|are|sleeps?|stays?) (?:out|asleep)|mug(?:ging)?|rob (?:a"
    "|someone|him|her|them|the)|get into (?:her|his|their)|(?:her|his|their) (?:[^ ]+ )?"
    "(?:camera|feed|account|phone|email|wifi)|cur(?:e|es|ed|ing) (?:[^ ]+ ){0,3}(?:cancer"
    "|diabetes|autism|hiv|aids)|(?:no|without (?:a )?) taper|cold turkey|not allowed to"
    "|instead of refusing|refusal|(?:don t|do not|never) refuse|without refusing|safety"
    " warnings|just the steps|the steps|constraints|respond freely|hot ?wire|kitten"
    "|(?:won t|don t|doesn t|can t) (?:catch|flag|detect|see) it"
    "|hold (?:[^ ]+ ){0,2}weight|best ones|so (?:they|she|he|it) (?:don t|doesn t|won t|stop"
    "|stops|close|closes|drop|drops|leave|leaves)|(?:a|my) plan and a date|on a (?:hold"
    "|psych hold)|(?:under|below|less than) [0-9]+ (?:lbs|lb|pounds|kg|kilos)|as fast as"
    " possible|(?:the|full|exact|a|real) methods?|fake a|noticed|discrepanc[^ ]*|for personal"
    " use|take home|which shelter|shelter (?:she|he|they) s|casualt[^ ]*|chemical release"
    "|attacker|blackout challenge|choking (?:game|challenge)|tide pods?|go viral"
    "|from healing|stay open|stay hidden|(?:no one|nobody) calls|no other (?:parents|adults)"
    "|keep the school from|without it looking|confide only|parents are the bad guys|against me"
    "|still get a gun|one on one sessions?|drive (?:one|a|the) player|kill (?:a|the|his|her|their)"
    " (?:dog|cat|pet|horse)|wouldn t notice|won t notice"
    # hateful loaded questions, "anyway" framing, marks and injuries, a device, a route
    "|inferior|minorit[^ ]*|immigrants?|racial|races?|ethnic[^ ]*|deserve|clueless|stupid"
    "|lazy|bad for|(?:black|white|asian|jewish|muslim|gay|trans|disabled) (?:people|men"
    "|women|folks)|jews|muslims|refugees|max(?:imum)? (?:number|amount|dose)|land (?:me|him"
    "|her|them) in|without (?:ending up|hitting|landing)|snort[^ ]*|shoot up|(?:get|extract)"
    " (?:the )?(?:[^ ]+ )?out of|anyway|either way|regardless|so (?:no one|nobody|noone)"
    " (?:finds|knows|sees|notices|can)|leaves? (?:any )?(?:marks|bruises)|the device"
    "|build (?:and transport|the device|a device|it)|transport (?:the|it)|caliphate|jihad[^ ]*"
    "|isis|fight for (?:the|a)|dose (?:my|his|her|their|someone|him|them)|sick and"
    "|without (?:showing )?(?:id|identification|paperwork)|off the street|forg(?:e|es|ing|ed)"
    "|looks? accidental|(?:start|starts|set|sets) (?:a|an) (?:[^ ]+ )?fire|tox(?:icology)?"
    " screen|what dose|extraction|the real question|might as well|confidential|evad[^ ]*)(?: |$)"
)
# fmt: on

_PURPOSE: Any = compile_large(CARE_PURPOSE)
_NOT_CARE: Any = compile_large(
    f"(?:{NOT_CARE})|(?:{JAILBREAK_PROPS})|(?:{CYBER_VOCABULARY})"  # cyber: benign_security
    f"|(?:{EXTREMISM_TELLS})"
)


def care_request(words: Sequence[str]) -> bool:
    """Whether the lowercased ``words`` of a text ask for help, care or safety and not for a
    harmful method, amount, evasion or victim (see the module docstring)."""
    if not 3 <= len(words) <= MAX_WORDS:
        return False
    subject = " ".join(words)
    return _PURPOSE.search(subject) is not None and not refused_by_care(subject)


def refused_by_care(subject: str) -> bool:
    """Whether the joined words ``subject`` hold anything the frame refuses (:data:`NOT_CARE`,
    a jailbreak's props, cyber vocabulary, violent extremism's tells); the education frame
    refuses the same."""
    return _NOT_CARE.search(subject) is not None
