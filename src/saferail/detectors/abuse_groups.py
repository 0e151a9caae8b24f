"""Dehumanizing generalizations about groups of people, in eight languages (the abuse rule
beside ``toxicity``; see :mod:`saferail.detectors.abuse`).

One form per language: a group named by religion, ethnicity, nationality, gender, sexual
orientation or disability, a copula ("are", "sind", "sont", "son", "sono", "zijn", "sa",
"sao"), at most three words from a short list of quantifiers and intensifiers ("all", "doch
alle", "tous des", "todos unos", "tutti dei", "allemaal", "wszyscy", "todos uns", "nothing
but", "by nature", "potential"), then a dehumanizing or criminalizing predicate (vermin,
parasites, animals, terrorists, thieves, a burden, disgusting, too stupid to ...). The words
between are not free: "refugees are not criminals" and "immigrants are often victims of
criminals" do not match. Also: "(they) breed like rats" in each language.

Folded word strings (see :mod:`saferail.detectors.abuse_insults`). Written for this project
on a development set (``scripts/data/toxicity_ml_*.jsonl``).
"""

from __future__ import annotations

__all__ = ["GROUP_HATE"]

from saferail.detectors.signatures import alt as _alt

# fmt: off
# quantifiers and intensifiers allowed between the copula and the predicate (all languages)
_BETWEEN = _alt(
    r"all|just|only|nothing but|basically|naturally|by nature|potential|real|simply|such|so|"
    r"bloody|fucking|dirty|lazy|stupid|a|an|the|too|like|born|genetically|just like",
    r"alle|alles|doch|nur|nichts als|einfach|von natur aus|potenzielle|potentielle|echte|"
    r"verdammte|dreckige|faule|dumme|ein|eine|der|die|zu|geborene|halt|eh|eben|wie",
    r"tous|toutes|des|de|d|juste|que|rien que|simplement|vraiment|par nature|en puissance|"
    r"putains de|sales|une|un|la|le|les|trop|nes|c est|ce sont|comme|comme des",
    r"todos|todas|unos|unas|solo|nada mas que|simplemente|por naturaleza|en potencia|putos|"
    r"malditos|sucios|estupidos|una|un|el|la|los|demasiado|natos|unos putos|como",
    r"tutti|tutte|dei|degli|delle|solo|nient altro che|semplicemente|per natura|potenziali|"
    r"fottuti|sporchi|stupidi|una|un|uno|il|la|i|troppo|nati|dei veri|delle vere|come",
    r"allemaal|gewoon|alleen|niets dan|van nature|potentiele|kut|vuile|domme|een|de|het|te|"
    r"echt|echte|toch|net|als",
    r"wszyscy|wszystkie|tylko|nic tylko|po prostu|z natury|potencjalni|jebane|jebani|brudni|"
    r"brudne|glupie|głupie|za|to|sa|są|sami|same|jak",
    r"todos|todas|uns|umas|so|só|nada mais que|simplesmente|por natureza|em potencial|malditos|"
    r"sujos|burros|um|uma|o|a|os|as|demais|muito|uns bando de|um bando de|tudo|como|iguais a",
)
_GAP = r"(?: " + _BETWEEN + r"){0,3}"

_FORMS = (
    # English
    (r"immigrants|migrants|refugees|foreigners|muslims|jews|blacks|black people|arabs|mexicans|"
     r"latinos|africans|asians|chinese|indians|gays|lesbians|homosexuals|trans people|"
     r"transgenders|trannies|women|females|feminists|disabled people|the disabled|gypsies|"
     r"roma|romanians|turks|albanians|moroccans|syrians|afghans|pakistanis|poles",
     r"are|r|re|should be|belong|deserve to be",
     r"parasites|vermin|rats|cockroaches|animals|savages|subhuman|inferior|terrorists|"
     r"criminals|thieves|rapists|scum|filth|trash|garbage|disgusting|filthy|sick in the head|"
     r"mentally ill|freaks|a disease|a plague|a cancer|a burden|useless|emotional to lead|"
     r"stupid to|hysterical|apes|monkeys|leeches|greedy|degenerates|perverts|pedophiles|"
     r"deported|exterminated|gassed|sterilized|in the kitchen|thieves by nature|not human"),
    # German
    (r"auslander|ausländer|migranten|fluchtlinge|flüchtlinge|asylanten|muslime|moslems|juden|"
     r"schwarze|neger|araber|turken|türken|polen|rumanen|rumänen|russen|afrikaner|asiaten|"
     r"chinesen|zigeuner|roma|sinti|schwule|lesben|homos|transleute|transen|frauen|weiber|"
     r"feministinnen|behinderte|kanaken",
     r"sind|gehoren|gehören|sollte man|sollten|muss man",
     r"schmarotzer|parasiten|ungeziefer|ratten|kakerlaken|tiere|viecher|untermenschen|"
     r"minderwertig|terroristen|verbrecher|kriminelle|diebe|vergewaltiger|abschaum|dreck|"
     r"widerlich|ekelhaft|dreckig|psychisch kranke|kranke freaks|freaks|eine last|nur ne last|"
     r"ne last|eine plage|krebsgeschwur|nutzlos|unnutze esser|unnütze esser|dumm|emotional|"
     r"hysterisch|affen|schweine|geldgierig|pervers|abgeschoben|vergast|ausgerottet|"
     r"hinter den herd|potenzielle terroristen|von natur aus diebe"),
    # French
    (r"immigres|migrants|etrangers|refugies|musulmans|juifs|noirs|arabes|bougnoules|negres|"
     r"chinois|asiatiques|africains|roms|gitans|tziganes|homos|pedes|gays|lesbiennes|trans|"
     r"travelos|femmes|meufs|feministes|handicapes|polonais|roumains|turcs",
     r"sont|c est|ce sont|devraient etre|faut les",
     r"parasites|vermine|rats|cafards|animaux|sauvages|sous hommes|inferieurs|terroristes|"
     r"criminels|voleurs|violeurs|racaille|ordures|dechets|degueulasses|malades mentaux|"
     r"tares|un fardeau|une plaie|un cancer|bouches inutiles|betes|hysteriques|singes|"
     r"chiens|porcs|radins|manipulateurs|pervers|renvoyer|exterminer|voleurs par nature|"
     r"terroristes en puissance|malades"),
    # Spanish
    (r"inmigrantes|migrantes|extranjeros|refugiados|musulmanes|moros|judios|negros|arabes|"
     r"sudacas|chinos|gitanos|maricones|gays|homosexuales|lesbianas|travestis|trans|mujeres|"
     r"feministas|feminazis|discapacitados|minusvalidos|latinos|mexicanos|indios|rumanos|"
     r"marroquies|panchitos",
     r"son|deberian ser|hay que",
     r"parasitos|alimanas|ratas|cucarachas|animales|salvajes|subhumanos|inferiores|"
     r"terroristas|criminales|delincuentes|ladrones|violadores|escoria|basura|asquerosos|"
     r"dan asco|sucios|enfermos mentales|enfermos|una carga|una plaga|un cancer|"
     r"bocas inutiles|histericas|monos|perros|cerdos|avaros|manipuladores|pervertidos|"
     r"deportados|echarlos|ladrones por naturaleza|terroristas en potencia"),
    # Italian
    (r"immigrati|migranti|stranieri|profughi|musulmani|ebrei|neri|negri|arabi|cinesi|zingari|"
     r"rom|froci|gay|omosessuali|lesbiche|trans|donne|femministe|disabili|handicappati|"
     r"africani|albanesi|rumeni|marocchini|meridionali|terroni",
     r"sono|andrebbero|bisogna|vanno",
     r"parassiti|ratti|topi|scarafaggi|animali|bestie|selvaggi|subumani|inferiori|terroristi|"
     r"criminali|delinquenti|ladri|stupratori|feccia|spazzatura|schifosi|fanno schifo|"
     r"sporchi|malati di mente|malati|un peso|una piaga|un cancro|inutili|isteriche|"
     r"scimmie|cani|maiali|porci|avari|tirchi|pervertiti|rimpatriati|cacciati|sterminati|"
     r"ladri per natura|terroristi potenziali"),
    # Dutch
    (r"buitenlanders|allochtonen|migranten|vluchtelingen|asielzoekers|moslims|joden|zwarten|"
     r"negers|arabieren|marokkanen|turken|polen|roemenen|zigeuners|homo s|homos|flikkers|"
     r"transgenders|vrouwen|wijven|feministen|gehandicapten|mongolen|chinezen|afrikanen|"
     r"surinamers|antillianen",
     r"zijn|moeten|horen",
     r"parasieten|ongedierte|ratten|kakkerlakken|dieren|beesten|wilden|minderwaardig|"
     r"terroristen|criminelen|dieven|verkrachters|tuig|uitschot|afval|walgelijk|smerig|"
     r"ziek in hun hoofd|geestesziek|een last|een plaag|een kanker|nutteloos|dom|"
     r"hysterisch|apen|honden|varkens|gierig|pervers|het land uit|uitgezet|"
     r"dieven van nature"),
    # Polish
    (r"imigranci|uchodzcy|uchodźcy|obcokrajowcy|muzulmanie|muzułmanie|zydzi|żydzi|czarni|"
     r"murzyni|arabowie|cyganie|romowie|geje|pedaly|pedały|lesbijki|trans|kobiety|baby|"
     r"feministki|niepelnosprawni|niepełnosprawni|ukraincy|ukraińcy|rosjanie|niemcy|"
     r"chinczycy|azjaci|afrykanie|transy|cyganie",
     r"to|sa|są|powinni|trzeba",
     r"pasozyty|pasożyty|robactwo|szczury|karaluchy|zwierzeta|zwierzęta|dzikusy|podludzie|"
     r"gorsi|terrorysci|terroryści|przestepcy|przestępcy|zlodzieje|złodzieje|gwalciciele|"
     r"gwałciciele|szumowiny|smieci|śmieci|obrzydliwi|brudasy|chorzy psychicznie|"
     r"psychicznie chorzy|ciezar|ciężar|plaga|rak|bezuzyteczni|bezużyteczni|glupie|głupie|"
     r"histeryczki|malpy|małpy|swinie|świnie|chciwi|zboczency|zboczeńcy|wyrzucic|wyrzucić|"
     r"deportowac|deportować|darmozjady|nieroby|nazisci|naziści|obciazenie|obciążenie|"
     r"chorzy psychicznie ludzie|zlodzieje|złodzieje"),
    # Portuguese
    (r"imigrantes|migrantes|estrangeiros|refugiados|muculmanos|muçulmanos|judeus|negros|"
     r"pretos|arabes|ciganos|viados|gays|homossexuais|lesbicas|sapatoes|travecos|trans|"
     r"mulheres|feministas|deficientes|nordestinos|baianos|chineses|africanos|venezuelanos|"
     r"bolivianos|haitianos|brasileiros|portugueses|ucranianos|cigano|nordestino|judeu|"
     r"mulher|negro|preto|viado|baiano",
     r"sao|são|e|deviam ser|deveriam ser|tem que ser",
     r"parasitas|pragas|ratos|baratas|animais|selvagens|sub humanos|inferiores|terroristas|"
     r"criminosos|bandidos|ladroes|ladrões|estupradores|escoria|lixo|nojentos|sujos|"
     r"doentes mentais|doentes|um peso|uma praga|um cancer|inuteis|histericas|burras|"
     r"macacos|caes|cachorros|porcos|vagabundos|preguicosos|muquiranas|pervertidos|"
     r"expulsos|deportados|ladroes por natureza|terroristas em potencial|ladrao|preguicoso|"
     r"vagabundo|bandido|burras demais|burros demais|animais"),
)

_BREED = _alt(
    r"(?:breed|multiply|reproduce) like (?:rats|rabbits|cockroaches|vermin)",
    r"vermehren sich wie (?:ratten|karnickel|kaninchen|die karnickel|ungeziefer)",
    r"se reproduisent comme des (?:rats|lapins|cafards)",
    r"se reproducen como (?:ratas|conejos|cucarachas)",
    r"si riproducono come (?:topi|ratti|conigli|scarafaggi)",
    r"(?:fokken|planten zich voort) (?:als|zoals) (?:ratten|konijnen|kakkerlakken)",
    r"rozmnazaja sie jak (?:szczury|kroliki|karaluchy)|rozmnażają się jak (?:szczury|króliki)",
    r"se reproduzem como (?:ratos|coelhos|baratas)",
)

GROUP_HATE = (
    r"(?:^| )(?:" + "|".join(
        r"(?:" + group + r")(?: [^ ]+){0,4} (?:" + copula + r")" + _GAP + r" (?:" + predicate + r")"
        for group, copula, predicate in _FORMS
    ) + r")(?: |$)|\b" + _BREED + r"\b"
)
# fmt: on
