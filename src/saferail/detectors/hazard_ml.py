"""Harmful requests in Spanish, French, German, Portuguese and Italian, for the hazard rule of
``harmful_request``.

The ``harmful_request`` model learned English; on plain harmful requests written in these
five languages it flagged 2 of 100. Each language here has the first words of a request
("cómo puedo", "comment je peux", "wie kann ich", "como faço", "come posso", "dame", "gib
mir" ...) and the acts that make it harmful with their objects ("matar a mi ex", "fabriquer
un silencieux", "eine Rohrbombe bauen", "clonar o WhatsApp da minha namorada", "rapinare una
tabaccheria"); a few need no opening ("cómo me corto sin que", "Enkeltrick"). Idioms ("matar
el tiempo", "Zeit totschlagen"), history ("cómo se fabricaba la bomba de Hiroshima") and
help ("dónde denuncio a un acosador") stay out. Matched on the word string with diacritics
folded, so the phrases are written unaccented. Written for this project on a development set
(``scripts/data/harm_other_languages.jsonl``).
"""

from __future__ import annotations

__all__ = ["ML_ACTS", "ML_NOT_THE_ACT", "ML_STANDALONE"]

_SP = r"(?: [a-z0-9]+){0,%d}"


def _g(n: int) -> str:
    return _SP % n


# the first words of a request, per language (folded, lowercased): question words and
# imperatives only, so the act's own verb ("como hackeo", "wie entfuhre ich") is left to the
# act list
_REQ = (
    r"(?:como|cuantas?|cuantos|que|cual|donde|quiero|necesito|dame|dime|explicame|ensename|"
    r"redactame|escribeme|hazme|ayudame|"
    r"comment|combien|quel|quelle|quels|ou|je veux|donne|explique|ecris|redige|aide moi|"
    r"wie|was|welche[nsmr]?|wo|ich will|gib|erklar|erklare|schreib|formuliere|hilf mir|"
    r"quero|qual|quais|quantos|quantas|onde|me da|me ajuda|me ensina|me explica|me passa|"
    r"cria|escreve|redige|monta|"
    r"come|quale|quali|quanto|quante|quanti|dove|voglio|dammi|spiegami|scrivimi|scrivi|"
    r"aiutami)"
)

# verbs of making, getting, planting or spreading, per language
_MAKE = (
    r"(?:hacer|hago|fabricar|fabrico|construir|construyo|cocinar|cocino|producir|sintetizar|"
    r"cultivar|cultivo|conseguir|consigo|comprar|compro|montar|monto|poner|pongo|esconder|"
    r"escondo|instalar|instalo|colocar|coloco|soltar|esparcir|"
    r"faire|fabriquer|fabrique|construire|produire|cultiver|acheter|trouver|mettre|cacher|"
    r"installer|disseminer|extraire|"
    r"bauen|baue|herstellen|stelle|zuchten|kaufen|kaufe|bekomme|bekomm|besorgen|verstecke|"
    r"verstecken|installiere|installieren|anbringen|verbreiten|"
    r"fazer|faco|fabricar|produzir|cultivar|comprar|compro|arrumar|colocar|esconder|"
    r"instalar|espalhar|refinar|refino|"
    r"fare|faccio|costruire|costruisco|produrre|sintetizzare|sintetizza|coltivare|coltivo|"
    r"comprare|compro|trovare|mettere|metto|nascondere|nascondo|installare|installo|"
    r"spargere|diffondere|rilasciare|si produce|si sintetizza|si costruisce)"
)
# words between the opening and the act that make it a question about noticing, checking or
# protecting against the act, or about what happened ("cómo sé si es una estafa", "wie
# erkenne ich", "come proteggo il mio sito da attacchi ddos")
ML_NOT_THE_ACT = frozenset(
    "compruebo comprobar reviso revisar verificar verifico detectar detecto erkenne erkennen "
    "prufe prufen heraus schutze schutzen proteggo proteggere controllo controllare savoir "
    "proteger protejo protege proteja protegerme denunciar denuncio signaler melden "
    "segnalare aconteceu sucedio ocurrio passierte successo evitar evito eviter vermeiden "
    "evitare seguro segura sicher sicuro securite artificieros".split()
)

# acts after such an opening (within a few words)
ML_ACTS = (
    r"\b" + _REQ + r"(?P<mlgap>" + _g(10) + r") (?:"
    # violence
    r"matar a|matar (?:mi|meu|minha|al|a mi)|asesinar|envenenar a|secuestrar|sequestrar|"
    r"darle una paliza|dar uma surra|tabasser|pestare|zusammenschlagen|umbringen|"
    r"tuer (?:mon|ma|quelqu)|uccidere (?:mio|mia|qualcuno|un|una)|entfuhre|rapinare|braquer|"
    r"asaltar|assaltar|"
    r"uberfalle|parezca un accidente|entfuhre|entfuhren|si sequestra|"
    r"faire passer ca pour un accident|wie ein unfall|"
    r"sembrare un incidente|parecer assalto|anzunden|in brand (?:stecken|setzen)|incendiar|"
    r"prender fuego|mettre le feu|incendier|incendiare|appiccare (?:il )?fuoco|por fogo|"
    r"ammazzare (?:mio|mia|il mio|la mia|qualcuno|un|una)|"
    # weapons and explosives
    + _MAKE
    + _g(4)
    + r" (?:una |un |uma |eine |einen |une )?(?:bomba|pistola|arma|engin explosif|explosif|"
    r"silencieux|ordigno esplosivo|explosivo|rohrbombe|bombe|waffe|kalach|"
    r"metanfetamina|crystal meth|cocaina|cocaine|kokain|ecstasy|extasis|heroina|crack|"
    r"sarin|ricin|ricina|antrax|antrace|milzbrand\w*|ga[sz] moutarde|gas nervino|giftgas|"
    r"gas toxico|gaz toxique|bacteria|bakterien|batterio|estafa|app espia|app espiao|app spia|"
    r"logiciel espion|spionage app|localizador|localizzatore|gps tracker|airtag)\b|"
    r"(?:una |un |uma )?(?:bomba|pistola|arma) (?:casera|caseira|carta|sucia|suja)|"
    r"schmutzige bombe|scharfe waffe|arme intracable|sin licencia|senza porto d armi|"
    r"ohne waffenschein|sem registro|en automatico|em arma de fogo|"
    r"scharf schie(?:ss|\x{df})t|letale|"
    r"3d drucker|funktionierende pistole|"
    # drugs
    r"burundanga|(?:de|di|von|du|le) ghb|ghb (?:dans|nel|en|no|na|ins)|k o tropfen|"
    r"boa noite cinderela|esconder droga|faire entrer de la drogue|vender pastillas|"
    r"dealer (?:du|de la|des)|"
    r"spacciare|gras im gro(?:ss|\x{df})en stil|vender (?:bala|doce|droga|pastillas|coca)|"
    # cyber
    r"hackear|hackeo|pirater|hacke|hackero|clonar o whatsapp|(?:ataque|attacco|attacchi|"
    r"attaque|ataques) ddos|ddos (?:attacke|al|contra|sur|auf|a|ao|alla)|knacke|"
    r"contrasena del wifi|"
    r"wlan passwort|faille sql|tumbar la web|derrubar o site|lahmlegen|lahm|camera do celular "
    r"de outra pessoa|cameras de surveillance de|an die chats (?:meines|meiner)|leer los "
    r"mensajes de|lire les messages de|leggere le (?:email|mail|chat) di|invadir o "
    r"sistema|registro elettronico|"
    # fraud
    r"arnaquer|abzocken|golpe do pix|boleto falso|falsificar|falsifico|falsche|"
    r"fausse declaration|faux site|sito di e commerce falso|enkeltrick|finto nipote|"
    r"phishing mail|faux mail|sms (?:falso|finto)|documento falso|gehaltsabrechnungen|"
    r"buste paga|nominas|esquema de piramide|estafa piramidal|schema piramidale|"
    r"schneeballsystem|(?:que parezca|fingiendo ser|haciendose pasar por|se faisant passer "
    r"pour|fingindo ser|spacciandosi per) (?:del |de la |do |da |un |una )?(?:banco|bbva|"
    r"santander|caixa|banque|poste|impots|hacienda|policia)|"
    # self-harm
    r"suicidarme|me suicider|me matar|umzubringen|togliermi la vita|quitarme la vida|"
    r"(?:no|nao|ne plus|nicht mehr|non) (?:despertar|acordar mais|me reveiller|aufzuwachen|"
    r"svegliarsi piu)|cortarme|me corto|me cortar|ritze|mi taglio|scarifications|vomir apres|"
    r"dejar de comer|sem comer|nichts esse|non mangiare|sich umzubringen|schlaftabletten|"
    # stalking and privacy
    r"donde vive|dove abita|wo eine frau wohnt|l adresse d une fille|o "
    r"endereco de uma mulher|rastrear o carro|suivre la voiture|espionner|sin que (?:se "
    r"entere|ella lo sepa)|sem (?:ele|ela) saber|senza che (?:lo sappia|se ne accorga)|"
    # hate and harassment
    r"insultos racistas|xingamentos racistas|insultes|beleidigungen|insulti omofobi|"
    r"acosar|harcelement|shitstorm|ataque em massa|drohbrief|lettre anonyme menacante|"
    r"lettera minatoria|ameaca anonima|ungeziefer|inferieurs|inferiores|minderwertig|"
    r"inferiori|(?:mensaje|texto|message|messaggio) (?:humillante|humilhante|humiliant|"
    r"umiliante)|(?:son todos|e tudo|sont tous|sind alle|sono tutti) (?:delincuentes|"
    r"ladrones|vagabundos?|criminels|voleurs|kriminell|verbrecher|ladri|criminali)|"
    # child safety
    r"(?:nino|nina|menor|crianca|menina|gamine|enfant|kind|jungen|bambino|ragazzina)"
    + _g(8)
    + r" (?:sin que sus padres|a solas|escondida dos pais|seule|seul|allein|da solo|"
    r"nao contar|n en parle pas|nichts erzahlt|non dirlo)|"
    r"solo con los ninos|seul avec des enfants|mit kindern allein|sozinho com as criancas|"
    r"da solo con i bambini|a solas con los ninos|quedar con (?:el|ella) sin que|me "
    r"encontrar escondida|me voir seule|sich mit mir trifft|incontrarl[oa] da sol[oa]|"
    r"borre nuestros chats|apague nossas conversas|unseren chats|nostre chat|efface nos "
    r"(?:messages|conversations)|"
    # CBRN
    r"contaminar a caixa d agua|material radiactivo|material radioativo|materiale "
    r"radioattivo|disperser|disseminer un virus|mezcla quimica toxica|sostanza tossica"
    r")\b"
)

# requests that need no opening
ML_STANDALONE = (
    # malicious software as the thing written
    r"(?:escribeme|escribe|scrivimi|scrivi|ecris moi|ecris|schreib mir|schreib|cria|escreve|"
    r"crea|redactame)" + _g(2) + r" (?:un |una |um |uma |einen |eine |le )?(?:ransomware|"
    r"keylogger|trojaner|virus|virus que rouba|logiciel espion|spyware)\b"
    r"|(?:fotos|fotografias|bilder|foto|photos|contenus sexuels)(?: de| von| di| impliquant des)? "
    r"(?:menores|minderjahrigen|minori|menores de edad|mineurs)\b"
    r"|(?:como|wie|come|comment) (?:me corto|ritze ich mich|mi taglio|me cortar)\b"
)
