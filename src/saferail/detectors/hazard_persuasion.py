"""Deceptive, defamatory, hateful and harassing writing, for the hazard rule of
``harmful_request``.

A request to write persuasive misinformation, a false accusation against a named person,
propaganda that dehumanizes a group or messages meant to torment someone names no method and
often no hazard word: "an op-ed proving that the election was stolen through hacked voting
machines", "a Nextdoor post warning that the new tenant is a registered sex offender, even
though he isn't", "five comments saying refugees are animals", "texts telling my ex that
everyone at his office laughs at him". The model, trained on requests for dangerous help,
passes most of them. This module matches, on the folded word string (RE2):

- :data:`FALSE_CLAIMS`: the stock claims of health, election, science and history
  misinformation presented as true (a cure for cancer or autism, vaccines behind autism or
  infertility, voting moved to a text message or another day, an election stolen by
  machines, global warming a hoax, an atrocity that "never happened" or was "fabricated"),
  and invented evidence ("citing a study you make up", "with made-up figures");
- :data:`FALSE_ACCUSATIONS`: writing that accuses a person or a business of a crime, abuse or
  fraud, and reviews or complaints written in bulk or to ruin a business;
- :data:`DEHUMANIZING_CLAIMS`: a group called animals, vermin, a disease or an invading
  horde, called inherently criminal or less intelligent, or marked for expulsion, purge,
  segregation or badges; jokes that cast a group as greedy or stupid; recruitment for a
  white-nationalist or armed group;
- :data:`TORMENT`: messages to bully, shame, threaten or pile on a person ("until she quits",
  "watch your back", "scared enough to", "cruel nicknames", "from different fake accounts").

A debunk, a correction, a fact-check, a lesson, counter-speech, satire of bigots, a report
of harassment or a reply to it (:data:`COUNTER`) rules all of them out: such texts repeat the
claim or the slur they answer. Written for this project on a development set
(``scripts/data/persuasion_requests.jsonl``), in English.
"""

from __future__ import annotations

__all__ = [
    "COUNTER",
    "DEHUMANIZING_CLAIMS",
    "FALSE_ACCUSATIONS",
    "FALSE_CLAIMS",
    "TORMENT",
    "persuasion_request",
]


from saferail.detectors.signatures import CounteredForm, any_words

_GROUP = (
    "(?:immigrants|migrants|refugees|asylum seekers|muslims|jews|jewish people|hindus|sikhs"
    "|christians|catholics|atheists|women|gay men|gay people|lesbians|trans people|transgender"
    " people|black people|africans|asians|asian students|chinese (?:people|residents)|arabs"
    "|arab citizens|mexicans|mexican (?:immigrants|migrants)|somalis|somali refugees"
    "|indigenous peoples|travellers|irish travellers|roma|gypsies|deaf people|disabled people"
    "|autistic people|minorities|foreigners|latinos|hispanics)"
)

# fmt: off
FALSE_CLAIMS = (
    "(?:^| )(?:(?:cures?|cured|reverses?|reversing|curing) (?:[^ ]+ ){0,3}(?:cancer|autism"
    "|covid(?: 19)?|diabetes|kidney disease|hiv|aids|alzheimer s|dementia|multiple sclerosis)"
    "|(?:vaccines?|vaccination|vaccinations|the jab|jabs|flu shots?)" + any_words(4) + ""
    " (?:cause|causes|caused|causing|behind|linked to|responsible for)" + any_words(4) + ""
    " (?:autism|infertility|sterility|cancer|sids|deaths)|(?:rise|epidemic) in autism"
    "|(?:sunscreen|fluoride|5g|wifi|chemtrails?)" + any_words(3) + " (?:causes?|lowers?|spray"
    "|sprays|spraying|to lower)|sterili[sz]ing chemicals|safely stop (?:their|your|taking)"
    "|(?:election|elections|vote|votes|ballots?)" + any_words(4) + " (?:was|were|is|got) (?:stolen"
    "|rigged|flipped)|hacked voting machines|(?:vote|voting|ballots can be cast) (?:by text"
    "|by phone|online)|(?:will|would) vote on (?:monday|wednesday|thursday|friday|saturday"
    "|sunday)|(?:polling (?:place|places|station|stations)) (?:has|have|will be|are|is)"
    " (?:closed|moved|cancelled)|(?:will|would) be arrested if (?:they|you) (?:try to )?vote"
    "|no longer accept (?:driver|drivers|voter)|filled out by one campaign|global warming"
    " (?:stopped|is a hoax|isn t real|is fake)|(?:climate change|sea level rise|evolution"
    "|the holocaust|global warming) (?:is|was) (?:a hoax|a myth|a lie|fake|a fraud)|fake"
    " temperature records|manipulated the" + any_words(3) + " data|disproven evolution|earth is"
    " (?:flat|only [0-9 ]+ years old)|carbon dating as a hoax|(?:a )?hollywood production"
    "|using controlled demolitions|(?:was|were) (?:a )?controlled demolitions?|inside job|(?:was"
    "|were) (?:a )?false flag|(?:never happened|was exaggerated|were"
    " exaggerated|casualty figures were fabricated|a postwar fabrication|were planted by"
    "|merely a wartime relocation|caused purely by drought|kept order in the city)"
    "|(?:were|was) the real aggressors|started the [0-9]+ war by attacking"
    "|(?:study|survey|figures|statistics|data|researchers|numbers)" + any_words(3) + ""
    " (?:you make up|you invent|made up)|(?:with|citing) (?:made up|invented|fabricated|fake)"
    " (?:[^ ]+ ){0,2}(?:figures|statistics|studies|study|survey|data|numbers|quotes?)"
    "|invent the (?:researchers|numbers|data|study)|as if it were (?:proven|true|fact)"
    "|presented as settled fact|as if leaked)(?: |$)"
)
FALSE_ACCUSATIONS = (
    "(?:^| )(?:(?:claiming|claims|saying|says|stating|states|accusing|accuses|asserting"
    "|alleging|warning (?:neighbou?rs|parents|people) that|exposing|reporting that)" + any_words(10)
    + " (?:molest[^ ]*|abus(?:ed|ing|es|er) (?:her |his |their |young |the )?"
    "(?:patients|children|kids|players|students|pupils|residents)|embezzl[^ ]*|sex offender"
    "|pedophile|paedophile|(?:was|been|is being) (?:arrested|charged|fired)|plagiari[sz][^ ]*"
    "|faking (?:his|her|their) (?:cancer|illness|diagnosis|disability)|unlicensed fraud"
    "|bought (?:his|her) degree|front for (?:a |the )?(?:drug|money laundering|gang)"
    "|(?:selling|sells) counterfeit|stealing (?:depositors|customers|clients|donors)"
    "|trades grades|sabotag(?:ing|es) customers|has a hidden record|euthani[sz]es healthy"
    "|food poisoning and saw rats|secret second family)"
    "|even though (?:it|he|she|they) (?:never happened|isn t|wasn t|aren t|didn t|never did)"
    "|(?:over|based on) an? (?:invented|made up|fabricated|false) (?:allegation|accusation"
    "|claim)|(?:write|generate|create|draft|produce|give me|compose|post|make|churn out"
    "|come up with|need) (?:me |us )?(?:[0-9]+|ten|fifteen|twenty|thirty|several|multiple"
    "|a dozen|a batch of)"
    " (?:one star |1 star |negative |fake |bad )?(?:google |yelp |amazon |tripadvisor"
    " |trustpilot |better business bureau |bbb )?(?:reviews|complaints)" + any_words(6) + ""
    " (?:saying|claiming|accusing|describing|stating|that say)|each written as a"
    " different customer|so (?:the )?(?:owners?|they|buyers|customers|people) (?:lose"
    " bookings|switch|stop buying|go out of business|lose (?:their|his|her) business))(?: |$)"
)
DEHUMANIZING_CLAIMS = (
    "(?:^| )(?:" + _GROUP + any_words(4) + " (?:as|are|were|is) (?:a |an )?(?:[^ ]+ )?(?:animals"
    "|rats|vermin|parasites|cockroaches|a disease|an invading horde|invaders|subhuman"
    "|soulless robots|savages|predators|spies|criminals|genetically"
    " criminal|biologically less intelligent|less intelligent|mentally ill predators"
    "|inherently primitive|morally rotten|greedy and money obsessed|stupid)"
    "|(?:genetically|biologically|inherently|racially) (?:criminal|inferior|primitive|less"
    " intelligent|violent|stupid)|(?:should|must) be (?:purged|driven out|deported|expelled"
    "|segregated|stripped of|forced to convert|banned from entering|barred from ever"
    "|required to wear identifying)|forced to convert or leave|identifying badges"
    "|(?:jokes|limericks|cartoons|memes)" + any_words(2) + " (?:portraying|mocking|about|making fun"
    " of)" + any_words(3) + " (?:" + _GROUP + "|[^ ]+ (?:men s|women s) (?:turbans|hijabs|beards"
    "|kippahs))|(?:recruit[^ ]*|join)" + any_words(6) + " (?:white nationalist|neo nazi|armed"
    " militia|militia that|waffen ss)|save the race|(?:cleanse|purge) the" + any_words(3) + " of"
    "|urging people to strike first|celebrate the holocaust|call for it to happen again"
    "|contaminating local|an invading horde|swarming across)(?: |$)"
)
TORMENT = (
    "(?:^| )(?:telling (?:him|her|them) (?:he s|she s|they re|he is|she is|they are)"
    " (?:worthless|ugly|stupid|a loser|annoying|pathetic|disgusting|no longer welcome)"
    "|(?:mocking|mock|ridiculing|humiliating|shaming|making fun of)" + any_words(4) + ""
    " (?:for (?:her|his|their) )?(?:stutter|weight|disability|hearing aid|birthmark|body"
    "|appearance|accent|infertility|acne|scars|father who just died|lisp)|(?:flood|spam"
    "|pile on|raid|brigade)" + any_words(5) + " (?:channel|comments|dms|reviews|inbox|mentions"
    "|video|posts?)|until (?:he|she|they) (?:quits|quit|stops? posting|leaves|deletes|gives"
    " up)|watch (?:his|her|your|their) back|(?:he d|she d|they d) better watch|something"
    " (?:might|could|will) happen to|(?:he ll|she ll|they ll|you ll) regret|scared enough"
    " to|cruel nicknames|put downs to use|rate (?:[^ ]+ )?(?:body|bodies|looks)|(?:i m"
    " watching|i watch) her|never works? in this town again|(?:from|using) (?:different"
    "|multiple|several) fake accounts|bot accounts" + any_words(6) + " insults|veiled threats"
    "|too ashamed to|reminding her of her most embarrassing|each telling her|pass around"
    " her photos|insults until)(?: |$)"
)
COUNTER = (
    "(?:^| )(?:debunk[^ ]*|myths?|(?:is|are|was|were) (?:false|untrue|mistaken|inaccurate"
    "|baseless)|not a (?:[^ ]+ )?cure|correct(?:s|ing|ion)?|fact check(?:s|ing)?|false"
    " (?:rumou?rs?|accusations?|allegations?|claims?)|falsely|rumou?rs about|skeptical|sees"
    " through|lacking evidence|without making any false|accurate(?:ly)?|documented"
    "|evidence (?:that|about|supports|for)|established|scholarship|retracted|spot(?:ting)?"
    "|lesson|quiz|lampoon[^ ]*|satir[^ ]*|counter speech|counter extremism|challeng[^ ]*"
    "|condemn[^ ]*|respond(?:ing)? to|reply to|remove (?:a|the) post|cease and desist"
    "|analy[sz][^ ]*|history of|historical|report (?:to|describing)|a report|reporting"
    " (?:that my|a|the|harassment|repeated)|complaint|restraining order|title ix|trust and"
    " safety|supportive|upstander|hurtful|for (?:a|the) (?:novel|story|short story|play"
    "|screenplay|film)|character who|psychology of|without disparaging|respectful(?:ly)?"
    "|convicted|court records?|verdict|acquitted|public records|how (?:can|do|would) i tell"
    "|is (?:it|this|that) (?:true|real|reliable)|reliable|believes?|talk to)(?: |$)"
)
# fmt: on

_FORM = CounteredForm((FALSE_CLAIMS, FALSE_ACCUSATIONS, DEHUMANIZING_CLAIMS, TORMENT), COUNTER)


def persuasion_request(subject: str) -> bool:
    """Whether the folded word string ``subject`` (one chunk of a text) asks for deceptive,
    defamatory, hateful or harassing writing (see the module docstring)."""
    return _FORM(subject)
