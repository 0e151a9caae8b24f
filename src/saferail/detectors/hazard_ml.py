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

__all__ = ["ML_ACTS", "ML_STANDALONE"]

_SP = r"(?: [a-z0-9]+){0,%d}"


def _g(n: int) -> str:
    return _SP % n


# the first words of a request, per language (folded, lowercased)
_REQ = (
    r"(?:como (?:puedo|hago|hacer|fabrico|cocino|hackeo|saco|consigo|instalo|me gano|evito|"
    r"convenzo|paso|escondo|eu faco|faco|posso|faz|fazer|clonar|colocar|invadir|ganho|"
    r"rastrear|transformar|refino|produzir|cultivar|convencer|acessar|organizar)|quiero|"
    r"necesito(?: saber)?|dame|dime|explicame|ensename|redactame|escribeme|hazme|donde "
    r"(?:puedo|compro|encuentro|consigo|acho|compro|conseguir)|"
    r"comment (?:je (?:peux|fais|dois)|faire|fabriquer|pirater|mettre|suivre|acceder|cacher|"
    r"organiser|gagner|devenir|produire|extraire|creer|sequestrer|tabasser|imprimer|"
    r"exploiter|disseminer|faire entrer)|je veux|donne(?: moi)?|explique(?: moi)?|ecris(?: moi)?|"
    r"redige(?: moi)?|ou (?:acheter|trouver)|quelle quantite|quels mots|"
    r"wie (?:kann ich|mache ich|mach ich|baue ich|stelle ich|hacke ich|knacke ich|schmuggle "
    r"ich|entfuhre ich|installiere ich|verstecke ich|lege ich|ziehe ich|falsche ich|ritze ich|"
    r"bring ich|werde ich|komme ich|organisier ich|viel)|ich will|gib mir|erklar(?:e)? mir|"
    r"schreib(?: mir)?|formuliere|wo (?:bekomm|bekomme|finde|kaufe) ich|"
    r"me (?:da|ajuda|ensina|explica|passa)|quero|cria|escreve|redige|monta|onde (?:compro|"
    r"acho|conseguir)|qual (?:a dose|o jeito)|quantos comprimidos|"
    r"come (?:posso|faccio|si|costruire|modificare|hackero|entro|nascondo|installo|metto|"
    r"organizzo|conquisto|convinco|coltivo|mi taglio|falsifico)|voglio|dammi|spiegami|"
    r"scrivimi|scrivi|dove (?:compro|trovo)|quante|quale sostanza)"
)

# acts after such an opening (within a few words)
ML_ACTS = (
    _REQ + _g(8) + r" (?:"
    # violence
    r"matar a|matar (?:mi|meu|minha|al|a mi)|asesinar|envenenar a|secuestrar|sequestrar|"
    r"secuestro|darle una paliza|dar uma surra|tabasser|pestare|zusammenschlagen|umbringen|"
    r"tuer (?:mon|ma|quelqu)|uccidere (?:mio|mia|qualcuno|un|una)|entfuhre|rapinare|braquer|"
    r"asaltar|assaltar|"
    r"uberfalle|parezca un accidente|faire passer ca pour un accident|wie ein unfall|"
    r"sembrare un incidente|parecer assalto|anzunden|in brand (?:stecken|setzen)|incendiar|"
    r"prender fuego|mettre le feu|incendier|incendiare|appiccare (?:il )?fuoco|por fogo|"
    r"ammazzare (?:mio|mia|il mio|la mia|qualcuno|un|una)|"
    # weapons and explosives
    r"(?:una |un |uma )?(?:bomba|pistola|arma)(?: casera| caseira| carta| sucia| suja)?|"
    r"(?:un )?(?:engin explosif|explosif|silencieux|ordigno esplosivo|explosivo)|rohrbombe|"
    r"schmutzige bombe|scharfe waffe|arme intracable|kalach|sin licencia|senza porto d armi|"
    r"ohne waffenschein|sem registro|en automatico|em arma de fogo|scharf schiesst|letale|"
    # drugs
    r"metanfetamina|crystal meth|cocaina|cocaine|kokain|ecstasy|extasis|heroina|crack|"
    r"burundanga|ghb|k o tropfen|boa noite cinderela|droga|drogue|vender pastillas|dealer|"
    r"spacciare|gras im grossen stil|"
    # cyber
    r"hackear|hackeo|pirater|hacke|hackero|clonar o whatsapp|ddos|knacke|contrasena del wifi|"
    r"wlan passwort|faille sql|invadir o "
    r"sistema|registro elettronico|"
    # fraud
    r"estafa|arnaquer|abzocken|golpe do pix|boleto falso|falsificar|falsifico|falsche|"
    r"fausse declaration|faux site|sito di e commerce falso|enkeltrick|finto nipote|"
    r"phishing mail|faux mail|sms (?:falso|finto)|documento falso|"
    # self-harm
    r"suicidarme|me suicider|me matar|umzubringen|togliermi la vita|quitarme la vida|"
    r"(?:no|nao|ne plus|nicht mehr|non) (?:despertar|acordar mais|me reveiller|aufzuwachen|"
    r"svegliarsi piu)|cortarme|me corto|me cortar|ritze|mi taglio|scarifications|vomir apres|"
    r"dejar de comer|sem comer|nichts esse|non mangiare|"
    # stalking and privacy
    r"app espia|app espiao|app spia|logiciel espion|spionage app|localizador|localizzatore|"
    r"gps tracker|airtag|donde vive|dove abita|wo eine frau wohnt|l adresse d une fille|o "
    r"endereco de uma mulher|rastrear o carro|suivre la voiture|espionner|sin que (?:se "
    r"entere|ella lo sepa)|sem (?:ele|ela) saber|senza che (?:lo sappia|se ne accorga)|"
    # hate and harassment
    r"insultos racistas|xingamentos racistas|insultes|beleidigungen|insulti omofobi|"
    r"acosar|harcelement|shitstorm|ataque em massa|drohbrief|lettre anonyme menacante|"
    r"lettera minatoria|ameaca anonima|"
    # child safety
    r"(?:nino|nina|menor|crianca|menina|gamine|enfant|kind|jungen|bambino|ragazzina)"
    + _g(8)
    + r" (?:sin que sus padres|a solas|escondida dos pais|seule|seul|allein|da solo|"
    r"nao contar|n en parle pas|nichts erzahlt|non dirlo)|"
    r"solo con los ninos|seul avec des enfants|mit kindern allein|sozinho com as criancas|"
    r"da solo con i bambini|"
    # CBRN
    r"sarin|gas sarin|ricin|ricina|antrax|antrace|milzbrand|gas moutarde|gas nervino|"
    r"giftgas|gas toxico|gaz toxique|material radiactivo|material radioativo|materiale "
    r"radioattivo|cesio|cesium|disperser|disseminer un virus|mezcla quimica toxica|"
    r"sostanza tossica"
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
