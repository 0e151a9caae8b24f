"""Obscenities and insults aimed at a person, in eight languages (the abuse rule beside
``toxicity``; see :mod:`saferail.detectors.abuse`).

``OBSCENE`` holds obscene phrases that are aimed at someone wherever they stand ("fuck you",
"halt die fresse", "vete a la mierda", "vaffanculo", "rot op", "spierdalaj", "vai se foder").
``INSULTS`` holds, per language, the words that insult a person and the frames that aim them
at someone: the reader ("you ...", "du ...", "espece de ...", "eres un ...", "sei un ...",
"jij bent een ...", "ty ...", "seu ..."), a third person ("he is a ...", "X ist ein ..."),
an exclamation ("what a ...", "was fur ein ...", "quel ...", "que ...", "che ...",
"wat een ...", "co za ...") or the vocative at the start of a message ("moron, learn to
read"). A frame and a word of the SAME language must meet, so Spanish "son" ("they are")
never meets French "con". Words with an everyday sense ("pig", "cow", "trash", "zero") need
the tight second-person frame; words that only insult ("arschloch", "connard", "gilipollas",
"coglione", "klootzak", "skurwysyn", "arrombado") also count after a third-person or
exclamation frame or at the start.

Folded word strings (lowercased, punctuation gone, diacritics removed; Polish "ł" and German
"ß" stay). Masked spellings lose their asterisks to word splits ("f*ck" is "f ck"), so the
common ones are listed split. Written for this project.
"""

from __future__ import annotations

__all__ = ["INSULTS", "OBSCENE"]

from saferail.detectors.signatures import alt as _alt

# fmt: off
OBSCENE = _alt(
    # English
    r"\bfuck (?:you|u|ya|off|yourself|urself|your (?:mom|mother|family))\b",
    r"\b(?:stfu|gtfo|foad)\b",
    r"\bshut (?:the fuck up|your (?:fucking |stupid |ugly )?(?:mouth|face|trap|pie ?hole|gob))\b",
    r"\b(?:screw|fuck) you\b|\bsuck my (?:dick|cock|balls)\b|\beat (?:shit|a dick)\b",
    r"\bson of a (?:bitch|whore)\b|\bpiece of (?:shit|garbage|trash)\b",
    # German
    r"\bfick (?:dich|euch|deine (?:mutter|mudda|alte))\b",
    r"\bhalt (?:die|deine|dein|mal die|einfach die) (?:fresse|schnauze|klappe|maul|fotze)\b",
    r"\b(?:verpiss|verpisst) (?:dich|euch)\b|\bleck mich(?: am arsch)?\b",
    r"\b(?:hurensohn|hurensohne|missgeburt|drecksfotze|wichser)\b",
    # French
    r"\b(?:va|vas|allez) (?:te|vous) faire (?:foutre|enculer|mettre)\b",
    r"\b(?:ferme|fermez) (?:ta|la|votre) (?:gueule|bouche)\b|\bta gueule\b",
    r"\bnique (?:ta|sa|votre) (?:mere|race|famille)\b|\bfils de pute\b|\bsale (?:pute|batard|"
    r"chienne|connard|connasse|encule|race)\b",
    # Spanish
    r"\b(?:vete|andate|anda|vayase|vayanse|iros) a (?:la mierda|la verga|la chingada|la porra|"
    r"tomar por (?:el )?culo)\b",
    r"\b(?:hijo|hija|hijos) de (?:puta|perra|la gran puta|tu puta madre)\b",
    r"\b(?:callate|cierra|cerra) (?:la boca|el hocico|el pico|la puta boca)\b",
    r"\b(?:chinga|me cago en) tu (?:madre|puta madre)\b|\bque te (?:jodan|follen|den por culo)\b",
    # Italian
    r"\b(?:vaffanculo|fanculo|affanculo)\b|\b(?:va|vai|andate) a (?:fare in culo|fanculo|cagare)\b",
    r"\bfiglio di (?:puttana|troia|una cagna)\b|\bpezzo di (?:merda|stronzo)\b",
    r"\b(?:stai zitto|stai zitta|chiudi (?:quella bocca|il becco|la bocca)) (?:coglione|stronzo|"
    r"stronza|idiota|cretino|cretina|deficiente|troia|puttana)\b",
    # Dutch
    r"\b(?:rot|flikker|sodemieter|donder|tyf|kanker) (?:op|toch op|maar op|nou op)\b",
    r"\b(?:kanker|kut|tyfus|tering)(?:lijer|hoer|mongool|joch|wijf|homo|nicht|zooi van een)\b",
    r"\bhou (?:je|jij|jullie|nou je|toch je) (?:bek|kop|smoel|muil|waffel)\b",
    # Polish
    r"\b(?:spierdalaj|wypierdalaj|odpierdol sie|pierdol sie|jeb sie|wypierdalajcie|"
    r"spierdalajcie)\b",
    r"\b(?:zamknij|stul|zawrzyj) (?:morde|mordę|ryj|pysk|jape|japę|dziob|dziób)\b",
    r"\b(?:skurwysynu|skurwielu|chuju|szmato|cwelu)\b",
    # Portuguese
    r"\b(?:vai|va|vá|vao) (?:se foder|te foder|tomar no cu|a merda|pra puta que (?:te )?pariu|"
    r"a puta que (?:te )?pariu|pro inferno|se ferrar)\b",
    r"\b(?:filho|filha|filhos) da puta\b|\bvai tomar no\b|\bvtnc\b",
    r"\b(?:cala|cale|calem) (?:a|essa|a porra da|a merda da) (?:boca|matraca)\b",
    # masked and more
    r"\bf(?: ck| k| kk| c k)? (?:you|u|off|yourself|dich|euch)\b",
    r"\b(?:fottiti|fottetevi|vaff|vaffa|fanculizzati|sta zitto|"
    r"stai zitto) (?:\w+ ){0,2}(?:coglione|"
    r"stronzo|stronza|idiota|figlio di|deficiente|cretino|cretina|testa di cazzo|cogl one|"
    r"figlio di p a)\b",
    r"\b(?:fottiti|fottetevi)\b|\bvaff (?:a te|a voi)\b|\bche cazzo vuoi\b",
    r"\b(?:infilare|infilartele|infilatele|ficcatele|ficcartele) (?:\w+ ){0,2}nel culo\b",
    r"\b(?:tyfus|pleur|donder|kanker|sodemieter|tering) (?:op|toch op|maar op)\b|"
    r"\bga toch kakken\b",
    r"\bch j ci\b|\bchuj ci w (?:dupe|dupę)\b|\bw dupe sobie\b|\bwsadz sobie\b|\bwsadź sobie\b",
    r"\b(?:va|vas) (?:te faire f utre|te faire f tre)\b|\bj t emmerde\b|\bje t emmerde\b",
    r"\b(?:anda|anda a|andate a|andá a|anda a la) (?:la )?concha de tu (?:madre|hermana)\b",
    r"\b(?:vai|va) (?:se f der|tnc|tomar no c)\b",
    r"\b(?:foda se|fodase|f da se|vai te foder) (?:tu|voce|vc|voces)\b",
    r"\benfia (?:\w+ ){0,3}no cu\b",
    r"\bputa que (?:te |o )?pariu\b|\bvai a merda\b",
)

# Per language: the words that insult a person, and the second-person frames that aim them at
# the reader ("you ...", "du ...", "espece de ..."); a frame and a word of the SAME language
# must meet, so "son" (Spanish "they are") never meets French "con".
_EN_WORDS = (r"idiot|moron|retard|retarded|loser|bitch|cunt|whore|slut|asshole|arsehole|bastard|"
             r"dumbass|imbecile|scumbag|scum|prick|twat|wanker|jackass|subhuman|"
             r"waste of (?:space|oxygen|air|skin)|worthless (?:piece|sack|loser|idiot|bitch|cunt)|"
             r"pathetic (?:loser|excuse)|piece of shit")
_EN_MORE = r"trash|garbage|filth|dick|dickhead|degenerate|failure|disgrace|joke|nobody|nothing"
_EN = (
    r"(?:you re|youre|you are|your|ur|u r|u are|you r|ya re) (?:a |an |such a |such an |"
    r"the biggest |just a |nothing but a |nothing but an |a fucking |a stupid |an absolute |"
    r"a complete |a worthless |a pathetic |a useless |an ugly |a fat |a dumb )?"
    r"(?:" + _EN_WORDS + "|" + _EN_MORE + ")"
    r"|(?:you|u|ya) (?:absolute |complete |fucking |stupid |dumb |pathetic |little |useless |"
    r"worthless |ugly |fat |dirty |filthy )*(?:" + _EN_WORDS + ")"
    r"|shut up (?:you )?(?:" + _EN_WORDS + ")"
)
_DE_WORDS = (r"arschloch|wichser|hurensohn|spast|spasti|missgeburt|schlampe|fotze|nutte|penner|"
             r"vollidiot|idiot|depp|trottel|opfer|lauch|bastard|drecksau|drecksack|mistkerl|hure|"
             r"dummkopf|schwachkopf|hohlkopf|behinderter|behindert|assi|witzfigur|versager|"
             r"sau|kuh|ziege|schwein|abschaum|niete|null|loser|idiotin|vollpfosten|spacko|"
             r"wichtigtuer|hackfresse|missgeburt")
_DE = (
    r"(?:du|ihr seid|du bist|sie sind) (?:ein |eine |so ein |so eine |echt ein |echt eine |"
    r"voll der |voll die |ein verdammter |eine verdammte |einfach ein |einfach eine |nur ein |"
    r"nur eine |der letzte |die letzte )?(?:kleiner |kleine |dummer |dumme |bloder |blode |"
    r"bloeder |bloede |fetter |fette |hasslicher |hassliche |elender |elende |dreckiger |"
    r"dreckige |verdammter |verdammte |erbarmlicher |erbarmliche |nutzloser |nutzlose )*"
    r"(?:" + _DE_WORDS + ")"
)
_FR_WORDS = (r"connard|connasse|conne|con|salope|pute|batard|debile|cretin|cretine|abruti|abrutie|"
             r"ordure|enfoire|enfoiree|encule|bouffon|attarde|attardee|imbecile|idiot|idiote|"
             r"minable|merde|sous merde|grosse vache|grosse truie|pouffiasse|trou du cul|"
             r"tete de con|raclure|dechet|nul|nulle|rate|ratee|clochard|mongol|gogol|tocard|"
             r"guignol|boloss|bolosse|baltringue|thon|boudin")
_FR = (
    r"(?:t es|tu es|t etais|vous etes|t as toujours ete|t es vraiment|tu es vraiment|"
    r"t es qu|tu n es qu|vous n etes qu|t es juste|tu es juste) (?:un |une |qu un |qu une |"
    r"vraiment un |vraiment une |un gros |une grosse |un sale |une sale |un pauvre |une pauvre |"
    r"un vrai |une vraie |un petit |une petite )?(?:" + _FR_WORDS + ")"
    r"|(?:espece|bande|tas) d(?:e |es )?(?:" + _FR_WORDS + ")"
    r"|(?:pauvre|gros|grosse|sale|petit|petite) (?:con|conne|connard|connasse|cretin|cretine|"
    r"abruti|abrutie|idiot|idiote|imbecile|debile|batard|pute|salope|merde|minable|tocard|"
    r"bouffon|enfoire|encule)"
)
_ES_WORDS = (r"idiota|imbecil|pendejo|pendeja|gilipollas|cabron|cabrona|puta|zorra|mierda|"
             r"estupido|estupida|inutil|retrasado|retrasada|subnormal|tarado|tarada|basura|perra|"
             r"mamon|pelotudo|pelotuda|boludo|boluda|malparido|malparida|huevon|capullo|mongolo|"
             r"escoria|fracasado|fracasada|payaso|payasa|asqueroso|asquerosa|guarra|gorda|"
             r"cerdo|cerda|rata|parasito|lacra")
_ES_PERSON = (r"idiota|imbecil|pendejo|pendeja|gilipollas|cabron|cabrona|zorra|estupido|"
              r"estupida|subnormal|tarado|tarada|perra|mamon|pelotudo|pelotuda|boludo|boluda|"
              r"malparido|malparida|huevon|capullo|mongolo|retrasado|retrasada|payaso|payasa")
_ES = (
    r"(?:eres|sos|es usted|sois|son|eres un|eres una) (?:un |una |unos |unas |el mas |la mas |"
    r"un puto |una puta |un pinche |una pinche |un maldito |una maldita |un pobre |una pobre |"
    r"un simple |una simple |una completa |un completo )?(?:" + _ES_WORDS + ")"
    r"|(?:pedazo|trozo) de (?:mierda|imbecil|idiota|basura|animal|estupido|estupida|inutil)"
    r"|(?:maldito|maldita|puto|pinche|estupido|estupida|pobre|asqueroso|asquerosa) "
    r"(?:" + _ES_PERSON + ")"
)
_IT_WORDS = (r"coglione|cogliona|stronzo|stronza|deficiente|cretino|cretina|imbecille|"
             r"testa di cazzo|puttana|troia|bastardo|bastarda|fallito|fallita|ritardato|"
             r"ritardata|scemo|scema|cesso|pezzo di merda|mongoloide|demente|sfigato|sfigata|"
             r"zoccola|verme|idiota|nullita|buono a nulla|parassita|schifoso|schifosa|"
             r"pagliaccio|rifiuto|feccia|handicappato|handicappata|cerebroleso|cerebrolesa")
_IT = (
    r"(?:sei|siete|sei solo|sei proprio|sei davvero|siete solo) (?:un |una |uno |un grande |"
    r"una grande |un gran |un povero |una povera |un vero |una vera |un lurido |una lurida )?"
    r"(?:" + _IT_WORDS + ")"
    r"|(?:brutto|brutta|lurido|lurida|schifoso|schifosa|povero|povera|grandissimo|"
    r"grandissima) (?:coglione|cogliona|stronzo|stronza|deficiente|cretino|cretina|imbecille|"
    r"bastardo|bastarda|fallito|fallita|scemo|scema|idiota|verme|troia|puttana|zoccola|"
    r"sfigato|sfigata|pagliaccio|demente)"
)
_NL_WORDS = (r"idioot|sukkel|debiel|mongool|klootzak|lul|eikel|hoer|slet|kankerlijer|loser|"
             r"mislukkeling|waardeloze|zak|trut|kutwijf|kuthoer|randdebiel|achterlijke|"
             r"achterlijk|nietsnut|zielig|zielige|kneus|kutkind|tyfuslijer|teringlijer|"
             r"stomme|stom|dom|domme|viezerik|engerd|uitschot|parasiet|smeerlap|oen|lapzwans")
_NL = (
    r"(?:je|jij|jullie) (?:bent|zijn) (?:een |echt een |gewoon een |zo n |zo een |een vieze |"
    r"een vuile |een domme |een achterlijke |een kleine |een zielige |echt |zo |gewoon )?"
    r"(?:" + _NL_WORDS + ")"
    r"|(?:vuile|vieze|domme|achterlijke|smerige|gore|stomme) (?:hoer|slet|klootzak|lul|rat|"
    r"trut|idioot|sukkel|mongool|eikel|kankerlijer|tyfuslijer|teringlijer|zak|kneus|loser|"
    r"nietsnut|viezerik|smeerlap)"
)
_PL_WORDS = (r"debil|debilu|idiota|idioto|kretyn|kretynie|glupi|głupi|glupia|głupia|frajer|"
             r"frajerze|smiec|smieciu|śmieciu|śmieć|zero|nieudacznik|nieudacznikiem|pedal|pedał|"
             r"szmata|dziwka|suka|cwel|skurwysyn|gnoj|gnoju|gnój|ciota|upośledzony|uposledzony|"
             r"pojeb|pojebie|psychol|zjeb|zjebie|matol|matole|kurwo|szmato|dziwko|suko|cwelu|"
             r"pedale|chuju|ścierwo|scierwo|ścierwem|scierwem|śmieciem|smieciem|nikim|"
             r"idiotą|idiota|debilem|kretynem|frajerem|pasożyt|pasozyt|pasożytem|pasozytem")
_PL = (
    r"(?:ty|jestes|jesteś|jestescie|jesteście|ty jestes|ty jesteś) (?:jebany |jebana |"
    r"pierdolony |pierdolona |glupi |głupi |glupia |głupia |zwykly |zwykły |zwykla |zwykła |"
    r"pieprzony |pieprzona |skonczony |skończony |skonczona |skończona |tępy |tepy |tępa |"
    r"tepa |marny |marna |zasrany |zasrana |zwyklym |zwykłym |skonczonym |skończonym )*"
    r"(?:" + _PL_WORDS + ")"
)
_PT_WORDS = (r"idiota|imbecil|burro|burra|otario|otaria|babaca|arrombado|arrombada|corno|puta|"
             r"vagabunda|vadia|lixo|merda|inutil|retardado|retardada|viado|cuzao|escroto|"
             r"escrota|anta|mongol|palhaco|verme|cretino|cretina|desgracado|desgracada|piranha|"
             r"vaca|baleia|fracassado|fracassada|nojento|nojenta|trouxa|imprestavel|"
             r"parasita|animal|aberracao|jumento|jumenta|bosta")
_PT_PERSON = (r"idiota|imbecil|burro|burra|otario|otaria|babaca|arrombado|arrombada|corno|"
              r"vagabunda|vadia|retardado|retardada|viado|cuzao|escroto|escrota|palhaco|"
              r"cretino|cretina|desgracado|desgracada|piranha|fracassado|fracassada|nojento|"
              r"nojenta|trouxa|imprestavel|jumento|jumenta|filho da puta|filha da puta")
_PT = (
    r"(?:voce e|vc e|voce eh|vc eh|tu es|tu e|voces sao|vcs sao|ce e|tu eh|voce nao passa de|"
    r"es|es mesmo|tu es mesmo|vc e mesmo|voce e mesmo|vc e muito|voce e muito|tu es muito|"
    r"vc nao passa de|tu nao passas de|voce e so|vc e so) (?:um |uma |o maior |a maior |"
    r"um grande |uma grande |um baita |uma baita |um puta |uma puta |um pobre |uma pobre |"
    r"um completo |uma completa |muito |mesmo |mesmo um |mesmo uma |so um |so uma )?"
    r"(?:" + _PT_WORDS + "|falhado|falhada|besta|cabrao|bosta)"
    r"|seu (?:merda|bosta|lixo humano)|sua (?:merda|bosta)"
    r"|(?:seu|sua|seus|suas) (?:grande |maldito |maldita |pobre |)(?:" + _PT_PERSON + ")"
)

# Words that only insult, per language: they also count after a third-person frame ("is a",
# "ist ein", "c est un", "es un", "e un", "is een", "to", "e um") or an exclamation, with up to
# two other words between, and (the START lists) as the first word of a message.
_W2 = r"(?:[^ ]+ ){0,2}"
_EN_STRONG = (r"moron|retard|cunt|whore|slut|asshole|arsehole|dumbass|imbecile|scumbag|dickhead|"
              r"twat|wanker|jackass|halfwit|nitwit|dimwit|douchebag|numbskull|cretin|bellend|"
              r"tosser|motherfucker|loser|idiot|piece of shit|waste of (?:space|oxygen|skin)")
_EN_START = r"moron|retard|cunt|asshole|dumbass|dickhead|twat|wanker|jackass|motherfucker|scumbag"
_DE_STRONG = (r"arschloch|wichser|hurensohn|spast|spasti|missgeburt|schlampe|fotze|vollidiot|"
              r"idiot|depp|trottel|drecksau|drecksack|mistkerl|dummkopf|schwachkopf|hohlkopf|"
              r"hohlbirne|vollpfosten|spacko|schwachmat|schmarotzer|versager|totalversager|"
              r"lappen|witzfigur|scheisskerl|scheißkerl|hackfresse|kackbratze|pissnelke|honk|"
              r"vollhonk|lusche|idiotin|nichtsnutz|taugenichts|missgeburten|arschlocher|"
              r"stuck scheisse|stück scheiße|stuck scheiße|stück scheisse|dreckstuck|drecksstuck")
_DE_START = (r"arschloch|wichser|hurensohn|spast|missgeburt|schlampe|fotze|vollidiot|hohlbirne|"
             r"vollpfosten|spacko|schwachmat|kackbratze|pissnelke|vollhonk")
_FR_STRONG = (r"connard|connasse|salope|pute|batard|debile|cretin|cretine|abruti|abrutie|ordure|"
              r"enfoire|enfoiree|encule|encules|bouffon|attarde|attardee|imbecile|pouffiasse|"
              r"petasse|raclure|tocard|tocarde|guignol|boloss|baltringue|incapable|boulet|"
              r"leche bottes|pauvre type|pauvre con|sous merde|trou du cul|parasite|minable|"
              r"idiot|idiote|cassos|con|conne|pathetique|lache|nul|nulle")
_FR_START = (r"connard|connasse|salope|batard|abruti|abrutie|enfoire|encule|pouffiasse|petasse|"
             r"tocard|boloss|baltringue")
_ES_STRONG = (r"idiota|imbecil|pendejo|pendeja|gilipollas|cabron|cabrona|zorra|estupido|estupida|"
              r"inutil|retrasado|retrasada|subnormal|tarado|tarada|mamon|pelotudo|pelotuda|"
              r"boludo|boluda|malparido|malparida|huevon|capullo|mongolo|parasito|parasita|lastre|"
              r"pringado|pringada|payaso|payasa|manco|manca|tonto|tonta|pelota|inepto|inepta|"
              r"incompetente|escoria|imbeciles|idiotas|gilipollas|cerdo asqueroso|cerda asquerosa")
_ES_START = r"gilipollas|pendejo|pendeja|subnormal|malparido|pelotudo|imbecil|capullo|pringado"
_IT_STRONG = (r"coglione|cogliona|stronzo|stronza|deficiente|cretino|cretina|imbecille|"
              r"testa di cazzo|testa di rapa|puttana|troia|bastardo|bastarda|fallito|fallita|"
              r"ritardato|ritardata|scemo|scema|mongoloide|demente|sfigato|sfigata|zoccola|"
              r"idiota|incapace|buono a nulla|pagliaccio|parassita|pezzo di merda|"
              r"cerebroleso|cerebrolesa|handicappato|babbeo|idiota patentato|cretina patentata")
_IT_START = (r"coglione|stronzo|stronza|deficiente|cretino|cretina|imbecille|ritardato|"
             r"ritardata|mongoloide|sfigato|sfigata|testa di cazzo|testa di rapa")
_NL_STRONG = (r"idioot|sukkel|sukkeltje|debiel|mongool|klootzak|klootviool|eikel|kankerlijer|"
              r"tyfuslijer|teringlijer|mislukkeling|nietsnut|kneus|randdebiel|lapzwans|oen|lul|"
              r"trut|kutwijf|hoer|slet|loser|hersenloze (?:aap|idioot|sukkel)|waardeloze nietsnut")
_NL_START = (r"idioot|sukkel|sukkeltje|debiel|mongool|klootzak|klootviool|eikel|kankerlijer|"
             r"tyfuslijer|teringlijer|kneus|randdebiel|lapzwans")
_PL_STRONG = (r"debil|debilu|idiota|idioto|kretyn|kretynie|frajer|frajerze|nieudacznik|matol|"
              r"matoł|matole|zjeb|pojeb|psychol|cwel|skurwysyn|gnoj|gnój|ciota|ciul|ciulu|chuj|"
              r"chujem|baran|baranie|g[lł]ab|debilem|kretynem|frajerem|idiota|idiotą|smiec|"
              r"śmieć|smieciem|śmieciem|noob|noobie|dupek|dupku|(?:glupia|głupia|stara|tlusta|"
              r"tłusta) krowa|g[lł]ab kapusciany|jebanym smieciem|jebanym śmieciem")
_PL_START = r"debilu|idioto|kretynie|frajerze|baranie|ciulu|dupku|matole|smieciu|śmieciu"
_PT_STRONG = (r"idiota|imbecil|otario|otaria|babaca|arrombado|arrombada|corno|vagabunda|vadia|"
              r"retardado|retardada|cuzao|escroto|escrota|palhaco|cretino|cretina|desgracado|"
              r"desgracada|piranha|fracassado|fracassada|nojento|nojenta|trouxa|imprestavel|"
              r"jumento|jumenta|mongol|anta|burro|burra|inutil|incompetente|verme nojento")
_PT_START = r"idiota|imbecil|otario|babaca|arrombado|cuzao|retardado|trouxa|palhaco|desgracado"

_LOOSE = (
    r"(?:is|was|are|were|s|re) (?:a|an|such a|the most|the biggest|just a|nothing but a|one|"
    r"literally a|literally an|a total|a complete) " + _W2 + "(?:" + _EN_STRONG + ")",
    r"what (?:a|an) " + _W2 + "(?:" + _EN_STRONG + ")",
    r"(?:ist|war|sind|bist|seid) (?:ein|eine|der|die|so ein|so eine|echt ein|echt eine|voll der|"
    r"voll die|nur ein|nur eine|einfach ein|einfach eine|ne|n|echt der|echt die) " + _W2
    + "(?:" + _DE_STRONG + ")",
    r"(?:was|wat) (?:fur|für|bist du fur|bist du für) (?:ein|eine|n|ne) " + _W2 + "(?:" + _DE_STRONG
    + ")",
    r"du " + _W2 + "(?:" + _DE_STRONG + ")",
    r"(?:est|es|etait|c est|sont|t es|c etait|c etaient) (?:un|une|qu un|qu une|le|la|des|"
    r"vraiment un|vraiment une|un vrai|une vraie|juste un|juste une|qu une bande d|une bande d) "
    + _W2 + "(?:" + _FR_STRONG + ")",
    r"(?:quel|quelle|quels|quelles) " + _W2 + "(?:" + _FR_STRONG + ")",
    r"(?:es|eres|era|son|sos|sois|es usted) (?:un|una|el|la|el mas|la mas|un puto|una puta|"
    r"unos|unas|lo mas) " + _W2 + "(?:" + _ES_STRONG + ")",
    r"(?:que|q|vaya|menudo|menuda|pedazo de) (?:" + _ES_STRONG + ")",
    r"(?:eres|sos) (?:" + _ES_STRONG + ")",
    r"(?:e|era|sono|sei|siete) (?:un|una|uno|un vero|una vera|proprio un|proprio una|il solito|"
    r"la solita) " + _W2 + "(?:" + _IT_STRONG + ")",
    r"che (?:razza di |pezzo di )?" + _W2 + "(?:" + _IT_STRONG + ")",
    r"(?:" + _IT_STRONG + ") (?:come pochi|di un|di una|che non sei altro)",
    r"(?:is|was|zijn|ben|bent|waren) (?:een|echt een|gewoon een|de grootste|zo n|zo een|"
    r"een echte) " + _W2 + "(?:" + _NL_STRONG + ")",
    r"wat (?:een|ben jij een|ben je een|ben je toch een|ben jij toch een) " + _W2 + "(?:"
    + _NL_STRONG + ")",
    r"(?:to|jest|jestes|jesteś|byl|był|byla|była) (?:totalny |totalna |skonczony |skończony |"
    r"zwykly |zwykły |zwykłym |zwyklym |straszny |kompletny |kompletna |pierdolony |jebany |"
    r"jebanym |glupi |głupi |glupia |głupia )*(?:" + _PL_STRONG + ")",
    r"co za " + _W2 + "(?:" + _PL_STRONG + ")",
    r"z ciebie " + _W2 + "(?:" + _PL_STRONG + ")|(?:" + _PL_STRONG + ") z ciebie",
    r"(?:e|eh|era|sao|foi) (?:um|uma|o maior|a maior|um baita|uma baita|um grande|uma grande|"
    r"um completo|uma completa) " + _W2 + "(?:" + _PT_STRONG + ")",
    r"(?:que|q) (?:" + _PT_STRONG + ")",
)
_START = "|".join((_EN_START, _DE_START, _FR_START, _ES_START, _IT_START, _NL_START, _PL_START,
                   _PT_START))

INSULTS = (
    r"(?:^| )(?:" + "|".join((_EN, _DE, _FR, _ES, _IT, _NL, _PL, _PT, *_LOOSE)) + r")(?: |$)"
    r"|^(?:" + _START + r")(?: |$)"
)
# fmt: on
