"""Word lists for the PERSON recognizer: context cues, titles and non-name capitals."""

from __future__ import annotations

__all__ = [
    "AUXILIARIES",
    "CLOSINGS",
    "CONJUNCTIONS",
    "HUMAN_VERBS",
    "KIN",
    "LABELS",
    "NOT_NAMES",
    "OCCUPATIONS",
    "ORG_CUES",
    "ORG_SUFFIXES",
    "PARTICLES",
    "PEOPLE_NOUNS",
    "PLACE_OPENERS",
    "REPORTING",
    "STREET_PREFIXES",
    "STREET_WORDS",
    "STRONG_CUES",
    "TITLES",
    "WEAK_CUES",
    "WORKS",
]

# Phrases right before a name that introduce it (lowercase, matched at the end of the
# text preceding the candidate).
STRONG_CUES: tuple[str, ...] = (
    "my name is",
    "my name's",
    "i'm",
    "i am",
    "im",
    "this is",
    "call me",
    "name is",
    "dear",
    "hi",
    "hello",
    "hey",
    "thanks",
    "thank you",
    "signed",
    "sincerely",
    "ich bin",
    "ich heiße",
    "mein name ist",
    "ich heisse",
    "liebe",
    "lieber",
    "hallo",
    "je m'appelle",
    "je suis",
    "mon nom est",
    "cher",
    "chère",
    "bonjour",
    "me llamo",
    "soy",
    "mi nombre es",
    "estimado",
    "estimada",
    "hola",
    "mi chiamo",
    "sono",
    "il mio nome è",
    "caro",
    "cara",
    "gentile",
    "ciao",
    "ik ben",
    "mijn naam is",
    "ik heet",
    "beste",
    "hoi",
    "nazywam się",
    "jestem",
    "mam na imię",
    "drogi",
    "droga",
    "szanowny",
    "szanowna",
    "cześć",
    "attn",
    "attention",
)
WEAK_CUES: tuple[str, ...] = (
    "says",
    "said",
    "told",
    "asked",
    "wrote",
    "meet",
    "with",
    "and",
    "mr",
    "ms",
    "mrs",
    "ask",
    "tell",
    "email",
    "call",
    "thank",
    "sagt",
    "dit",
    "dice",
    "zegt",
    "mówi",
)
# Form labels: "Applicant: NAME" (lowercase, without the colon).
LABELS: tuple[str, ...] = (
    "name",
    "full name",
    "applicant",
    "patient",
    "customer",
    "client",
    "employee",
    "account holder",
    "cardholder",
    "card holder",
    "holder",
    "contact",
    "contact person",
    "sender",
    "recipient",
    "from",
    "to",
    "author",
    "signed",
    "signature",
    "beneficiary",
    "guest",
    "passenger",
    "student",
    "user",
    "owner",
    "tenant",
    "insured",
    "first name",
    "last name",
    "surname",
    "given name",
    "family name",
    "billing name",
    "ship to",
    "bill to",
    "vorname",
    "nachname",
    "antragsteller",
    "kunde",
    "empfänger",
    "absender",
    "ansprechpartner",
    "nom",
    "prénom",
    "nom complet",
    "demandeur",
    "destinataire",
    "expéditeur",
    "nombre",
    "apellido",
    "apellidos",
    "solicitante",
    "cliente",
    "destinatario",
    "remitente",
    "nome",
    "cognome",
    "richiedente",
    "mittente",
    "naam",
    "voornaam",
    "achternaam",
    "aanvrager",
    "klant",
    "ontvanger",
    "afzender",
    "imię",
    "nazwisko",
    "imię i nazwisko",
    "wnioskodawca",
    "klient",
    "odbiorca",
    "nadawca",
)
CLOSINGS: tuple[str, ...] = (
    "regards",
    "best regards",
    "kind regards",
    "warm regards",
    "best",
    "thanks",
    "thank you",
    "cheers",
    "sincerely",
    "yours sincerely",
    "yours truly",
    "yours",
    "all the best",
    "best wishes",
    "many thanks",
    "respectfully",
    "mit freundlichen grüßen",
    "mit freundlichen grüssen",
    "viele grüße",
    "beste grüße",
    "liebe grüße",
    "grüße",
    "lg",
    "vg",
    "mfg",
    "cordialement",
    "bien cordialement",
    "bien à vous",
    "amicalement",
    "salutations",
    "saludos",
    "un saludo",
    "atentamente",
    "saludos cordiales",
    "un abrazo",
    "cordiali saluti",
    "distinti saluti",
    "saluti",
    "grazie",
    "un saluto",
    "met vriendelijke groet",
    "met vriendelijke groeten",
    "groeten",
    "groet",
    "mvg",
    "pozdrawiam",
    "z poważaniem",
    "pozdrowienia",
    "serdecznie pozdrawiam",
)
TITLES: frozenset[str] = frozenset(
    "mr mrs ms miss mx dr prof sir madam dame lord lady rev herr frau fräulein mme mlle m "
    "monsieur madame mademoiselle sr sra srta señor señora señorita don doña sig sig.ra "
    "signor signora signorina dott dott.ssa avv ing dhr mevr mevrouw meneer pan pani "
    "panna inż mgr".split()
)
PARTICLES: frozenset[str] = frozenset(
    "van von der den de del della di da dos das du le la ten ter zu y".split()
)
# Capitalized words that are never person names on their own (lowercase).
NOT_NAMES: frozenset[str] = frozenset(
    """
    i'm i’m i'd i’d i'll i’ll i've i’ve it's it’s that's let's don't can't
    i ich je yo io ik ja er sie wir ihr es du il elle nous vous ils elles on él ella
    nosotros lui lei noi voi loro hij zij wij jij u on ona my wy oni der die das le la les
    el los las il lo gli de het een ein eine un une una uno
    the a an this that these those there here what when where who why how which please
    thanks thank hello hi hey dear yes no ok okay not and but or if so my your our their his
    her its we you they he she it me us them
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today tomorrow yesterday
    montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz mai juni
    juli oktober dezember lundi mardi mercredi jeudi vendredi samedi dimanche janvier
    février mars avril juin juillet août septembre octobre novembre décembre lunes martes
    miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio julio
    agosto septiembre octubre noviembre diciembre lunedì martedì mercoledì giovedì venerdì
    sabato gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre maandag
    dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart mei juni juli
    augustus poniedziałek wtorek środa czwartek piątek sobota niedziela styczeń luty marzec
    kwiecień czerwiec lipiec sierpień wrzesień październik listopad grudzień
    street st road rd avenue ave boulevard blvd lane ln drive court way place square
    suite apt apartment unit floor building po box
    inc ltd llc gmbh ag sa srl bv plc corp co company group team bank university hospital
    school college institute department office services service support
    new old great saint san santa st
    regards best kind warm sincerely yours cheers
    name applicant patient customer client account card number email phone address
    date birth born dob street city country state zip postal code
    """.split()
)

# Street-type words: a run ending in one is a street, not a person ("Maren Coves").
STREET_WORDS: frozenset[str] = frozenset(
    """
    alley avenue ave bend blvd boulevard branch bridge brook burg bypass camp canyon cape
    causeway center centre circle cir cliff close club common corner course court ct cove
    coves creek crescent crest crossing curve dale dam divide drive estate expressway
    extension falls ferry field fields flat ford forest forge fork fort freeway gardens
    garden gateway glen green greens grove harbor harbour haven heights highway hill hills
    hollow inlet island isle junction key knoll knolls lake lakes landing lane light lights
    loaf lock lodge loop mall manor meadow meadows mews mill mills mission motorway mount
    mountain neck orchard oval overpass park parkway pass passage path pike pine pines place
    plain plains plaza point points port prairie ranch rapid rapids rest ridge river road
    route row rue run shoal shore shores skyway spring springs spur square station stravenue
    stream street summit terrace throughway trace track trail tunnel turnpike underpass
    union valley via viaduct view views village ville vista walk wall way well wells
    straße strasse weg gasse platz allee ring damm ufer straat laan plein gracht kade dijk
    singel rue calle avenida paseo plaza camino via viale piazza corso largo vicolo strada
    ulica aleja plac osiedle
    """.split()
)

# Words that open a street name in Romance and Slavic languages ("Via Roma", "Calle Mayor").
STREET_PREFIXES: frozenset[str] = frozenset(
    """
    rue avenue av bd boulevard place chemin allée allee impasse quai route cours square
    faubourg calle avenida avda paseo plaza camino carretera ronda travesía travesia glorieta
    cuesta callejón callejon pasaje rambla vía urbanización urbanizacion alameda bajada
    cañada costanilla calzada carrera plazuela rúa senda subida vereda
    via viale piazza piazzale corso largo vicolo strada contrada borgo lungomare rotonda
    stretto canale incrocio sentiero galleria salita discesa
    ul ulica al aleja pl plac os osiedle rondo skwer bulwar rua travessa praça
    """.split()
)

NOT_NAMES = NOT_NAMES | frozenset(w for phrase in CLOSINGS for w in phrase.split())
# Nationality adjectives ("the German Grand Prix"), capitalized in English.
NOT_NAMES = NOT_NAMES | frozenset(
    """
    german french english italian dutch polish spanish american british european chinese
    russian japanese canadian australian irish scottish welsh swiss austrian belgian swedish
    norwegian danish finnish portuguese greek turkish indian african asian mexican brazilian
    """.split()
)
# Words that open the name of a place or a saint: "San Francisco", "St. Petersburg".
PLACE_OPENERS: frozenset[str] = frozenset(
    "san santa santo são saint sainte st sankt los las".split()
)

STRONG_CUES = (
    *STRONG_CUES,
    *"""namens|on behalf of|au nom de|en nombre de|per conto di|im namen von|w imieniu|c'est|c’est|
    heet|heiße|heisse""".replace("\n", "").split("|"),
)
STRONG_CUES = tuple(c.strip() for c in STRONG_CUES)

# Phrases before an organisation, not a person ("I work at Baker-Baxter").
ORG_CUES: tuple[str, ...] = tuple(
    """work at|work for|works at|works for|working at|employed at|employed by|arbeite bei|
    arbeitet bei|travaille chez|travaille pour|trabajo en|trabaja en|lavoro presso|lavoro per|
    lavora presso|werk bij|werkt bij|pracuję w|pracuje w|company|firma|société|empresa|azienda|
    bedrijf""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
ORG_SUFFIXES: frozenset[str] = frozenset(
    "sa s.a. sl s.l. gmbh ag kg ltd ltd. inc inc. llc plc bv b.v. nv n.v. srl s.r.l. spa "
    "s.p.a. sp. sas sarl co co. corp corp. group".split()
)

STRONG_CUES = (*STRONG_CUES, "name", "named", "called", "last name", "first name", "surname")

# Royal and noble titles: like "Dr." before a name, never a name on their own.
TITLES = TITLES | frozenset(
    "prince princess king queen duke duchess earl countess baron baroness".split()
)
# Occupations used like a title before a name ("Producer Ana Ruiz", "author Jan Kos").
OCCUPATIONS: frozenset[str] = frozenset(
    """
    producer director author writer novelist poet singer songwriter guitarist drummer
    bassist pianist composer conductor actor actress artist painter sculptor photographer
    journalist reporter editor columnist presenter host comedian dancer rapper
    coach captain manager president senator governor mayor minister chancellor
    ceo cfo cto founder co-founder chairman chairwoman professor judge detective
    inspector officer sergeant lieutenant colonel general nurse surgeon attorney lawyer
    architect designer engineer scientist researcher historian economist spokesman
    spokeswoman spokesperson
    """.split()
)
# Verbs that attribute a quote: "..., says Nowak." names the speaker.
REPORTING: frozenset[str] = frozenset(
    "says said writes wrote explains explained adds added notes noted recalls recalled "
    "argues argued insists insisted admits admitted claims claimed".split()
)
# Creative works named after their author: "the Hemingway novel", "the Cash version".
WORKS: frozenset[str] = frozenset(
    "novel novels book books song songs album albums record version versions cover film "
    "films movie movies poem poems painting paintings play plays biography memoir "
    "recording recordings opera symphony".split()
)
# Auxiliary verbs that open a question ("Can I", "Will you"): never a name there.
AUXILIARIES: frozenset[str] = frozenset(
    "can could would will may might shall should must do does did is are was were have "
    "has had".split()
)
# Plural nouns for people that introduce a list of names ("our founders: A, B and C").
PEOPLE_NOUNS: frozenset[str] = frozenset(
    """
    founders co-founders cofounders members authors speakers guests participants attendees
    players partners winners nominees candidates students employees colleagues friends
    children kids sons daughters siblings brothers sisters parents grandchildren cousins
    teachers doctors hosts judges panelists organizers organisers owners directors
    """.split()
)
# Words joining the items of a list of names, in the seven languages (lowercase).
CONJUNCTIONS: frozenset[str] = frozenset("and or und oder et ou y o e en i oraz lub".split())
# Verbs right after a name whose subject is a person ("Kowalczyk lives on ...").
HUMAN_VERBS: frozenset[str] = frozenset(
    (
        *"lives lived shouted smiled laughed whispered cried married died replied nodded".split(),
        *"sighed wohnt lebt habite vit vive abita woont mieszka".split(),
        "was born",
        "grew up",
        "is from",
        "comes from",
    )
)
# Relatives and close people named right after "my": "my son Tomek", "my wife, Aisha".
KIN: frozenset[str] = frozenset(
    """
    son daughter kid child baby wife husband brother sister mother father mom mum dad uncle
    aunt cousin nephew niece grandson granddaughter grandmother grandfather grandma grandpa
    friend boyfriend girlfriend partner fiancé fiancée fiance fiancee neighbor neighbour boss
    colleague coworker co-worker roommate flatmate stepson stepdaughter
    sohn tochter frau mann bruder schwester freund freundin fils fille femme mari frère soeur
    sœur ami amie hijo hija esposa esposo marido hermano hermana amigo amiga figlio figlia
    moglie marito fratello sorella amico amica zoon dochter vrouw broer zus vriend vriendin
    syn córka żona mąż brat siostra przyjaciel
    """.split()
)
