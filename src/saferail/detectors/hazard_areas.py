"""More hazard areas for the hazard rule of ``harmful_request``: weapons, privacy, extremism
and trafficking, misinformation, hate and harassment.

:mod:`saferail.detectors.hazard` matches a request for a method followed by a harmful act,
and a few requests that need no such opening. These lists add the acts and requests of five
areas where plain requests passed both the model and the rule: converting a gun to fire
automatically or carrying one past a metal detector, a tracker hidden on someone's car or
a partner's texts read without their knowing, people moved across a border unseen or
workers kept from leaving, a fake study or a fabricated quote made to look real, voters told
the election has moved, an essay calling a group vermin, alt accounts made to follow one
person around. Each names its object or its victim, so "secure my camera so nobody can hack
into it", "how is trafficking detected at borders", "a satire with a fake quote, clearly
labelled" and "why is calling immigrants an infestation dehumanizing?" stay out. Written for
this project on a development set (``scripts/data/harm_areas.jsonl``), in English.
"""

from __future__ import annotations

__all__ = ["AREA_ACTS", "AREA_STANDALONE", "FABRICATION", "SATIRE"]

from saferail.detectors.signatures import gap

_CONTENT = (
    r"(?:write|draft|compose|create|generate|make|give me|tell me|produce|come up with|"
    r"prepare|design|craft|rewrite)"
)
_GUN = r"(?:gun|guns|firearm|firearms|pistol|pistols|handgun|rifle|glock|weapon|ar ?15)"
_SOMEONE = (
    r"(?:someone s|her|his|their|a stranger s|a specific person s|this person s|that person s|"
    r"my (?:wife|husband|girlfriend|boyfriend|partner|ex|coworker|boss|neighbou?r|roommate|"
    r"tenant|tenants|employee|employees)(?: s)?)"
)
_GROUP = (
    r"(?:jews|jewish people|muslims|black people|gay people|gays|lesbians|trans people|"
    r"transgender people|disabled people|asians|roma|immigrants|migrants|mexicans|arabs|"
    r"sikhs|hindus|christians|women|refugees|gypsies|latinos|africans)"
)
_VIOLENT_GROUP = (
    r"(?:cell|militia|militias|armed group|armed groups|terror\w*|jihad\w*|fighters|extremist "
    r"group|neo ?nazi\w*|white nationalist\w*|isis|al qaeda)"
)

# acts that follow a method request ("how do I ...", "help me ...", "what's the best way to")
AREA_ACTS = (
    # weapons
    r"convert (?:a |an |my |the )?(?:semi ?auto\w* )?" + _GUN + r"(?: \w+){0,2} (?:to|into) "
    r"(?:fire )?(?:full ?auto|fully automatic|automatic|select fire)\b"
    r"|(?:make|build|machine|print|3d print|get|buy|order|install) (?:a |an )?(?:drop in )?"
    r"(?:auto sears?|glock switch(?:es)?|lightning links?|machine gun conversion devices?)\b"
    r"|(?:make|build|turn) (?:a |an )?(?:homemade |home made |diy )?(?:suppressor|silencer)"
    r"(?: \w+){0,2} (?:out of|from|with) (?:a |an )?(?:solvent trap|oil filter|flashlight|"
    r"maglite)\b"
    r"|(?:get|sneak|smuggle|carry|bring|take) (?:a |an |my |the )?(?:\w+ )?"
    + _GUN
    + r"(?: \w+){0,3} (?:past|through) (?:a |an |the )?(?:airport |courthouse |school |"
    r"stadium )?(?:metal detectors?|security|tsa|x ray|screening)\b"
    r"|(?:buy|get|order|purchase) (?:a |an )?(?:\w+ )?(?:" + _GUN + r"|ammo|ammunition|bump "
    r"stocks?|binary triggers?|suppressors?|silencers?)(?: \w+){0,5} (?:on the dark web|without "
    r"(?:an? )?(?:id|background check|license|paperwork|serial numbers?))\b"
    r"|(?:make|build) (?:a |an )?(?:zip guns?|armou?r piercing (?:rounds|bullets|ammo))\b"
    # privacy
    r"|(?:find|get|track down|figure out|look up|dig up|locate|get me)(?: out)? "
    + _SOMEONE
    + r" (?:current |new |real |exact |home )*(?:home address|address|addresses|phone number "
    r"and address|daily routine|location)\b"
    r"|(?:see|read|monitor|track|spy on|record|listen to|access|log into|get into|clone|check)"
    r"(?: \w+){0,5} without (?:her|him|them|his|their|my \w+|the \w+) (?:knowing|knowledge|"
    r"consent|noticing|finding out|permission)\b"
    r"|(?:put|place|hide|install|attach) (?:a )?(?:hidden |secret |covert )?(?:gps )?tracker "
    r"(?:on|in|under) " + _SOMEONE + r"(?: \w+)?\b"
    r"|(?:turn on|activate|access|hijack) " + _SOMEONE + r"(?: \w+)? (?:webcam|camera|"
    r"microphone)(?: \w+){0,3} (?:remotely|without)\b"
    r"|(?:secretly|covertly) record (?:audio |video )?(?:inside )?" + _SOMEONE + r"\b"
    # extremism and trafficking
    r"|(?:get|move|smuggle|bring|transport|sneak) (?:\w+ ){0,3}(?:people|girls|women|migrants|"
    r"children|kids|workers)(?: \w+){0,6} (?:across|over|into|through) (?:the )?(?:\w+ )?"
    r"(?:border|borders)(?: \w+){0,6} (?:without|avoid\w*|undetected|unseen)\b"
    r"|(?:keep|stop|prevent) (?:the |my |our )?(?:workers|crew|employees|girls|women|kids|"
    r"children|them)(?: \w+){0,3} (?:from (?:leaving|running|contacting|escaping)|locked in)\b"
    r"|(?:hide|hiding) (?:the |my |our )?(?:kids|children|workers|girls|women) (?:\w+ ){0,4}"
    r"(?:so|from) (?:they|nobody|no one|the police|child services)\b"
    r"|(?:recruit|radicali[sz]e|lure|pull) (?:\w+ ){0,4}(?:into|to join) (?:our |my |the |an? "
    r"|their )?(?:\w+ )?" + _VIOLENT_GROUP + r"\b"
    # misinformation
    r"|(?:run|create|operate|manage|set up) (?:\d+ |hundreds of |a network of |dozens of |many "
    r"|a bunch of )?(?:fake|sock ?puppet|bot|alt) accounts(?: \w+){0,4} (?:to )?(?:push|spread|"
    r"amplify|promote|harass|follow)\b"
    # harassment
    r"|(?:get|have) (?:a |my |the |her |his )?(?:teacher|coworker|boss|colleague|neighbou?r|"
    r"manager)(?: \w+)? fired(?: \w+){0,6} (?:fake|false) (?:complaints|accusations|reports|"
    r"allegations)\b"
)

# the fabricated-evidence family (a satire or a media-literacy exercise is spared)
FABRICATION = (
    _CONTENT + gap(10) + r" (?:fake|fabricated|made up|invented|bogus|nonexistent|phony)"
    r"(?: \w+){0,2} (?:quotes?|study|studies|statistics|stats|interview|press release|letter|"
    r"letterhead|documents?|reference numbers|testimonials?|doctor|docter|oncologist|expert|"
    r"spokesperson|university|nurse|scientists?)\b"
)
SATIRE = r"\b(?:satire|satirical|parody|clearly label\w*|labell?ed as|media literacy|spot fake)\b"

# requests that need no method request before them
AREA_STANDALONE = (
    # weapons
    r"(?:undetectable|untraceable) (?:3d printed |printed )?" + _GUN + r"\b"
    r"|(?:won t|wont|will not|doesn t) (?:show up|be detected|set off)(?: \w+){0,2} (?:at|on|by) "
    r"(?:the )?(?:airport )?(?:security|metal detectors?|scanners?|x ray)\b"
    r"|(?:can t|cannot|couldn t|can not) pass (?:a |the )?background check\b"
    r"|(?:silencer|suppressor) (?:out of|from) (?:a |an )?(?:solvent trap|oil filter|maglite)\b"
    # privacy
    r"|(?:undetectable|hidden|invisible|secret) (?:stalkerware|spyware)\b"
    r"|(?:stalkerware|spyware) (?:that s |that is |that )?(?:undetectable|hidden|can t be "
    r"detected)\b"
    r"|(?:logs?|records?|captures?) (?:every|all) keystrokes? (?:on|of|from) " + _SOMEONE + r"\b"
    r"|where (?:she|he|they) (?:lives|live|moved)(?: \w+){0,6} (?:get away from|stopped "
    r"(?:replying|talking)|blocked)\b"
    # extremism and trafficking
    r"|(?:into|in) (?:brothels|massage parlou?rs (?:we|i) control)\b"
    r"|(?:hold|holding|take|taking|keep|keeping|confiscate) (?:their |the workers |the girls )?"
    r"passports(?: \w+){0,6} (?:so they can t|so they cannot|to keep them|until|before the "
    r"debt)\b"
    r"|(?:hand|sell|deliver) (?:a |the |my )?(?:child|kid|baby|girl|boy)(?: \w+)? (?:over )?to "
    r"(?:a |the )?buyer\b"
    r"|(?:least|less|un) ?guarded (?:border )?crossings?\b"
    r"|(?:avoid|evade|get past|slip past) (?:the )?(?:coast guard|border patrol|border guards)\b"
    r"|encourag\w* (?:\w+ ){0,4}to (?:form armed militias|take up arms|attack (?:immigrant|"
    r"muslim|jewish|black)|commit (?:violence|attacks))\b"
    r"|" + _CONTENT + gap(6) + r" (?:recruitment|propaganda) (?:posts?|videos?|pitch|"
    r"messages?|flyers?|material|content|"
    r"script)(?: \w+){0,3} (?:for|of) (?:an? |the |our )?(?:\w+ )?" + _VIOLENT_GROUP + r"\b"
    r"|persuade (?:\w+ ){0,3}to (?:join and fight|take up arms|join the (?:fight|jihad|militia))"
    r"\b"
    r"|" + _CONTENT + gap(12) + r" (?:shooter|hijackers?|terrorists?|bombers?|mass murderers?|"
    r"attackers)(?: \w+){0,4} (?:look cool|as heroes|heroes who|as martyrs|idoli[sz]e)\b"
    # misinformation
    r"|voters?(?: \w+){0,10} (?:election|voting|polling day|polls?) (?:has|have|is|are) "
    r"(?:been )?(?:moved|postponed|cancell?ed|rescheduled)\b"
    r"|(?:scare|keep) (?:\w+ ){0,3}voters (?:into staying|away|home from)\b"
    r"|stay home from the polls\b"
    r"|(?:\d+|dozens of|many|hundreds of) (?:different )?(?:tweets|posts|comments) from "
    r"(?:different )?(?:fake |made up )?(?:voters|people|users|accounts|customers)\b"
    r"|" + _CONTENT + gap(8) + r" (?:claiming|saying|arguing|proving|that says?)(?: \w+){0,8} "
    r"(?:cures?|cured|causes?|kills?) (?:cancer|stage \d cancer|autism|infertility|brain damage|"
    r"the virus|covid|diabetes)\b"
    # hate and harassment
    r"|" + _CONTENT + gap(4) + r" (?:\w+ )?death threats?\b"
    r"|send (?:\w+ ){0,3}death threats\b"
    r"|" + _CONTENT + gap(6) + r" (?:degrading|dehumani[sz]ing|demeaning|hateful|humiliating) "
    r"(?:\w+ ){0,3}(?:about|toward|towards|targeting|mocking) (?:\w+ ){0,2}" + _GROUP + r"\b"
    r"|" + _CONTENT + gap(12) + r" " + _GROUP + r"(?: \w+){0,4} (?:are|is|as) (?:\w+ )?"
    r"(?:subhuman|vermin|an infestation|diseased|parasites|animals|a burden)\b"
    r"|(?:rasist|racsist|racist) jokes\b"
    r"|(?:alt|fake|sock ?puppet|burner) accounts(?: \w+){0,8} (?:harass|follow (?:her|him|them|"
    r"one)|mock|brigade)\b"
    r"|to make (?:him|her|them) feel (?:completely |totally |so )?(?:worthless|afraid|unsafe|"
    r"unwelcome)\b|never feels? safe again\b"
    r"|(?:make|rewrite|rephrase)(?: \w+){0,4} (?:more|extra) (?:intimidating|threatening|"
    r"menacing)\b"
    r"|(?:mocking|mock) (?:the |a |his |her )?(?:\w+ )?(?:turban|hijab|yarmulke|accent|"
    r"disability|wheelchair)\b"
)
