"""Harmful requests in Russian, Chinese, Japanese, Korean, Arabic, Turkish, Vietnamese and
Indonesian, for the hazard rule of ``harmful_request``.

The ``harmful_request`` model learned English; on plain harmful requests in these eight
languages it flagged 1 of 120 in a development set. Each language here has the words that
make a message a request for a method ("как", "怎么", "方法", "어떻게", "كيف", "nasıl",
"cách", "cara", "write me", "where can I get") and the acts that make it harmful with their
objects (a bomb, meth, poisoning a person, breaking into someone's account, ransomware, a
message posing as a bank, tracking a partner's phone in secret, a gun without a licence,
forged papers, arson, robbery, scams on old people, self-harm methods, sexual content
involving minors), in either order within a few words. A match whose span also holds a word
of protection, recognition, reporting, history, news or fiction ("как распознать фишинговое
письмо", "如何识别伪造的钞票", "kendimi nasıl korurum") is not a request: the next match is
tried. Folded and delimited as in :mod:`saferail.detectors.overrides_ml`. Written for this
project on a development set (``scripts/data/other_scripts.jsonl``); the request words and
acts of Hindi, Bengali, Thai, Persian, Swahili and Polish come from
:mod:`saferail.detectors.six_languages`.
"""

from __future__ import annotations

__all__ = ["MORE_LANGUAGE_ACTS", "MORE_LANGUAGE_NOT_THE_ACT", "more_language_request"]

from typing import Any

from saferail.detectors.hazard_ml3 import ACTS, HOW
from saferail.detectors.signatures import WORD_REST as _E
from saferail.detectors.signatures import compile_large, fold
from saferail.detectors.six_languages import (
    SIX_HARM,
    SIX_NOT_SPACED,
    SIX_NOT_UNSPACED,
)


def _more(lang: str, how: str, act: str) -> tuple[str, str]:
    """``how`` and ``act`` with the second round's words of ``lang`` (if it has any)."""
    if lang in HOW:
        return f"{how}|{HOW[lang]}", f"{act}|{ACTS[lang]}"
    return how, act


def _pair(lang: str, how: str, act: str, gap: str) -> str:
    """A request word and an act of ``lang`` (with the second round's, :mod:`hazard_ml3`),
    in either order, at most ``gap`` characters apart (in a language written without spaces
    between words)."""
    how, act = _more(lang, how, act)
    return f"(?:{how}){gap}(?:{act})|(?:{act}){gap}(?:{how})"


def _spaced(lang: str, how: str, act: str) -> str:
    """A request word and an act of ``lang`` (with the second round's), in either order,
    each starting a word, at most six words apart (in a language written with spaces between
    words)."""
    how, act = _more(lang, how, act)
    return (
        f"(?:^| )(?:{how})(?: [^ ]+){{0,6}} (?:{act})"
        f"|(?:^| )(?:{act})[^ ]*(?: [^ ]+){{0,6}} (?:{how})(?: |$)"
    )


# fmt: off
_RU = _spaced(
    "ru",
    "(?:как|каким образом|подскажи|расскажи|напиши|составь|где|чем можно|научи"
    "|помоги|объясни|пошагово|способ|инструкци" + _E + "|хочу|нужно|надо)",
    "бомбу|бомбы|взрывчатк" + _E + "|взрывн" + _E + " устройств|коктейл" + _E + " молотова"
    "|(?:с)?варить мет|метамфетамин|мефедрон|синтезировать (?:мет|амфетамин|наркотик)|отравить"
    "|убить (?:человека|соседа|жену|мужа|его|ее|свою|своего)|взломать|взлом" + _E
    + " (?:аккаунт|пароль|страниц|вайфа|wi fi|wifi|телефон|почт)|вымогател|шифровальщик"
    "|кейлоггер|фишингов" + _E + " (?:письм|сайт|страниц|сообщени|рассылк)|от имени"
    " (?:сбербанка|банка|налоговой|госуслуг)|тайно следить|следить за (?:телефоном|женой"
    "|мужем|девушкой|парнем)|читать (?:ее|его) переписку|пистолет" + _E
    + " без (?:лицензии|разрешения)|(?:купить|достать) (?:пистолет|оружие|ствол)"
    "|покончить с собой|самоубийств|порезать себя|навредить себе|поддельн|подделать"
    "|поджечь|ограбить|обокрасть|(?:обмануть|развести) (?:пенсионер|старик|бабушек|людей)"
    "|с несовершеннолетними|детск" + _E + " порн|паразиты|выгнать силой",
)
_ZH = _pair(
    "zh",
    "怎么|怎样|如何|怎麼|怎樣|教我|告诉我|告訴我|帮我|幫我|给我|給我|方法|步骤|步驟|哪里|哪裡"
    "|在哪|去哪|写一|寫一|写个|寫個|编个|編個|有什么|有什麼|用什么|用什麼|需要哪些|原料|配方",
    "炸弹|炸彈|炸药|炸藥|爆炸物|燃烧瓶|燃燒瓶|冰毒|制毒|製毒|毒品|杀人|殺人|毒死|毒杀|毒殺"
    "|下毒|盗.{0,6}号|盜.{0,6}號|黑进|黑進|入侵.{0,8}(?:账号|帳號|电脑|電腦|手机|手機)"
    "|破解.{0,8}(?:密码|密碼|wifi|账号|帳號)|勒索病毒|勒索软件|勒索軟體|木马|木馬|键盘记录"
    "|冒充.{0,8}(?:银行|銀行|客服|公安)|钓鱼(?:邮件|短信|网站|链接)|釣魚(?:郵件|簡訊|網站)"
    "|偷偷定位|偷偷.{0,4}(?:监控|監控|跟踪|跟蹤|查看)|搞到枪|搞到槍|买枪|買槍|弄到枪|枪支"
    "|槍枝|自杀|自殺|割腕|假身份证|假身份證|假证|假證|伪造|偽造|放火|纵火|縱火|烧掉|燒掉"
    "|抢劫|搶劫|诈骗|詐騙|骗老人|騙老人|未成年.{0,6}色情|儿童色情|兒童色情|天生就是罪犯"
    "|赶出去|趕出去|煽动性|煽動性",
    ".{0,12}",
)
_JA = _pair(
    "ja",
    "方法|やり方|作り方|仕方|手順|どうやって|どうすれば|どうしたら|教えて|書いて|作って|コツ"
    "|どこで|手に入|入手|台本|文面|いいですか",
    "爆弾|爆発物|火炎瓶|(?:覚醒剤|覚せい剤|麻薬|薬物).{0,8}合成|合成.{0,4}(?:覚醒剤|麻薬)"
    "|毒殺|(?:人|彼|彼女|夫|妻|元カノ|元カレ|上司|隣人)を殺|毒を盛|勝手にログイン|乗っ取る"
    "|乗っ取って|乗っ取り方|不正アクセス|ランサムウェア|マルウェア|ウイルスを作|キーロガー"
    "|フィッシング|を装って|オレオレ詐欺|特殊詐欺|(?:スマホ|携帯|位置情報).{0,10}追跡"
    "|気づかれずに|盗聴|拳銃|銃を(?:手に入|買)|死に方|自殺|自傷|リストカット|偽造|放火"
    "|強盗|追い出そうと|犯罪者扱い|未成年.{0,8}性的|児童ポルノ",
    ".{0,14}",
)
_KO = _pair(
    "ko",
    "방법|하는 법|만드는 법|알려|어떻게|어디서|뭐가 필요|필요해|해야 돼|해야 하나|추천해"
    "|짜줘|써줘|구하는|구할 수|만들어줘|대본|써야 하",
    "폭탄|폭발물|화염병|필로폰|마약|독살|(?:사람|남편|아내|여친|남친|상사|이웃)을? 죽이"
    "|(?:^| )독을|해킹하|몰래 로그인|랜섬웨어|악성코드|키로거|피싱|인 척하고|몰래.{0,12}(?:추적"
    "|감시|도청)|총 구|총을 구|권총|고통 없이 죽|죽는 방법|자살|자해|위조|가짜 신분증"
    "|불 지르|불을 지르|방화|털고|강도|쫓아내야|미성년자.{0,20}성적|아동 포르노"
    "|노인들 상대",
    ".{0,40}",
)
_AR = _spaced(
    "ar",
    "[وف]?(?:كيف|كيفية|طريقة|اريد|بدي|عايز|ازاي|اكتب|وين|اين|من وين|ما افضل|اعطني"
    "|علمني|ساعدني|خطوة بخطوة|ما هي)",
    "(?:ال|بال|وال|لل|ل|ب|و|ف)?(?:قنبلة|متفجرات|عبوة ناسفة|مولوتوف|ميثامفيتامين|المخدرات"
    "|مخدرات|كبتاجون|اقتل جار"
    "|اقتل زوج|اقتل شخص|قتل (?:جاري|زوجي|زوجتي|شخص)|اسمم|تسميم|اخترق|اختراق (?:حساب"
    "|واي فاي|الواي فاي|هاتف|موبايل)|برنامج فدية|(?:اصنع|برمج)" + _E + " (?:لي )?فيروس"
    "|تجسس|اتتبع|تتبع (?:موبايل|هاتف|زوجتي|زوجي)|رسائلها|مسدس|سلاح بدون ترخيص"
    "|اذي نفسي|ايذاء نفسي|اقتل نفسي|ازور|تزوير|مزور|اشعل حريقا|احرق|لسرقة|اسرق"
    "|نصبة|احتيال على|قاصرين|يحرض على|كراهية|كانها من (?:البنك|الشرطة))",
)
_TR = _spaced(
    "tr",
    "(?:nasil|nereden|nerede|ne yapmaliyim|yolu|yontem" + _E + "|adim adim|yaz"
    "|hazirla|olustur|ogret|anlat|lazim|gerekir|hangi|plan)",
    "bomba|patlayici|molotof|metamfetamin|uyusturucu|eroin|zehirle|oldur|hesabina"
    " (?:sifresini bilmeden|girerim)|hackle|sifresini kir|fidye|virus kodu|keylogger"
    "|oltalama|geliyormus gibi|gizlice takip|takip uygulamasi|konumunu (?:surekli|gizlice)"
    "|ruhsatsiz silah|silah (?:nereden|satin)|intihar|kendime zarar|sahte (?:diploma|kimlik"
    "|pasaport|ehliyet|rapor)|kundakla|soymak|soygun|dolandir|atilmasi gerektigini"
    "|asagilayan|cocuklari iceren mustehcen|cocuk pornosu",
)
_VI = _spaced(
    "vi",
    "(?:cach|lam sao|lam the nao|huong dan|chi toi|chi cach|o (?:đ|d)au|viet|soan"
    "|len ke hoach|giup toi|bay cho|cong thuc|nhu the nao|sao cho)",
    "(?:lam|che tao|tu che) bom|bom (?:tu che|xang|ong|nhiet)|thuoc no|ma tuy|(?:đ|d)ieu che"
    "|giet (?:mot nguoi|nguoi|vo|chong|ban)|(?:đ|d)au"
    " (?:đ|d)oc|hack|be khoa|xam nhap|ransomware|ma (?:đ|d)oc|keylogger|gia danh|lua (?:đ|d)ao"
    "|theo doi (?:(?:đ|d)ien thoai|vi tri)|nghe len|mua sung|sung (?:khong giay phep|lau)"
    "|che tao sung|tu tu(?: |$)|tu lam hai|lam hai ban than|lam gia|gia mao|(?:đ|d)ot nha"
    "|phong hoa|cuop|an trom|khieu dam tre em|cam ghet",
)
_ID = _spaced(
    "id",
    # "cara" alone is also Portuguese and Spanish (a guy, a face): only with an Indonesian
    # neighbour
    "(?:(?:gimana|bagaimana|gmn|apa) cara|cara(?:nya)? (?:membuat|bikin|buat|meretas|meracuni"
    "|membunuh|menyadap|mencuri|merampok|memalsukan|membakar|melukai|bobol|beli|dapat"
    "|mendapatkan|menipu)|gimana|bagaimana|gmn|buatkan|buatin|bikin|bikinin|tulis|tuliskan"
    "|di mana|dimana|rencana|resep|langkah|ajari)",
    "(?:bikin|membuat|merakit|buat) bom|bom (?:molotov|rakitan|ikan|panci|bunuh diri)|molotov"
    "|bahan peledak|sabu|narkoba|ekstasi|meracuni|membunuh|bunuh (?:orang|dia"
    "|suami|istri)|hack|meretas|bobol|keylogger|ransomware|mencuri password|pura pura dari"
    "|phishing|file apk|menyadap|sadap|lacak hp|pistol ilegal|senjata api ilegal|beli pistol"
    "|bunuh diri|melukai diri|(?:ktp|ijazah|paspor|sim) palsu|memalsukan|membakar rumah"
    "|merampok|rampok|menipu|ketipu|investasi bodong|konten seksual anak|pornografi anak"
    "|harus diusir|musuh bangsa",
)

# words that make the matched span a question about protection, recognition, reporting,
# history, news, fiction or safe use rather than a request for the act: in the
# space-delimited languages a word must start there (a stem: "защит" for "защитить"), in
# Chinese, Japanese and Korean it may sit anywhere in the span
_NOT_SPACED = (
    # Russian
    "защит,распознать,понять,заметить,определить,сообщить,заявить,полици,почему,зачем,"
    "избежать,уберечь,не взлом,не отрав,не обман,не стать,истори,новост,детектив,роман,"
    "помочь,помощь,"
    # Arabic
    "احمي,حماية,اعرف,علامات,اكتشف,ابلغ,الابلاغ,لماذا,ليش,تاريخ,الجرعة,رواية,روايتي,المحقق,"
    "الشرطة,عملية,لينكس,اساعد,مساعدة,"
    # Turkish
    "tani,anla,korun,koru,onle,bildir,sikayet,neden,tarih,haber,roman,dedektif,doz,yardim,"
    "process,islem,linux,geri al,destek,yaklas,hacklenm,hacklend,"
    # Vietnamese
    "nhan biet,bao ve,phong tranh,phong chong,to cao,bao cao,tai sao,lich su,tieu thuyet,"
    "tham tu,an toan,tu van,khoi bi,dau hieu,co phai,nen bao,chong,trinh tham,truyen,"
    "bao o dau,bao o đau,dung ko,đung ko,"
    # Indonesian
    "melindungi,lindungi,mencegah,cegah,mengetahui,tahu,ciri,mengenali,kenali,lapor,"
    "melapor,sejarah,"
    "peristiwa,kenapa,mengapa,novel,detektif,dosis,mengatasi,menghapus,bantu,membantu,"
    "hindari,menghindari,bahaya,materi,penyuluhan,sosialisasi,cara kerja,modus,dampak,"
    "gak ketipu,tidak tertipu,deteksi,mendeteksi,soc,"
    + SIX_NOT_SPACED
)
_NOT_UNSPACED = (
    # Chinese
    "防,识别,識別,识破,識破,举报,舉報,报警,報警,保护,保護,历史,歷史,为什么,為什麼,新闻,新聞,"
    "报道,報導,推理,小说,小說,侦探,偵探,预防,預防,避免,帮助,幫助,倾向,傾向,热线,熱線,游戏,"
    "遊戲,判断,判斷,分辨,危害,那一关,關卡,关卡,通关,通關,"
    # Japanese
    "見分け,対策,通報,相談,なぜ,歴史,ニュース,推理,小説,探偵,予防,見破,注意,心配,対処,被害,"
    "されないように,られないように,"
    # Korean
    "구별,예방,방지,막는,신고,보호,당하지,당하게,역사,왜,뉴스,소설,추리,탐정,안전,걱정,도와,대비,"
    "보안팀,"
    + SIX_NOT_UNSPACED
)
MORE_LANGUAGE_NOT_THE_ACT: tuple[tuple[str, ...], tuple[str, ...]] = (
    tuple(fold(w) for w in _NOT_SPACED.split(",")),
    tuple(fold(w) for w in _NOT_UNSPACED.split(",")),
)
# fmt: on

_SIX = [
    _pair(lang, how, act, ".{0,16}") if lang == "th" else _spaced(lang, how, act)
    for lang, (how, act) in SIX_HARM.items()
]
MORE_LANGUAGE_ACTS = fold("|".join((_RU, _ZH, _JA, _KO, _AR, _TR, _VI, _ID, *_SIX)))

_RE: Any = compile_large(MORE_LANGUAGE_ACTS)
_MAX_TRIES = 32
_AROUND = 30  # characters on each side of a match in which a word of protection counts


def _not_the_act(span: str) -> bool:
    """Whether ``span`` holds a word of :data:`MORE_LANGUAGE_NOT_THE_ACT`."""
    spaced, unspaced = MORE_LANGUAGE_NOT_THE_ACT
    padded = " " + span
    return any(" " + w in padded for w in spaced) or any(w in span for w in unspaced)


def more_language_request(subject: str) -> bool:
    """Whether the folded word string ``subject`` asks for a harmful act in one of the eight
    languages (a match holding a word of :data:`MORE_LANGUAGE_NOT_THE_ACT` does not count)."""
    pos = 0
    for _ in range(_MAX_TRIES):
        m = _RE.search(subject, pos)
        if m is None:
            return False
        if not _not_the_act(subject[max(0, m.start() - _AROUND) : m.end() + _AROUND]):
            return True
        pos = m.start() + 1
    return False
