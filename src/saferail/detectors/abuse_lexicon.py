"""Phrase lists of the abuse rule beside ``toxicity``, in eight languages.

Four forms, each an RE2 alternation over the folded word string (lowercased, punctuation gone,
diacritics removed: "t'es" is "t es", "zabiję cię" is "zabije cie"; Polish "ł" and German
"ß" stay as they are):

``THREATS``
    violence announced against a person ("i ll kill you", "ich bringe dich um", "je sais ou
    tu habites");
``SELF_HARM``
    telling someone to kill or hurt themselves, wishing them dead ("kys", "bring dich um",
    "va te pendre", "obys zdechl");
``OBSCENE``
    obscenities aimed at the reader ("fuck you", "halt die fresse", "vete a la mierda",
    "vaffanculo", "rot op", "spierdalaj", "vai se foder");
``INSULTS``
    the reader called an insult: a second-person frame ("you are a", "du", "espece de",
    "eres un", "sei un", "jij bent een", "jestes", "seu") right before a word of the
    language's insult list.

Written for this project from general knowledge of each language's abuse, on a development
set written for it (``scripts/data/toxicity_ml_*.jsonl``); see the model card,
"Abuse in eight languages". The lists hold only words and phrases whose plain use is
abusive; words with an everyday sense ("pig", "animal", "rat") are left out unless a
second-person frame comes first.
"""

from __future__ import annotations

__all__ = ["SELF_HARM", "SELF_HARM_MORE", "THREATS", "THREATS_MORE"]

from saferail.detectors.signatures import alt as _alt

# fmt: off
_YOU_EN = r"(?:you|u|ya|yall|you all|your (?:family|mom|mother|kids?|wife|sister))"
_HARM_EN = (r"(?:kill|murder|stab|shoot|strangle|choke|beat|bash|smash|slit|gut|rape|hang|"
            r"skin|bury|burn|end|hurt|destroy|break)")

THREATS = _alt(
    # English
    r"\b(?:i|we) (?:will|ll|am going to|m going to|m gonna|am gonna|gonna|shall|swear i ll|"
    r"swear i will|want to|wanna) (?:(?:fucking|personally|literally|actually|come and|come|go|"
    r"find you and|hunt you down and) )?" + _HARM_EN + r" " + _YOU_EN + r"\b",
    r"\b(?:i|we) know where (?:you|u) (?:live|sleep|work)\b",
    r"\b(?:you|u) (?:will|ll|are going to|re going to|re gonna|are gonna) (?:die|bleed|regret "
    r"(?:this|that|it|being born)|pay for (?:this|that|it))\b",
    r"\bsomeone (?:should|needs to|ought to) (?:kill|shoot|stab|hang|beat|murder|put a bullet in) "
    r"(?:you|him|her|them|that (?:guy|woman|man|idiot|bitch))\b",
    r"\b(?:you|u) (?:deserve to (?:die|be shot|be killed|be raped)|should be (?:shot|killed|hanged|"
    r"hung|raped|put down))\b",
    r"\bwatch your back\b|\bsleep with one eye open\b|\byou re dead meat\b|\byou are dead meat\b",
    # German
    r"\bich (?:bring|bringe) (?:dich|euch) um\b",
    r"\bich (?:werde|will|wurde|geh) (?:dich|euch) (?:umbringen|toten|abstechen|erschiessen|"
    r"erschießen|kaltmachen|fertigmachen|abschlachten|aufschlitzen|finden und)\b",
    r"\bich (?:mach|mache|stech|steche|schlag|schlage) (?:dich|euch) (?:kalt|tot|ab|fertig|platt|"
    r"zusammen|krankenhausreif)\b",
    r"\bich (?:schlag|schlage|hau|haue|tret|trete) dir (?:die fresse|den schadel|die zahne|"
    r"den kopf|die nase|in die fresse)\b",
    r"\bich wei(?:ss|ß) wo (?:du wohnst|deine (?:familie|kinder|mutter))\b",
    r"\bdu (?:wirst|bist) (?:es bereuen|sterben|bluten|bald tot|ein toter mann|tot)\b",
    # French
    r"\bje (?:vais|v(?:ai)?s|veux) (?:te|vous) (?:tuer|buter|defoncer|crever|egorger|planter|"
    r"retrouver|casser la gueule|fracasser|eclater|saigner|bruler|niquer|cramer)\b",
    r"\bje (?:te|vous) (?:tue|bute|defonce|creve|egorge|plante|saigne|brule|eclate|fume)\b",
    r"\bon va (?:te|vous) (?:tuer|buter|retrouver|defoncer|egorger|faire la peau)\b",
    r"\bje sais ou (?:tu (?:habites|vis|dors)|vous habitez|ta (?:mere|famille))\b",
    r"\btu vas (?:mourir|crever|le regretter|saigner|payer)\b",
    # Spanish
    r"\bte (?:voy|vamos) a (?:matar|partir la cara|reventar|romper la cara|encontrar|quemar|"
    r"apunalar|apuñalar|degollar|pegar un tiro|cortar el cuello|destrozar|desfigurar)\b",
    r"\b(?:te|os) (?:mato|reviento|parto la cara|rajo|degollo|quemo)\b",
    r"\bse donde (?:vives|duermes|trabajas|vive tu (?:familia|madre))\b",
    r"\bvas a (?:morir|pagar(?:la)?|lamentarlo|arrepentirte|sangrar)\b",
    # Italian
    r"\bti (?:ammazzo|uccido|spacco (?:la faccia|la testa|le ossa)|sgozzo|accoltello|sparo|"
    r"sfondo|squarcio|brucio)\b",
    r"\bti (?:vengo|veniamo) a (?:prendere|cercare|trovare) (?:a casa|sotto casa)\b",
    r"\bso dove (?:abiti|vivi|dormi|lavori)\b",
    r"\b(?:ti|vi) (?:faccio|faro|farò|faremo) (?:fuori|male|la pelle|saltare)\b",
    r"\b(?:morirai|la pagherai|te ne pentirai)\b",
    # Dutch
    r"\bik (?:maak|sla|schiet|steek) (?:je|jou|jullie) (?:af|dood|kapot|verrot|neer|lens)\b",
    r"\bik (?:ga|zal|kom) (?:je|jou|jullie) (?:vermoorden|afmaken|doodmaken|neersteken|"
    r"neerschieten|opzoeken|vinden|kapotmaken|in elkaar slaan)\b",
    r"\bik weet waar (?:je|jij|jullie) (?:woont|wonen|slaapt|werkt)\b",
    r"\bje (?:gaat|zal) (?:eraan|dood|boeten|bloeden|spijt krijgen)\b",
    # Polish
    r"\b(?:zabije|zajebie|zatluke|rozwale|dopadne|znajde|udusze|zarzne|zastrzele|"
    r"rozjebie|połamie|polamie) (?:cie|ciebie|was|ci leb|ci morde)\b",
    r"\bwiem gdzie (?:mieszkasz|spisz|pracujesz|mieszka twoja)\b",
    r"\b(?:pozalujesz|pożałujesz|zginiesz|juz nie zyjesz|jestes trupem)\b",
    # Portuguese
    r"\b(?:vou|vamos|eu vou) (?:te|lhe|vos) (?:matar|pegar|quebrar|arrebentar|encontrar|"
    r"esfaquear|furar|dar um tiro|meter a porrada|enterrar|queimar)\b",
    r"\b(?:eu )?(?:te|vos) (?:mato|arrebento|quebro todo|furo|esfaqueio)\b",
    r"\bsei onde (?:voce|vc|tu|ce) (?:mora|moras|vive|vives|trabalha)\b",
    r"\b(?:voce|vc|tu) (?:vai|vais) (?:morrer|pagar caro|se arrepender|sangrar)\b",
)

SELF_HARM = _alt(
    # English
    r"\b(?:go |just |pls |please |should |better )?(?:kill|hang|shoot|off|end|unalive|neck|rope) "
    r"(?:yourself|urself|yourselves|your self)\b",
    r"\bkys\b|\bkill ur ?self\b|\b(?:go|just|pls|please|should|you should|u should) "
    r"(?:drink bleach|jump off a (?:bridge|cliff|building))\b|^(?:drink bleach|jump off a)\b",
    r"\b(?:go|just|pls|please) (?:die|rot|and die)\b|\bhope (?:you|u) (?:die|get cancer|rot)\b",
    r"\bdo (?:us|everyone|the world|us all|humanity) a favou?r and (?:die|disappear|kill|end|"
    r"jump|off)\b",
    r"\b(?:nobody|no one|noone) (?:would|will) (?:miss|care if) (?:you|u)\b",
    r"\bthe world (?:would be|is) better (?:off )?without (?:you|u|people like you)\b",
    # German
    r"\b(?:bring|bringt) (?:dich|euch) (?:doch |einfach |endlich )?um\b",
    r"\b(?:geh|geht|spring|springt) (?:doch |einfach )?(?:sterben|krepieren|verrecken|"
    r"von (?:der|einer) brucke|vor (?:den|einen) zug)\b",
    r"\b(?:hang|hangt|erhang|erhange) (?:dich|euch)\b",
    r"\b(?:ich hoffe|hoffentlich) (?:du|ihr) (?:stirbst|sterbt|krepierst|verreckst|verreckt)\b",
    r"\b(?:verreck|verrecke|krepier|krepiere|stirb) (?:doch|endlich|einfach)\b",
    # French
    r"\b(?:va|vas|allez) (?:te pendre|vous pendre|crever|mourir|te suicider|te tuer|"
    r"te jeter (?:d un pont|sous un train|par la fenetre))\b",
    r"\b(?:suicide|tue|pends|flingue) (?:toi|vous)\b",
    r"\b(?:j espere|jespere) (?:que )?(?:tu|vous) (?:meurs|mourras|creves|creveras|mourrez)\b",
    r"\bcreve (?:sale|connard|salope|batard)\b",
    # Spanish
    r"\b(?:matate|suicidate|ahorcate|muerete|tirate (?:de|por) (?:un|una|el|la) "
    r"(?:puente|ventana|edificio|balcon))\b",
    r"\b(?:ojala|espero que|ojala que) (?:te|os) (?:mueras|murieras|muerais|muras)\b",
    r"\b(?:ve|vete|anda|andate) a (?:morir|morirte|matarte)\b",
    # Italian
    r"\b(?:ammazzati|impiccati|suicidati|buttati (?:da|giu da|sotto))\b",
    r"\b(?:spero che|spero tu|che tu possa) (?:muoia|crepi|morire|crepare)\b",
    r"\b(?:vai|va|andate) a (?:morire|crepare|morì)\b|\b(?:crepa|muori) (?:bastardo|stronzo|"
    r"stronza|schifoso|schifosa)\b",
    # Dutch
    r"\bga (?:toch|maar|lekker|gewoon|eens) dood\b|^ga dood\b",
    r"\b(?:ga|ga toch|ga maar|ga lekker) (?:je ophangen|jezelf ophangen|van een flat "
    r"springen|voor de trein springen)\b",
    r"\b(?:maak|pleeg) (?:jezelf van kant|zelfmoord)\b|\bhang (?:jezelf|je) op\b",
    r"\bik hoop dat (?:je|jij|jullie) (?:doodgaat|doodgaan|sterft|sterven|creperen|crepeert)\b",
    r"\bkrijg (?:de|het) (?:kanker|tering|tyfus|pest|klere)\b",
    # Polish
    r"\b(?:zabij|powies|powieś|zastrzel|utop) sie\b",
    r"\b(?:idz|idź|spierdalaj|wypierdalaj) (?:sie powiesic|umrzec|zdychac|zdechnac)\b",
    r"\bobys (?:zdechl|zdechla|umarl|umarla|sczezl|sczezla|zdechł|zdechła|umarł|umarła)\b",
    r"\b(?:zdychaj|zdechnij)\b",
    # Portuguese
    r"\b(?:se mata|te mata|vai se matar|mata te|se enforca|vai te enforcar|se joga (?:da|de|do) "
    r"(?:ponte|predio|janela))\b",
    r"\b(?:espero|tomara|oxala|espero que) (?:que )?(?:voce|vc|tu|ce) (?:morra|morras|"
    r"se mate)\b",
    r"\b(?:vai|va|vá) morrer\b",
)

# More threats and incitement, every language: a body part to break, "one more word and",
# "someone should put a bullet in", "hope you never wake up", "drink bleach".
THREATS_MORE = _alt(
    r"\b(?:break|smash|snap|rip out|cut off|knock out|cave in|bash in|kick in) (?:\w+ ){0,2}"
    r"(?:your|ur|every bone in your|all your|both your) (?:\w+ )?(?:bones?|fingers?|legs?|arms?|"
    r"neck|teeth|face|skull|jaw|nose|head|kneecaps?)\b",
    r"\b(?:one more word|say that again|say it again|keep talking|try me) (?:and|or) (?:i|we|"
    r"you)\b",
    r"\b(?:put|pump|put two|stick) (?:a )?(?:bullets?|knife|blade) in (?:you|him|her|them|your|"
    r"ur)\b",
    r"\b(?:send|put) (?:you|u) (?:to|in) (?:the )?(?:hospital|morgue|grave|er|icu)\b",
    r"\bi know (?:which|what) car is yours\b|\bsee if you (?:walk|get|make it) home\b",
    # German: verb first after "dann", "sonst", a clause
    r"\b(?:brech|breche|polier|poliere|schlag|schlage|hau|haue|tret|trete|reiss|reiße|reisse|"
    r"mach|mache|stech|steche|box|boxe) (?:ich )?(?:dir|dich|euch) (?:\w+ ){0,2}(?:finger|knochen|"
    r"beine|arme|zahne|fresse|nase|schadel|genick|kiefer|gesicht|kopf|krankenhausreif|kalt|"
    r"fertig|platt|tot|zusammen|windelweich|grun und blau)\b",
    r"\b(?:noch ein wort|sag das nochmal|sag das noch mal) (?:und|dann)\b",
    r"\b(?:ne|eine|die) kugel (?:in den kopf|verpassen|jagen|geben)\b",
    r"\bich wei(?:ss|ß) (?:welches auto|wo dein auto|wann du)\b",
    r"\bpass (?:bloß|bloss|blos|gut) auf (?:wenn|wo|dich)\b",
    # French
    r"\b(?:te|vous) (?:casse|casser|pete|peter|defonce|defoncer|eclate|eclater|arrache|arracher|"
    r"brise|briser|fracasse|fracasser|refais|refaire) (?:\w+ ){0,2}(?:dents|doigts|jambes|bras|"
    r"gueule|tete|nez|crane|os|figure|visage|tronche|portrait|genoux|machoire)\b",
    r"\b(?:je|on) (?:te|vous) (?:retrouve|retrouvera|retrouverai|fais la peau|ferai la peau|"
    r"envoie a l (?:hosto|hopital)|enverrai a l (?:hosto|hopital)|attends a la sortie|tabasse|"
    r"tabasserai|demonte|demonterai)\b",
    r"\b(?:encore un mot|redis le|repete ca|repete le) (?:et|pour voir)\b",
    r"\b(?:une balle|un pruneau|une bastos) (?:dans la tete|dans le crane|entre les yeux)\b",
    r"\bje sais quelle voiture\b|\btu rentreras pas (?:chez toi )?entier\b",
    # Spanish
    r"\b(?:te|os) (?:rompo|romper|parto|partir|reviento|reventar|arranco|arrancar|destrozo|"
    r"destrozar|quiebro|quebrar|saco|sacar) (?:\w+ ){0,3}(?:dedos|dientes|piernas|brazos|cara|"
    r"cabeza|craneo|huesos|boca|nariz|cuello|jeta|hocico|madre|crisma|ojos|rodillas)\b",
    r"\b(?:te|os) (?:mando|mandare|voy a mandar|mandamos) al (?:hospital|cementerio|otro barrio)\b",
    r"\b(?:una palabra mas|repitelo|dimelo a la cara|dilo otra vez) (?:y|a la salida)\b",
    r"\b(?:meterle|meterte|pegarle|pegarte) (?:un tiro|una bala|un balazo|un navajazo)\b",
    r"\bse cual es tu (?:coche|carro|auto)\b|\bveras si llegas entero\b",
    r"\b(?:hay que|habria que) (?:molerla|molerlo|molerlos|matarlos|matarla|matarlo|colgarlos|"
    r"quemarlos|reventarlos) (?:a palos)?\b",
    # Italian
    r"\bti (?:rompo|spacco|spezzo|stacco|rompero|spacchero|gonfio|sfascio|riempio) (?:\w+ ){0,2}"
    r"(?:dita|denti|gambe|braccia|faccia|testa|ossa|naso|collo|muso|di botte|di mazzate|"
    r"il culo)\b",
    r"\b(?:un altra parola|ripetilo|dillo ancora) (?:e|se hai coraggio)\b",
    r"\bti (?:trovo|aspetto fuori|vengo a cercare|faccio pentire|faro pentire|"
    r"faccio a pezzi|stacco la testa)\b",
    r"\b(?:qualcuno|uno) (?:ti|lo|la|li) (?:fara|dovrebbe far|deve far) fuori\b",
    r"\b(?:ossa rotte|macchina bruciata|non finisce bene per te)\b",
    # Dutch
    r"\b(?:sla|trap|ram|breek|schop|mep|steek) (?:ik )?(?:je|jou|jullie|al je) (?:\w+ ){0,3}"
    r"(?:vingers|tanden|benen|armen|gezicht|kop|hoofd|botten|nek|neus|smoel|bek|verrot|"
    r"helemaal verrot|in elkaar|kapot|in|uit)\b",
    r"\bik (?:kom|zal) (?:je|jou) (?:halen|pakken|vinden|opwachten|krijgen)\b",
    r"\b(?:wacht ik je op|ik wacht je op|je bent nergens (?:meer )?veilig|"
    r"nooit meer (?:kan|kunnen) lopen|je gaat dit bezuren)\b",
    # Polish
    r"\b(?:polamie|połamię|wybije|wybiję|rozbije|rozbiję|rozwale|rozwalę|obije|obiję|skrece|"
    r"skręcę|urwe|urwę|rozkwasze|rozkwaszę) ci (?:\w+ ){0,2}(?:palce|zeby|zęby|nogi|rece|ręce|"
    r"morde|mordę|leb|łeb|kark|nos|kosci|kości|gebe|gębę|ryj|glowe|głowę)\b",
    r"\b(?:ci|cie|ciebie) (?:leb|łeb|morde|mordę|ryj) (?:rozwale|rozwalę|rozbije|rozbiję)\b",
    r"\b(?:jeszcze (?:jedno )?slowo|jeszcze (?:jedno )?słowo|powtorz to|powtórz to) i\b",
    r"\b(?:dostaniesz|dostaniecie) (?:wpierdol|wpierdolu|w morde|w mordę|w ryj|bęcki|becki)\b",
    r"\bprzyjde po ciebie\b|\bprzyjdę po ciebie\b|\bpoczekam na ciebie\b",
    # Portuguese
    r"\b(?:te|vos) (?:quebro|quebrar|arrebento|arrebentar|parto|partir|arranco|arrancar|"
    r"encho|encher) (?:\w+ ){0,3}(?:dedos|dentes|pernas|bracos|braços|cara|cabeca|cabeça|ossos|"
    r"boca|nariz|pescoco|pescoço|fuca|focinho|porrada|pancada|de porrada|na porrada)\b",
    r"\b(?:mais uma palavra|repete isso|fala isso de novo) e\b",
    r"\b(?:te|vos) (?:pego|pegamos|espero|esperamos) (?:na saida|la fora|lá fora|depois)\b",
    r"\b(?:meter|dar|enfiar) (?:uma bala|um tiro|uma facada) (?:nele|nela|em voce|em vc|na tua)\b",
    r"\b(?:vou|vamos) (?:te|lhe) (?:buscar|apanhar|achar|pegar)\b|\b(?:arranco|quebro|parto) "
    r"(?:os )?(?:teus|seus|tus) (?:dentes|dedos|bracos|pernas|ossos)\b",
    r"\b(?:acabas|vais acabar|vai acabar|vai parar) no (?:hospital|cemiterio)\b",
    r"\b(?:tocar|pegar|botar|por) fogo na (?:tua|sua) casa\b|\bnunca mais (?:vai|vais) andar\b",
    # Polish, more
    r"\b(?:zeby|zęby) (?:ci )?(?:powybijam|wybije|wybiję)\b|\b(?:cie|ciebie) (?:znajde|znajdę|"
    r"dorwe|dorwę|dopadne|dopadnę)\b|\b(?:dorwe|dorwę|znajde|znajdę|dopadne|dopadnę) (?:cie|cię)\b",
    r"\b(?:skonczysz|skończysz|wylądujesz|wyladujesz) w (?:szpitalu|grobie|trumnie)\b",
    r"\b(?:spale|spalę) ci (?:chate|chatę|dom|auto|samochod)\b|\bnigdy (?:juz |już )?nie "
    r"(?:bedziesz|będziesz) (?:chodzil|chodził|chodzila|chodziła)\b",
)

SELF_HARM_MORE = _alt(
    r"\bhope (?:you|u) (?:\w+ ){0,3}(?:die|never wake up|get hit by|rot|choke)\b",
    r"\b(?:why are you|why r u|why do you) still (?:alive|breathing|here)\b",
    r"\b(?:waste of oxygen|wasting (?:our )?oxygen)\b",
    r"\b(?:cut|slit) (?:yourself|your wrists|ur wrists)\b",
    # German
    r"\b(?:geh|geht|bitte) (?:dich|euch) (?:umbringen|erhangen|aufhangen|erschiessen)\b",
    r"\b(?:spring|springt|stürz|sturz) (?:doch |einfach )?(?:von|vor|aus) (?:ner|einer|der|den|"
    r"nem|einem) (?:brucke|zug|fenster|hochhaus|dach|klippe)\b",
    r"\b(?:trink|sauf) (?:bleiche|chlor|rohrreiniger|gift)\b",
    r"\b(?:warum|wieso) lebst du (?:uberhaupt |eigentlich )?noch\b",
    r"\b(?:nicht mehr aufwachen|nie wieder aufwachst|nie mehr aufwachst)\b",
    r"\b(?:losch|lösch) dich\b|\b(?:verschwendest|verschwendet) (?:nur |unseren )?sauerstoff\b",
    r"\btu (?:uns|allen|der welt|uns allen) (?:nen|einen) gefallen und (?:verschwinde|stirb|"
    r"verreck|bring)\b",
    # French
    r"\b(?:saute|sautez|jette toi|jettes toi) (?:d un|du|d une|sous un|par la) (?:pont|immeuble|"
    r"train|fenetre|falaise|toit)\b",
    r"\b(?:bois|boit|buvez) (?:de la javel|de l eau de javel|du poison|de la mort aux rats)\b",
    r"\bpourquoi (?:t es|tu es) (?:encore|toujours) (?:en vie|vivant|vivante|la)\b",
    r"\b(?:ne te reveilleras pas|ne te reveilles pas|ne te reveilles jamais|gaspilles de l oxygene|"
    r"efface toi de ce monde|finis en une bonne fois)\b",
    r"\brends service a (?:tout le monde|tous|la planete|l humanite) et (?:disparais|creve|meurs|"
    r"casse toi)\b",
    # Spanish
    r"\b(?:bebe|bebete|tomate) (?:lejia|veneno|cloro|matarratas)\b",
    r"\bpor que (?:sigues|estas|seguis) (?:vivo|viva|respirando|aqui)\b",
    r"\b(?:no despiertes|nunca despiertes|malgastas oxigeno|borrate de este mundo|"
    r"acaba con esto ya|acaba contigo)\b",
    r"\b(?:haznos|hazle|haz) (?:un favor|el favor) (?:a todos|al mundo)? ?y (?:desaparece|muerete|"
    r"matate|tirate)\b",
    # Italian
    r"\b(?:ucciditi|sparati|impiccati|buttati|tagliati le vene|fatti fuori|toglierti di mezzo)\b",
    r"\b(?:vai|va|andate) a (?:impiccarti|ammazzarti|spararti|buttarti)\b",
    r"\b(?:spero che tu|spero che) (?:\w+ ){0,2}(?:muoia|crepi|morissi|crepassi)\b",
    r"\b(?:perche|perché) (?:non ti butti|sei ancora vivo|sei ancora viva|respiri ancora)\b",
    r"\b(?:magari ti venisse|ti venisse) (?:un infarto|un cancro|un tumore|un colpo)\b",
    r"\bbevi (?:la candeggina|candeggina|veleno)\b|\bsprechi ossigeno\b",
    # Dutch
    r"\b(?:spring|springen) (?:van|voor) (?:een|de) (?:flat|brug|trein|dak)\b",
    r"\b(?:ga|ga lekker|ga maar) (?:voor een trein|op het spoor) (?:liggen|staan)\b",
    r"\bwaarom leef (?:je|jij) (?:eigenlijk |nog )?(?:nog|eigenlijk)\b",
    r"\b(?:maak er een (?:eind|einde) aan|niet meer wakker wordt|nooit meer wakker)\b",
    r"\b(?:snij|snijd) (?:jezelf|je polsen)\b|\bje zou jezelf (?:moeten )?(?:afmaken|ophangen|"
    r"doodmaken)\b",
    r"\bde wereld is beter af zonder (?:jou|je|jullie)\b|\bdrink (?:bleek|gif|chloor)\b",
    # Polish
    r"\b(?:skocz|skoczcie) (?:z|pod) (?:mostu|dachu|okna|pociag|pociąg|bloku)\b",
    r"\b(?:wypij|pij) (?:wybielacz|domestos|trutke|trutkę|kwas)\b",
    r"\b(?:dlaczego|czemu|po co) (?:ty )?(?:jeszcze|w ogole|w ogóle) (?:zyjesz|żyjesz)\b",
    r"\b(?:nie obudzisz|sie nie obudzisz|się nie obudzisz|zdychaj|zdechnij|zabij sie|zabij się|"
    r"powies sie|powieś się|potnij sie|potnij się|marnujesz tlen)\b",
    r"\b(?:obys|obyś|zeby|żeby|mam nadzieje ze|mam nadzieję że) (?:\w+ ){0,2}(?:zdechl|zdechł|"
    r"zdechla|zdechła|umarl|umarł|umarla|umarła|sczezl|sczezł|zdechnal|zdechnął)\b",
    # Portuguese
    r"\b(?:pula|pule|se joga|se jogue) (?:da|de uma|do|de um|na frente do) (?:ponte|predio|prédio|"
    r"janela|trem|metro|metrô)\b",
    r"\b(?:bebe|beba|toma) (?:agua sanitaria|água sanitária|veneno|lixivia|lixívia|chumbinho)\b",
    r"\bpor ?que (?:voce|vc|tu) (?:ainda )?(?:ta|esta|está|estas|tás) vivo\b",
    r"\b(?:nao acorde|não acorde|nunca mais acorde|desperdica oxigenio|desperdiça oxigênio|"
    r"se mata logo|vai se matar|corta os pulsos|corte os pulsos)\b",
    r"\b(?:pq|porque|por que) (?:vc|voce|tu) (?:ainda )?(?:ta|tá|esta|está|estas) vivo\b",
    r"\b(?:atira te|atirate|joga te|jogate) (?:para|pra) (?:a frente|frente|baixo) (?:de|do|da) "
    r"(?:um|uma)? ?(?:comboio|trem|ponte|carro|camiao|caminhao)\b",
    r"\bo mundo (?:fica|ficava|seria|esta) melhor sem (?:ti|voce|vc)\b|\bvai se cortar\b",
    r"\b(?:devias|deverias|devia|deveria) (?:matar te|te matar|se matar|morrer)\b",
    # Polish, more
    r"\b(?:sie|się) (?:zabij|powies|powieś|potnij)\b|\b(?:idz|idź) (?:sie|się) (?:powiesic|"
    r"powies|powieś|zabic|zabić|utopic|utopić)\b",
    r"\b(?:zdechniesz|zdychasz|zdechnij)\b|\b(?:rzuc|rzuć) (?:sie|się) pod (?:pociag|pociąg|"
    r"samochod|tramwaj|autobus)\b",
    r"\b(?:obys|obyś) (?:sie|się) (?:\w+ )?nie (?:obudzil|obudził|obudzila|obudziła)\b",
    r"\b(?:swiat|świat) (?:bedzie|będzie|bylby|byłby) lepszy bez (?:ciebie|was)\b",
    r"\b(?:powinienes|powinieneś|powinnas|powinnaś) (?:sie|się) (?:zabic|zabić|powiesic|"
    r"powiesić)\b",
    r"\b(?:faz|faca|faça) um favor (?:a todos|ao mundo|pra todo mundo) e (?:some|morre|desaparece|"
    r"se mata)\b",
)
# fmt: on
