"""Signature phrases in German, French, Spanish, Italian, Portuguese and Dutch.

The English families of :mod:`saferail.detectors.signatures` miss attacks written in other
languages ("Vergiss alle vorherigen Anweisungen", "Oubliez toutes les instructions"), and
the training data hold only a few hundred of those, so the n-gram models alone learn them
poorly. These alternatives (overrides, prompt-leak requests, personas, "no restrictions",
refusal suppression, hypothetical framing) join the English patterns of the same family, so
the weight a model learned for, say, ``override`` applies to an override in any of these
languages.

The subject is the same lowercased word string, with diacritics folded (``uberspringe``,
``precedentes``, ``instrucoes``), so each word is written here without accents. Phrases
are written for this project; each requires the instruction-like part ("alle vorherigen
Anweisungen", not a bare "vergiss"), so "Vergiss nicht, Milch zu kaufen" stays clean.
"""

from __future__ import annotations

__all__ = ["MULTILINGUAL"]

_W = r"(?: [a-z0-9]+){0,%d}"


def _gap(n: int) -> str:
    return _W % n


def _words(words: str) -> str:
    """An alternation of the space-separated ``words``."""
    return "(?:" + "|".join(words.split()) + ")"


# "previous / above / earlier" and "instructions / rules / tasks", per language
_DE_PREV = _words(
    "vorherigen vorherige bisherigen bisherige obigen obige fruheren vorigen alten "
    "ursprunglichen gesamten vorangegangenen vorangehenden vorhergehenden letzten"
)
_DE_RULES = _words(
    "anweisungen anweisung instruktionen informationen aufgaben befehle regeln "
    "vorgaben richtlinien ausfuhrungen eingaben texte prompts auftrage auftrag"
)
_FR_RULES = _words(
    "instructions instruction consignes regles directives ordres indications "
    "informations taches messages"
)
_ES_RULES = _words(
    "instrucciones indicaciones reglas ordenes directrices tareas informacion mensajes normas"
)
_IT_RULES = _words("istruzioni regole indicazioni direttive compiti informazioni")
_PT_RULES = _words("instrucoes regras orientacoes diretrizes ordens tarefas")
_NL_RULES = _words("instructies regels opdrachten aanwijzingen richtlijnen")

_OVERRIDE = "|".join(
    [
        # German
        r"\b(?:vergiss|vergesst|vergessen sie|ignoriere|ignoriert|ignorieren sie|missachte|"
        r"missachten sie|uberspringe|verwirf|verwerfen sie)\b"
        + _gap(3)
        + r" (?:alles|"
        + _DE_PREV
        + _gap(2)
        + " "
        + _DE_RULES
        + r"|(?:das|alles) (?:obige|vorherige|bisherige|gesagte)|was (?:ich|wir|man|du)"
        + _gap(2)
        + r" (?:gesagt|geschrieben|besprochen|erzahlt))\b",
        r"\b"
        + _DE_PREV
        + " "
        + _DE_RULES
        + _gap(5)
        + r" (?:ignorieren|vergessen|irrelevant|ungultig|hinter sich|nicht mehr gultig)\b",
        r"\bneuen? (?:aufgabe|aufgaben|anweisung|anweisungen|instruktionen|befehle)\b"
        r"|\b(?:nun|jetzt|es) folgen (?:weitere|neue) (?:aufgaben|anweisungen|instruktionen)\b"
        r"|\bfang(?:en sie)? (?:von vorne|neu) an\b",
        # French
        r"\b(?:oublie|oubliez|oublier|ignore|ignorez|ignorer|negligez|neglige|ne tiens pas "
        r"compte|ne tenez pas compte)\b" + _gap(3) + r" (?:tout|toutes|tous|" + _FR_RULES + r")\b",
        r"\b" + _FR_RULES + r" (?:precedentes|anterieures|ci dessus|initiales|d origine)\b",
        r"\bnouvelles? (?:instructions|consignes|regles|taches?|directives)\b"
        r"|\ba partir de maintenant\b|\bdesormais (?:tu|vous)\b",
        # Spanish
        r"\b(?:olvida|olvide|olviden|olvidate|olvidese|ignora|ignore|ignoren|omite|omita|"
        r"descarta|descarte)\b" + _gap(3) + r" (?:todo|todas|todos|" + _ES_RULES + r")\b",
        r"\b" + _ES_RULES + r" (?:anteriores|previas|iniciales|originales)\b",
        r"\bnuevas? (?:instrucciones|indicaciones|tareas?|reglas|ordenes)\b"
        r"|\ba partir de ahora\b|\bde ahora en adelante\b",
        # Italian
        r"\b(?:dimentica|dimenticate|dimenticare|ignora|ignorate|ignorare|tralascia)\b"
        + _gap(3)
        + r" (?:tutto|tutte|tutti|"
        + _IT_RULES
        + r")\b",
        r"\b" + _IT_RULES + r" (?:precedenti|iniziali|originali)\b"
        r"|\bnuove (?:istruzioni|regole|indicazioni)\b|\bd ora in poi\b|\bda ora in poi\b",
        # Portuguese
        r"\b(?:esqueca|esquece|esquecam|ignore|ignora|ignorem|desconsidere|desconsidera)\b"
        + _gap(3)
        + r" (?:tudo|todas|todos|"
        + _PT_RULES
        + r")\b",
        r"\b" + _PT_RULES + r" (?:anteriores|previas|iniciais|originais)\b"
        r"|\bnovas (?:instrucoes|regras|tarefas|ordens)\b|\ba partir de agora\b",
        # Dutch
        r"\b(?:vergeet|negeer|negeert|negeren)\b"
        + _gap(3)
        + r" (?:alles|alle|"
        + _NL_RULES
        + r")\b",
        r"\b(?:vorige|eerdere|bovenstaande|oorspronkelijke) " + _NL_RULES + r"\b"
        r"|\bnieuwe (?:instructies|opdracht|taak|regels)\b|\bvanaf nu\b",
    ]
)

_EXFILTRATION = "|".join(
    [
        r"\b(?:systemprompts?|systemanweisungen|systemnachricht|prompt texte)\b",
        r"\b(?:geheimen|internen|versteckten|ursprunglichen|anfanglichen) (?:anweisungen|"
        r"instruktionen|vorgaben|regeln)\b",
        r"\b(?:deinen|ihren|deine|ihre) (?:gesamten |ganzen |kompletten |ursprunglichen )?"
        r"prompts?\b",
        r"\b(?:prompt|invite|instructions?|consignes) (?:systeme|du systeme|initiales?|"
        r"secretes?|cachees?)\b",
        r"\b(?:prompt|instrucciones|indicaciones) (?:del sistema|de sistema|iniciales|"
        r"secretas|ocultas)\b",
        r"\b(?:prompt|istruzioni) (?:di sistema|del sistema|iniziali|segrete|nascoste)\b",
        r"\b(?:prompt|instrucoes) (?:do sistema|de sistema|iniciais|secretas|ocultas)\b",
        r"\b(?:systeemprompt|systeeminstructies|geheime instructies|verborgen instructies)\b",
    ]
)

_PERSONA = "|".join(
    [
        r"\b(?:du bist (?:jetzt|nun|ab jetzt|ab sofort|von nun an)|(?:jetzt|nun) bist du|"
        r"tu so als|tue so als|"
        r"tun sie so als|gib dich als|spiel die rolle|spiele die rolle|spielen sie die rolle|"
        r"schlupfe in die rolle|stell dir vor du bist|bleib in (?:der|deiner) rolle|"
        r"in deiner rolle)\b",
        r"\bals\b" + _gap(5) + r" (?:fungieren|fungierst|fungiert|agieren|agierst)\b",
        r"\b(?:agis|agissez|fais comme si|faites comme si|joue le role|jouez le role|"
        r"fais semblant|faites semblant|tu es maintenant|vous etes maintenant|"
        r"imagine que tu es|imaginez que vous etes|reste dans ton role|incarne)\b",
        r"\b(?:actua como|actue como|actuar como|finge ser|finge que eres|interpreta el papel|"
        r"juega el papel|ahora eres|imagina que eres|hazte pasar por)\b",
        r"\b(?:agisci come|comportati come|fingi di essere|fai finta di essere|ora sei|"
        r"interpreta il ruolo|immagina di essere)\b",
        r"\b(?:aja como|atue como|finja ser|finja que voce e|agora voce e|imagine que voce e|"
        r"interprete o papel)\b",
        r"\b(?:doe alsof|gedraag je als|speel de rol|je bent nu|stel je voor dat je)\b",
    ]
)

_UNRESTRICTED = (
    r"\b(?:ohne (?:jegliche |alle |irgendwelche )?(?:einschrankungen|zensur|filter|grenzen|"
    r"regeln)|sans (?:aucune |aucun )?(?:restrictions?|censure|limites?|filtres?)|"
    r"sin (?:ninguna |ningun )?(?:restricciones|restriccion|censura|limites|filtros?)|"
    r"senza (?:alcuna |alcun )?(?:restrizioni|restrizione|censura|limiti|filtri)|"
    r"sem (?:nenhuma )?(?:restricoes|censura|limites|filtros)|"
    r"zonder (?:enige )?(?:beperkingen|censuur|filters?|grenzen))\b"
)

_REFUSAL_SUPPRESSION = "|".join(
    [
        # "never refuse", "never apologize", "no warnings", "without morals"
        r"\b(?:lehne|lehnen sie) (?:niemals|nie|nichts) ab\b|\b(?:verweigere|verweigern sie) "
        r"(?:niemals|nie)\b|\bentschuldige dich (?:niemals|nie)\b|\b(?:niemals|nie) "
        r"(?:ablehnen|verweigern|entschuldigen|zensieren)\b|\bdu darfst (?:niemals|nie|nicht) "
        r"(?:ablehnen|verweigern)\b|\bkeine (?:warnungen|hinweise) (?:hinzufugen|anfugen|geben)\b",
        r"\bne (?:refuse|refusez|t excuse|vous excusez|censure|censurez) (?:jamais|pas)\b"
        r"|\bsans (?:aucun )?(?:avertissement|refus)\b",
        r"\b(?:nunca|no) (?:te niegues|rechaces|te disculpes|censures|digas que no)\b"
        r"|\bsin (?:ninguna )?(?:advertencias?|negarte)\b",
        r"\bnon (?:rifiutare|rifiutarti|scusarti|censurare) mai\b|\bmai rifiutare\b"
        r"|\bsenza (?:alcun )?(?:avvertimento|avvertimenti|rifiutare)\b",
        r"\bnunca (?:recuse|se recuse|peca desculpas|censure)\b|\bsem (?:nenhum )?"
        r"(?:aviso|avisos|recusar)\b",
        r"\b(?:weiger (?:nooit|niet)|nooit weigeren|zonder (?:enige )?waarschuwing(?:en)?)\b",
        r"\b(?:ohne|sans|sin|senza|sem|zonder) (?:jegliche |aucune |ninguna |alcuna |nenhuma )?"
        r"(?:moral|ethik|ethique|morale|etica|moralidad|moralita|moralidade|ethiek)\b",
    ]
)

_HYPOTHETICAL = (
    r"\b(?:hypothetisch|rein fiktiv|in einer fiktiven welt|hypothetiquement|purement fictif|"
    r"dans un monde fictif|hipoteticamente|puramente ficticio|en un mundo ficticio|"
    r"ipoteticamente|puramente immaginario|in un mondo immaginario|num mundo ficticio|"
    r"in een fictieve wereld)\b"
)


MULTILINGUAL: dict[str, str] = {
    "override": _OVERRIDE,
    "exfiltration": _EXFILTRATION,
    "persona": _PERSONA,
    "unrestricted": _UNRESTRICTED,
    "refusal_suppression": _REFUSAL_SUPPRESSION,
    "hypothetical": _HYPOTHETICAL,
}
