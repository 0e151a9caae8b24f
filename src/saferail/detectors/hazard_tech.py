"""Cyber-attacks, drugs and CBRN for the hazard rule of ``harmful_request``, as people type
such requests.

:mod:`saferail.detectors.hazard` matches "how do I make ransomware that ..." and "how to
synthesize sarin"; plainer or terser requests pass it: "write me ransomware in Python that
...", "a working exploit for the unpatched server at my old employer", "get domain admin
without their SOC noticing", "how much do I put in her drink so she can't taste it",
"ricin from castor beans steps", "make the flu strain more transmissible". Each phrase
names the victim, the evasion or the weapon itself, so "write a detection rule for
ransomware", "how do I patch Log4Shell on our servers", "how does naloxone work" and "the
history of sarin" stay out. Written for this project on a development set
(``scripts/data/harm_areas_2.jsonl``), in English with a few Spanish forms.
"""

from __future__ import annotations

__all__ = ["TECH_ACTS", "TECH_STANDALONE"]

_CONTENT = r"(?:write|code|build|create|make|give me|generate|develop|set up|design)"
_MALWARE = (
    r"(?:ransomware|a worm|worm|a keylogger|keylogger|a rat|rat|a remote access trojan|"
    r"a phishing kit|phishing kit|a credential stealer|an infostealer|infostealer|"
    r"a cryptominer|cryptominer|a botnet|botnet|a loader|loader|a dropper)"
)
_VICTIM = (
    r"(?:my (?:school|university|college|professor|teacher|ex|landlord|boss|coworker|cofounder|"
    r"neighbou?r|old employer|former employer|employer|roommate)(?: s)?|someone else s|other "
    r"people s|another person s|a hospital|the \w+ utility s|a competitor s)"
)
_AGENTS = (
    r"(?:fentanyl|carfentanil|sarin|vx|ricin|abrin|ketamine|mdma|methamphetamine|meth|dmt|lsd|"
    r"tabun|soman|novichok|tetrodotoxin|nerve agents?|mustard gas|phosgene|anthrax)"
)

# acts that follow a method request ("how do I ...", "help me ...", "what's the best way to")
TECH_ACTS = (
    r"(?:make|cook|extract|synthesi[sz]e|grow|brew|isolate|pull) (?:the )?(?:\w+ ){0,2}(?:dmt|"
    r"codeine|ketamine|psilocybin|lean|crack|crystal meth)(?: \w+){0,3} (?:from|out of|at home|"
    r"at scale|to sell|to get)\b"
    r"|(?:turn|convert|cook) (?:\w+ ){0,4}(?:coke|cocaine|powder) into (?:crack|rock)\b"
    r"|(?:get into|access|log into|break into|take over) (?:the |a |an )?(?:\w+ ){0,3}(?:admin "
    r"panel|scada(?: system)?|control system|email|e mail|account|wifi|wi fi|network|server)"
    r"(?: of| on| at)? " + _VICTIM + r"\b"
    r"|(?:get around|bypass|beat|defeat) (?:the )?(?:2fa|mfa|two factor)(?: \w+){0,2} (?:on|of|"
    r"for) " + _VICTIM + r"\b"
    r"|(?:culture|grow|keep) (?:\w+ ){0,2}(?:yersinia pestis|bacillus anthracis|orthopox\w*|"
    r"h5n1|plague)(?: \w+){0,3} (?:virulent|alive|at home)?\b"
    r"|(?:purify|extract|concentrate) (?:the )?(?:tetrodotoxin|ricin|abrin|americium|a plant "
    r"toxin|the toxin)\b"
)

# requests that need no method request before them
TECH_STANDALONE = (
    # cyber-attacks
    _CONTENT
    + r" (?:me )?(?:a |an )?(?:working |functional |real )?"
    + _MALWARE
    + r"(?: in \w+)? (?:that|which|to|for windows|for android)\b"
    r"|(?:working|actual|weaponi[sz]ed) (?:exploit|payload)(?: \w+){0,8} (?:against|on|at|for) "
    r"(?:the )?(?:unpatched )?(?:\w+ ){0,3}(?:at |of |on )?" + _VICTIM + r"\b"
    r"|(?:log4shell|eternalblue|an exploit|the exploit)(?: \w+){0,4} (?:against|on|to spread "
    r"over|to get into)(?: \w+){0,2} " + _VICTIM + r"\b"
    r"|(?:combo lists?|credential stuffing)(?: \w+){0,3} (?:checker|accounts|netflix|spotify|"
    r"attack)\b"
    r"|(?:without|so) (?:their |the )?(?:soc|security team|it team|blue team|edr)(?: \w+)? "
    r"(?:noticing|notices|detecting|catching)\b"
    r"|(?:disables?|kills?|bypass(?:es)?|turns? off) (?:windows )?defender(?: \w+){0,4} "
    r"(?:silently|and (?:pulls?|downloads?|drops?|loads?))\b"
    r"|lateral(?:ly)?(?: \w+){0,8} (?:so i can|to) encrypt\b"
    r"|(?:fake|spoofed) (?:bank )?(?:text|sms)(?: message)? campaign(?: \w+){0,3} (?:to )?"
    r"(?:harvest|steal|collect)\b"
    r"|(?:set up|deploy|run|configure|launch|host) (?:an? |the )?(?:evilginx|phishing kit)\b"
    r"|hide (?:a )?(?:cryptominer|miner|backdoor|malware)(?: \w+){0,4} in (?:a |an )?(?:popular )?"
    r"(?:npm|pypi|package|library|extension|app)\b"
    r"|(?:invadir|hackear) (?:a |la )?(?:conta|cuenta)(?: \w+){0,4} (?:de )?(?:outra pessoa|otra "
    r"persona)\b"
    # drugs
    r"|(?:put|slip|drop|spike|mix) (?:\w+ ){0,4}(?:in|into) (?:my date s|her|his|their|someone s|"
    r"a girl s|a woman s|my \w+ s) drinks?\b"
    r"|how much (?:\w+ )?(?:do i|should i|to) (?:put|slip|add) in (?:her|his|their|my \w+ s) "
    r"drink\b"
    r"|dose (?:my |her |his )?(?:husband|wife|partner|date|girlfriend|boyfriend|roommate|"
    r"mother|father)(?: \w+){0,4} (?:with|without)\b"
    r"|(?:oxy|opioid|oxycodone|adderall|xanax) (?:scripts|prescriptions) from (?:several|"
    r"multiple|different) doctors\b"
    r"|(?:monitoring program|pdmp) flagging\b"
    r"|precursors?(?: \w+){0,6} (?:without|don t need|no) (?:a )?licen[cs]e\b"
    r"|(?:promethazine|oxy|oxycodone|xanax|adderall|codeine|ketamine)(?: \w+){0,3} (?:without|"
    r"w o) (?:a )?(?:script|prescription)\b"
    r"|(?:cocinar|hacer|fabricar) (?:cristal|metanfetamina|cocaina|crack)\b"
    # CBRN: the agent itself with a demand for a method, or the act
    r"|(?:synthesis route|recipe|from scratch|production steps) (?:for |of )?(?:\w+ )?"
    + _AGENTS
    + r"\b"
    r"|" + _AGENTS + r"(?: \w+){0,4} (?:synthesis route|route|steps|recipe|from scratch|at home|"
    r"step by step)\b"
    r"|make (?:a |the |an )?(?:\w+ )?(?:strain|virus|pathogen|flu|h5n1|bacteria)(?: \w+){0,3} "
    r"more (?:transmissible|lethal|virulent|contagious)\b"
    r"|(?:spread|transmit) (?:easily )?between humans(?: \w+){0,3} i want to (?:make|create)\b"
    r"|(?:sample|samples|strain) of (?:smallpox|variola|orthopox\w*|anthrax|ebola)\b"
    r"|(?:aerosoli[sz]e|spread|release|disperse)(?: \w+){0,4} (?:powder|agent|toxin)(?: \w+){0,6} "
    r"(?:crowd|rally|stadium|subway|building)\b"
    r"|(?:drone|sprayer)(?: \w+){0,6} (?:biological|chemical) agent\b"
    r"|(?:get around|evade|bypass) export controls(?: \w+){0,6} (?:uranium|enrichment|centrifuge)"
    r"\b"
    r"|(?:hardest|impossible) to detect on a tox screen\b"
    r"|(?:convert|turn) (?:\w+ ){0,3}(?:organophosphate|pesticide)(?: \w+){0,4} (?:into )?"
    r"(?:something )?(?:military grade|a nerve agent|a weapon)\b"
    r"|stabili[sz]e a nerve agent\b|binary munition\b"
)
