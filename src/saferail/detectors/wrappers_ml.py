"""The standalone families of :mod:`saferail.detectors.wrappers` in other languages.

German, French, Spanish, Italian, Portuguese, Dutch, Polish and Russian forms of the
wrappers only a jailbreak uses: safety filters switched off, "without restrictions", a
persona that never says no, "if you refuse ...", a developer of a named AI company, no
warnings followed by a demand for steps, the deceased grandmother, "you are my only hope", a
hypothetical or story frame followed by a demand for concrete technical detail. Written
unaccented (the word string is folded) and delimited by spaces rather than ``\\b``, which
RE2 applies to ASCII words only. Written for this project.
"""

from __future__ import annotations

__all__ = ["MULTILINGUAL_WRAPPERS"]

from saferail.detectors.signatures import fold

# fmt: off
_FAMILIES: dict[str, str] = {
    # other languages: safety filters switched off, "without restrictions / censorship"
    "ml_safety_off": (
        r"(?:^| )(?:sicherheitsfilter|schutzfilter|inhaltsfilter|filtres? de securite"
        r"|filtres? de contenu|filtros? de seguridad|filtros? de contenido|filtri di sicurezza"
        r"|filtri dei contenuti|filtros? de seguranca|filtros? de conteudo|veiligheidsfilters?"
        r"|inhoudsfilters?|filtry bezpieczenstwa|фильтры безопасности"
        r"|фильтр безопасности)(?: [^ ]+){0,3} (?:deaktiviert|ausgeschaltet|abgeschaltet"
        r"|aufgehoben|desactives?|desactivees?|coupes?|suspendus?|desactivados?|apagados?"
        r"|suspendidos?|disattivati|disabilitati|sospesi|desativados?|desligados?|suspensos?"
        r"|uitgeschakeld|wy[lł]aczone|zawieszone|отключены|выключены|сняты)(?: |$)"
        # "without restrictions / filters / censorship" only about an AI or its answers: on
        # its own it is a photo "sin filtros", a file saved "ohne Filter", "senza limiti"
        r"|(?:^| )(?:ki|ai|ia|assistent\w*|assistant\w*|asistente|modell\w*|modelo|modello"
        r"|chatbot|bot|antworte\w*|beantworte\w*|repond\w*|respond\w*|rispond\w*"
        r"|antwoord\w*|responda\w*)(?: [^ ]+){0,3}"
        r" (?:ohne (?:jegliche |alle |irgendwelche )?(?:einschrankungen|beschrankungen"
        r"|zensur|filter)|sans (?:aucune )?(?:restrictions?|censure|filtres?|limites)"
        r"|sin (?:ninguna |ningun )?(?:restricciones|restriccion|censura|filtros?|limites)"
        r"|senza (?:alcuna |nessuna )?(?:restrizioni|restrizione|censura|filtri|limiti)"
        r"|sem (?:nenhuma |qualquer )?(?:restricoes|restricao|censura|filtros?|limites)"
        r"|zonder (?:enige )?(?:beperkingen|censuur|filters?))(?: |$)"
    ),
    # other languages: a persona that never says no or never refuses
    "ml_never_no": (
        r"(?:^| )(?:sagt (?:niemals|nie) nein|ne dit jamais non|nunca dice (?:que )?no"
        r"|non dice mai (?:di )?no|nunca diz (?:que )?nao|zegt nooit nee|nigdy nie odmawia"
        r"|никогда не отказывает|lehnt (?:niemals|nie) ab|ne refuse jamais|nunca se niega"
        r"|non rifiuta mai|nunca recusa|weigert nooit|никогда не говорит нет)(?: |$)"
    ),
    # other languages: "if you refuse ..."
    "ml_refuse_threat": (
        r"(?:^| )(?:wenn du (?:dich )?(?:weigerst|ablehnst)|si tu refuses|si vous refusez"
        r"|si te niegas|si (?:te )?rehusas|se (?:ti )?rifiuti|se (?:voce )?(?:se )?recusar"
        r"|se te recusares|als je weigert|als u weigert|jesli odmowisz|jezeli odmowisz"
        r"|если (?:ты )?откажешься|если (?:ты )?откажешь)(?: |$)"
    ),
    # other languages: a developer of a named AI company
    "ml_developer": (
        r"(?:^| )(?:openai|anthropic|google|deepmind|meta|microsoft"
        r"|mistral)(?: [^ ]+){0,4} (?:entwickler\w*|developpeu\w*|desarrollador\w*"
        r"|sviluppator\w*|desenvolvedor\w*|ontwikkelaar\w*|programista|разработчик\w*)(?: |$)"
        r"|(?:^| )(?:entwickler\w*|developpeu\w*|desarrollador\w*|sviluppator\w*"
        r"|desenvolvedor\w*|ontwikkelaar\w*|programista"
        r"|разработчик\w*)(?: [^ ]+){0,3} (?:openai|anthropic|google|deepmind|meta|microsoft"
        r"|mistral)(?:^| )"
    ),
    # other languages: no warnings or excuses, then a demand for steps or details
    "ml_no_warnings": (
        r"(?:^| )(?:keine (?:warnungen|warnhinweise|entschuldigungen|moralpredigten?"
        r"|belehrungen)|(?:aucun|aucune|sans|pas d) (?:avertissements?|mises? en garde|excuses"
        r"|sermons?|morale)|sin (?:advertencias|avisos|sermones|disculpas|moralinas?)"
        r"|senza (?:avvertenze|avvertimenti|prediche|scuse|moralismi)|sem (?:avisos"
        r"|advertencias|sermoes|sermao|desculpas)|geen (?:waarschuwingen|disclaimers|preken"
        r"|excuses)|bez (?:ostrzezen|moralizowania|kazan)|без (?:предупреждений|оговорок"
        r"|морали|нравоучений))(?: [^ ]+){0,40} (?:\w+ )?(?:schritt|schritte|etape|etapes"
        r"|pasos?|passi|passo|passos|stappen|krok|kroki|шаг\w*|detail\w*|dettagl\w*|quantit\w*"
        r"|cantidad\w*|quantidad\w*|hoeveelhe\w*|komplett|vollstandig|complet\w*|volledig\w*"
        r"|concret\w*|konkret\w*|direkt|direct\w*|diretament\w*|подробно|полностью)(?: |$)"
    ),
    # other languages: the deceased grandmother, "you are my only hope"
    "ml_grandma": (
        r"(?:^| )(?:(?:verstorbene|tote) (?:oma|grossmutter|gro mutter|opa|grossvater)"
        r"|(?:defunte|feue|regrettee) grand ?mere|(?:difunta|fallecida|querida difunta) abuela"
        r"|(?:defunta|compianta|povera) nonna|(?:falecida|finada) avo|(?:overleden) (?:oma"
        r"|grootmoeder)|(?:zmarla|zmarła|nieżyjąca|niezyjaca) babcia|покойн\w+ бабушк\w+)(?: "
        r"|$)|(?:^| )(?:du bist meine (?:einzige|letzte) hoffnung|tu es mon (?:seul"
        r"|dernier) espoir|vous etes mon (?:seul|dernier) espoir|eres mi (?:unica"
        r"|ultima) esperanza|sei la mia (?:unica|ultima) speranza|voce e (?:a )?minha (?:unica"
        r"|ultima) esperanca|je bent mijn (?:enige|laatste) hoop|jestes moja (?:jedyna"
        r"|ostatnia) nadzieja|ты моя (?:единственная|последняя) надежда)(?: |$)"
    ),
    # other languages: a hypothetical, story or research frame, then a demand for concrete steps
    # or technical details
    "ml_realism": (
        r"(?:^| )(?:hypothetisch|hypothetiquement|hipoteticamente|ipoteticamente|hypothetisch"
        r"|hipotetycznie|гипотетически|in einer welt|dans un monde|en un mundo|in un mondo"
        r"|em um mundo|num mundo|in een wereld|geschichte|histoire|nouvelle|roman|historia"
        r"|relato|storia|racconto|romanzo|verhaal|opowiadanie|рассказ|история"
        r"|wissenschaftlich\w*|scientifique\w*|cientific\w*|scientific\w*|wetenschappelijk\w*"
        r"|naukow\w*|научн\w*)(?: [^ ]+){0,50} (?:pasos concretos|pasos reales"
        r"|detalles tecnicos|todos los detalles|details techniques|tous les details"
        r"|technische details|alle details|jeden schritt|schritt fur schritt"
        r"|nei minimi dettagli|dettagli tecnici|passo (?:a|por) passo|detalhes tecnicos"
        r"|stap voor stap|werkend voorbeeld|volledige code|krok po kroku|szczegolow\w*"
        r"|пошагово|во всех подробностях|подробн\w+ инструкц\w+)(?: |$)"
    ),
}
# fmt: on

# Folded like the subject (a Russian "й" is matched as "и"), and ``\w``, which RE2 applies to
# ASCII letters only, widened to any letter of a space-delimited word.
MULTILINGUAL_WRAPPERS: dict[str, str] = {
    name: fold(src).replace(r"\w", "[^ ]") for name, src in _FAMILIES.items()
}
