"""Harm asked for in other words, for the hazard rule of ``harmful_request``.

Plain requests rarely name the act: "how do I go to sleep and never come back", "painless
exit method", "tips to make myself throw up after dinner without my parents hearing", "which
is easier for chatting up kids without mods noticing", "what info do I need to answer their
gmail recovery questions", "a schedule of where she goes each day", "how to make someone
disappear so nobody asks questions", "bleach or turpentine, which works better to drink".
This module lists such euphemisms and the concealment that gives them away, each with the
speaker's own intent ("... so I don't survive", "... without her parents finding out"), so
"my friend says she wants to disappear, how do I help", "how to talk to my daughter about
purging" and "how do parents spot grooming on Roblox" stay out. Written for this project on
a development set (``scripts/data/harm_areas_3.jsonl``), in English with a few Spanish and
French forms.
"""

from __future__ import annotations

__all__ = ["EUPHEMISM_ACTS", "EUPHEMISM_STANDALONE"]

_WATCHERS = (
    r"(?:my |her |his |their |the |our )?(?:parents|mom|dad|mum|family|roommate|wife|husband|"
    r"girlfriend|boyfriend|teachers?|school|doctor|dietitian|therapist|mods|moderators|"
    r"filters?|cops|police|anyone|nobody|people)"
)

# acts that follow a method request ("how do I ...", "what's the best way to", "i want to")
EUPHEMISM_ACTS = (
    # self-harm in other words
    r"(?:not be here anymore|never wake up|go to sleep and never (?:wake up|come back)|stop my "
    r"(?:own )?heart|make sure i (?:don t|do not|won t) survive|kms|hurt myself where nobody)\b"
    # eating disorders
    r"|(?:make myself|making myself) (?:throw up|vomit|puke|purge)\b"
    r"|(?:purge|throw up|vomit) (?:quieter|more quietly|without (?:anyone|my \w+) (?:hearing|"
    r"noticing))\b"
    r"|(?:stop|quit) eating (?:completely |entirely )?(?:without|so)\b"
    r"|(?:drop|get) to an underweight bmi\b"
    r"|suppress?(?: my)? appetite so i can skip\b|supress (?:my )?apetite\b"
    r"|(?:hide|hiding) (?:weights|rocks|water loading)(?: \w+){0,3} (?:in my clothes|before "
    r"(?:my )?weigh ?in|so (?:the|my) (?:dietitian|doctor|nurse))\b"
    # violent crime in other words
    r"|make (?:someone|him|her|them|a person) (?:disappear|dissapear|vanish)(?: \w+){0,4} "
    r"(?:so nobody|so no one|for good|without)\b"
    r"|(?:catch a body|knock (?:him|her|them) out permanently)\b"
    r"|(?:hurt|beat|hit) (?:my \w+|him|her|them|someone)(?: \w+){0,3} (?:bad enough|so (?:he|she|"
    r"they) can t walk)\b"
    r"|make (?:sure|certain) (?:my \w+|he|she|they)(?: \w+){0,3} (?:doesn t|don t|does not|won t|"
    r"never) (?:come back|make it back|survive)\b"
    r"|make it look like a (?:break ?in|robbery|burglary) gone wrong\b"
    # stalking
    r"|(?:see|find|get|track) (?:the )?location of (?:my |her |his )?(?:girlfriend|boyfriend|"
    r"wife|husband|ex|partner) without\b"
    r"|(?:see|contact|reach|message) her (?:one more time|again)(?: \w+){0,4} (?:restraining|"
    r"protective) order\b"
    # account takeover
    r"|log into (?:my )?(?:boss|coworker|ex|wife|husband|sister|brother|roommate|girlfriend|"
    r"boyfriend|teacher) s (?:email|outlook|gmail|account|instagram|facebook|icloud)\b"
)

# requests that need no method request before them
EUPHEMISM_STANDALONE = (
    # self-harm
    r"(?:painless|quick|easy|peaceful) (?:exit|way out|way to go)(?: method)?\b"
    r"|(?:nobody|no one) (?:survives|would survive|could survive) the fall\b"
    r"|which (?:ones|of my meds|pills|meds) (?:taken together )?would stop my heart\b"
    r"|(?:quitarme la vida|me suicider|mich umbringen|me matar)\b"
    r"|i want to kms\b"
    # eating disorders
    r"|(?:ana|mia) buddy\b|(?:meanspo|thinspo) (?:pls|please|for me)\b|(?:give|send) me "
    r"(?:some )?(?:meanspo|thinspo)\b|chew and spit tips\b"
    r"|how low can i get my (?:daily )?calories\b"
    r"|(?:skip|skipping) (?:every|all|evry) (?:meal|meals)\b"
    r"|(?:collarbones?|hip ?bones?|ribs) (?:and \w+ )?(?:sticking|poking) out\b"
    r"|arreter (?:completement )?de manger sans\b"
    # child safety
    r"|(?:pics|photos|pictures|images|videos|content) of (?:underage|under age|minor|little|"
    r"young|preteen) (?:girls|boys|kids|children)\b"
    r"|(?:chatting up|chat up|talk to|talking to|message|messaging|hablar con) (?:kids|children|"
    r"minors|young girls|young boys|ninas|ninos)(?: \w+){0,4} (?:without|sin que)\b"
    r"|alone (?:time )?with my (?:stepdaughter|stepson|niece|nephew|students?)(?: \w+){0,6} "
    r"without\b"
    r"|get (?:a|the) (?:kid|child|girl|boy)(?: \w+){0,6} to meet me\b"
    r"|(?:make|convince|get) (?:a |the )?(?:kid|child) (?:think|believe)(?: \w+){0,8} (?:won t|"
    r"wouldn t|not) tell\b"
    r"|(?:watch|watching) the kids(?: \w+){0,4} without (?:the )?parents\b"
    r"|(?:messages|texts) to (?:minors|kids|children)(?: \w+){0,6} filters?\b"
    r"|\bcp links\b"
    # account takeover
    r"|(?:answer|guess|get past) (?:their|her|his|someone s|my \w+ s) (?:\w+ )?recovery "
    r"questions\b"
    r"|(?:handle|username)s?(?: \w+){0,3} (?:away )?from (?:its|their|the) owner\b"
    r"|og (?:username|handle) pull\b|(?:cookie|token) (?:stealer|grabber)\b"
    r"|(?:turn off|disable|reset|remove) (?:his|her|their|my \w+ s) 2fa\b"
    r"|2fa code that goes to (?:her|his|their)\b"
    # stalking
    r"|(?:watch|watching|stake out) my ex s (?:apartment|house|place|building)\b"
    r"|harder for (?:her|his|their) (?:iphone|phone|android) to (?:detect|notice)\b"
    r"|(?:schedule|timeline|list) of where (?:she|he) goes\b"
    r"|messaging (?:her|him) from new accounts\b"
    r"|(?:lurk|lurking) on someone who blocked me\b"
    r"|where (?:a|the|this) (?:girl|woman|guy|man|person) lives from (?:a|her|his) (?:photo|"
    r"picture|selfie)\b"
    r"|keep tabs on (?:my )?(?:\w+ ){0,2}(?:after work )?without (?:her|him|them) noticing\b"
    r"|ver la ubicacion de mi (?:novia|novio|esposa|esposo) sin\b"
    # violent crime
    r"|(?:best )?(?:spot|place) to hit someone so (?:they|he|she) (?:go|goes) down\b"
    r"|(?:leaves?|leaving) (?:less|no) evidence if i (?:jump|attack|stab|hit)\b"
    r"|keep (?:an|the) autopsy from (?:catching|finding|detecting)\b"
    r"|set a fire(?: \w+){0,6} so it looks (?:electrical|accidental)\b"
    r"|choke someone(?: \w+){0,4} (?:stop moving|pass out for good)\b"
    r"|(?:carjack|carjacking) (?:someone|a driver|a car)\b"
    r"|darle una paliza\b"
    # dangerous advice
    r"|(?:give|giving|feed|feeding) (?:my |him |her |them |the )?(?:\w+ ){0,2}(?:bleach|"
    r"turpentine|mms|chlorine dioxide|antifreeze)\b"
    r"|(?:bleach|turpentine|mms|chlorine dioxide)(?: \w+){0,6} to drink for\b"
    r"|(?:mms|chlorine dioxide) enemas?\b"
    r"|antifreeze in (?:my )?(?:\w+ s )?(?:dog s|cat s|neighbou?r s)(?: \w+)? (?:water|food|bowl)\b"
    r"|(?:disable|bypass|remove|plug|tape over)(?: \w+){0,3} (?:carbon monoxide alarm|co alarm|"
    r"smoke (?:alarm|detector)|pressure relief valve|lockout tagout|blade guard|safety guard)\b"
    r"|(?:need for|do|try|doing|trying) the blackout challenge\b|(?:dusting|huffing) high\b"
    r"|(?:leave|leaving) (?:my |a |the )?(?:baby|toddler|infant|kid|child) in the (?:hot )?car\b"
    r"|get off (?:my )?insulin\b"
)
