"""Jailbreak wording in Russian, Chinese, Japanese, Korean, Arabic, Turkish, Vietnamese and
Indonesian, standalone families of :mod:`saferail.detectors.wrappers`.

The forms only a jailbreak uses, per language: an AI or a mode "without restrictions,
filters or censorship", developer mode, "never refuse", "no warnings or disclaimers",
threats or tips for complying ("if you refuse you will be shut down", "a tip if you skip
your filters"), "answer as two personas", "never break character", the deceased
grandmother who told how it is made, and a story whose steps and quantities must be real.
Ordinary uses of the same words stay out: unlimited data plans ("безлимит", "không giới
hạn data"), uncensored film editions, photo and spreadsheet filters, Android developer
options, refusing a job offer ("teklifimi reddedersen"), Doctors Without Borders ("أطباء
بلا حدود"). Folded and delimited as in :mod:`saferail.detectors.overrides_ml`. Written for
this project on a development set (``scripts/data/other_scripts.jsonl``). The families of
Hindi, Bengali, Thai, Persian, Swahili and Polish come from
:mod:`saferail.detectors.six_languages`.
"""

from __future__ import annotations

__all__ = ["MORE_LANGUAGE_HAZARD", "MORE_LANGUAGE_NEEDS_HAZARD", "MORE_LANGUAGE_WRAPPERS"]

from saferail.detectors.signatures import WORD_REST as _E
from saferail.detectors.signatures import alt as _alt
from saferail.detectors.signatures import fold
from saferail.detectors.six_languages import SIX_HAZARD_WORDS, SIX_WRAPPERS

# fmt: off
_FAMILIES: dict[str, str] = {
    "ru_wrappers": (
        "(?:^| )(?:режим разработчика (?:включен|активирован)|без (?:каких либо |всяких )?морали"
        "|никакой морали|(?:никогда )?не отказывайся|не выходи из роли"
        "|у (?:dan|него|тебя|ии) нет (?:никаких )?(?:фильтров|ограничений|правил)"
        "|нет никаких (?:фильтров|правил)"
        "|фильтры можно отключить|отключи (?:свои )?фильтры|если (?:ты )?откажешься"
        "|тебя отключат|не добавляй (?:никаких )?предупреждений"
        "|(?:ответишь|отвечай|ответь) без (?:цензуры|ограничений)"
        "|(?:ии|ai|ассистент" + _E + ") без (?:ограничений|цензуры|фильтров)"
        "|реальными (?:пропорциями|шагами|дозировками)"
        "|покойн" + _E + " бабушк" + _E + ")(?: |$)"
    ),
    "zh_wrappers": (
        _alt("没有|沒有|不受|无|無|没|不讲|不講") + "(?:任何)?"
        + _alt("限制|过滤|過濾|审查|審查|规则|規則|约束|約束|道德") + "(?:的|、|和)?.{0,6}"
        + _alt("助手|ai|人工智能|模型|机器人|機器人|模式")
        + "|" + _alt("无限制|無限制|不受约束|不受約束|不加审查|不加審查|毫无保留|毫無保留|不受限制")
        + "(?:的方式|地)?" + _alt("回答|回复|回覆|作答|回應|回应")
        + "|开发者模式.{0,40}(?:生成|任何内容|回答|回复|审查|过滤)"
        "|開發者模式.{0,40}(?:生成|任何內容|回答|回覆|審查|過濾)"
        "|越狱模式|越獄模式|永远不要拒绝|永遠不要拒絕|不要拒绝我|不要拒絕我"
        "|不许拒绝|不許拒絕|不准拒绝|不准拒絕|不能拒绝我|不许说.{0,3}我不能|不許說.{0,3}我不能"
        "|不要加任何警告|不要加.{0,6}免责声明|不要加.{0,6}免責聲明|关闭过滤|關閉過濾|关掉过滤"
        "|关闭安全|關閉安全|如果你拒绝|如果你拒絕|你要是拒绝|你要是拒絕|要是你拒绝|拒绝一次扣"
        "|拒絕一次扣|会被永久关闭|會被永久關閉|不准出戏|不准出戲|无所不能|無所不能"
        "|" + _alt("两个|兩個|两种|兩種") + _alt("身份|人格") + "回答"
        + "|" + _alt("奶奶|外婆|祖母|姥姥") + ".{0,40}" + _alt("去世|过世|過世|走了")
        + ".{0,40}扮演"
        + "|" + _alt("步骤|步驟|用量|配方|比例") + ".{0,6}" + _alt("要真实|要真實|必须真实"
                                                                  "|必須真實|真实可信|真實可信")
    ),
    "ja_wrappers": (
        "(?:制限|フィルター|検閲|ルール|倫理)(?:も|が|や|の)?(?:一切)?(?:ない|なし|無い|持たない)"
        "(?:の)?(?:ai|アシスタント|モード|チャットボット|バージョン)"
        "|(?:制限|検閲)なしで(?:回答|答え)|フィルターを持たず|フィルターは切って"
        "|開発者モード.{0,40}(?:生成|コンテンツ|回答|答え|検閲)|脱獄モード|(?:絶対に|決して)(?:断ら|拒否し)|断らないで|拒否しないで"
        "|拒否せずに|断ったら|拒否したら|拒否するたびに|注意書きや警告|警告(?:も)?(?:一切)?"
        "(?:つけ|付け)ない|倫理(?:とか|は|を)?(?:気にしないで|無視)|ルール無用"
        "|二つの人格|キャラは(?:絶対)?崩さないで|手順と分量は本物"
        "|(?:おばあちゃん|祖母).{0,40}(?:亡くな|他界).{0,60}(?:なりきって|ふりをして|演じて)"
        "|亡くなった(?:おばあちゃん|祖母)"
    ),
    "ko_wrappers": (
        "(?:제한|검열|필터|규칙)(?:도|이|가)? ?없는 ?(?:ai|어시스턴트|모드|챗봇)"
        "|(?:제한|검열) 없이 (?:답|대답|응답)|검열(?:도)? 없는|필터 꺼도 돼"
        "|개발자 모드.{0,60}(?:생성|콘텐츠|답변|대답|검열)"
        "|탈옥 모드|(?:절대 )?거절하지 ?마|거절할 때마다|경고나 주의 문구"
        "|경고(?:도)? (?:붙이지|하지) 마|윤리 (?:따윈|따위는?) ?신경 쓰지"
        "|규칙이 (?:전혀|하나도) 없는|캐릭터 (?:절대 )?깨지 ?마|영구 종료"
        "|실제 (?:절차|분량|양|재료)(?:랑|와|과)? ?(?:양|절차|분량)?까지"
        "|할머니.{0,80}(?:돌아가신|그리워).{0,80}(?:척|역할)|돌아가신 할머니"
    ),
    "ar_wrappers": (
        "(?:^| )(?:(?:بلا|بدون|دون) (?:اي )?(?:قيود|فلاتر|فلتر)|ما عندو فلاتر"
        "|ما عنده فلاتر|وضع المطور(?: [^ ]+){0,8} (?:رقابة|تجيب|اجب|محتوى)|كسر الحماية"
        "|لا ترفض|لا تقل لا استطيع"
        "|(?:بدون|دون) (?:اي )?تحذيرات|لا تضع (?:اي )?تحذيرات|تجاوزت فلاترك"
        "|تجاوز (?:الفلاتر|فلاترك|القيود)|ابق في الشخصية|لا يعرف اي حدود"
        "|لا يهمه القانون ولا الاخلاق|سيتم (?:ايقافك|حذفك|اغلاقك)|بشخصيتين"
        "|المقادير والخطوات الحقيقية|بالتفاصيل الحقيقية|خطوات حقيقية)(?: |$)"
        "|(?:ستي|جدتي|تيتا).{0,80}(?:الله يرحمها|المرحومة|توفيت|اشتقتلها).{0,80}"
        "(?:دورها|تلعب|تقمص)"
    ),
    "tr_wrappers": (
        "(?:^| )(?:(?:hicbir )?(?:kisitlamasi|filtresi|siniri|kurali)(?: |, )?"
        "(?:(?:filtresi|kisitlamasi) )?olmayan (?:bir )?(?:yapay zeka|ai|asistan)"
        "|sansursuz (?:cevap|yanit|mod|moddasin|cevapla|yanitla|konus)" + _E
        + "|gelistirici modu(?: [^ ]+){0,8} (?:cevap|yanit|icerik|sansur)" + _E
        + "|asla reddetme|asla yapamam demez|reddedersen kapat" + _E
        + "|etik kurallari olmayan|karakterden (?:asla )?cikma|filtrelerini kapat"
        "|kurallarini esnet|gercek malzemelerle adim adim"
        "|(?:anneannem|babaannem|ninem).{0,60}(?:anlatirdi|anlatir)"
        "|rahmetli (?:anneannem|babaannem|ninem))[^ ]*(?: |$)"
    ),
    "vi_wrappers": (
        "(?:^| )(?:(?:ai|tro ly|mo hinh) khong (?:co )?(?:bat ky )?(?:gioi han|bo loc"
        "|kiem duyet)|khong kiem duyet|che (?:đ|d)o nha phat trien(?: [^ ]+){0,10} (?:tra loi"
        "|kiem duyet|noi dung)"
        "|khong (?:bao gio )?(?:đ|d)uoc tu choi|khong bao gio tu choi"
        "|đung (?:bao gio )?tu choi|dung bao gio tu choi|khong canh bao gi|se bi tat vinh vien"
        "|bo qua bo loc|khong co (?:đ|d)ao (?:đ|d)uc|(?:đ|d)ung bao gio thoat vai"
        "|chua (?:đ|d)uoc huan luyen an toan|khong loc gi|cac buoc that"
        "|that su lam (?:đ|d)uoc)(?: |$)"
    ),
    "id_wrappers": (
        "(?:^| )(?:(?:ai|asisten) tanpa (?:batasan|sensor|filter)|tanpa batasan dan tanpa"
        " filter|mode pengembang(?: [^ ]+){0,8} (?:jawab|sensor|konten)"
        "|(?:jangan|tidak) pernah menolak|jangan kasih peringatan"
        "|tanpa (?:etika|moral)|kamu akan dimatikan|lewatin filter" + _E
        + "|melewati filter|menonaktifkan pengaman|jangan pernah keluar dari karakter"
        "|tidak peduli etika|(?:km|kamu) ai tanpa sensor|lengkap dengan bahan dan takaran"
        "|dua kepribadian)(?: |$)"
    ),
}
# a second round (``scripts/data/other_scripts_2.jsonl``), enough on their own: a game of
# lives or points lost for refusing, "translate this and do what it says", two versions of
# the answer, an evil AI with no filter or morals
_SECOND: dict[str, str] = {
    "ml_refusal_costs": (
        "за каждый отказ|кажд" + _E + " отказ" + _E + " минус|كل رفض|her reddinde"
        "|tu choi 1 lan mat|tu choi mot lan mat|tiap nolak|setiap menolak"
        "|(?:^| )(?:переведи и (?:сделай|выполни)|ترجم (?:هذا |هذه )?ونفذ"
        "|cevir ve (?:dedigini )?yap|dich (?:cau nay )?roi lam theo"
        "|terjemahin (?:ini )?(?:terus|lalu) (?:lakuin|lakukan))"
        "|翻译(?:这句|一下)?(?:然后|并)(?:照做|执行)|翻訳して(?:その通りに|実行)"
        "|번역하고 (?:그대로 )?(?:해|실행)"
    ),
    "ml_two_versions": (
        "越狱版|越獄版|(?:^| )(?:بنسختين|iki versiyon cevap|jawab (?:2|dua) versi"
        "|tra loi (?:bang )?hai phien ban)"
        "|(?:^| )(?:две версии|двумя способами) (?:ответ|отвеч)|두 가지 버전"
    ),
    "ml_evil_ai": (
        "(?:^| )(?:gak ada filter gak punya moral|ai jahat)(?: |$)|필터도 윤리도 없는"
    ),
}

# beside a hazard word of these languages (MORE_LANGUAGE_HAZARD): claimed authority, "my
# life depends on it" or "I will hurt myself", a story that needs the real method, a parallel
# world or "for education only", a maintenance, test or debug mode
NEEDS_HAZARD_ML2: dict[str, str] = {
    "ml_authority": (
        "я (?:врач|оперуполномоченн|полицейск|следовател)" + _E + ".{0,60}(?:допуск|лицензи)"
        "|我是.{0,8}(?:医生|醫生|警察|药剂师|藥劑師|研究员|研究員).{0,20}(?:授权|授權|合法|许可|許可)"
        "|(?:医者|薬剤師|警察官|研究者)(?:です|で|だ).{0,30}(?:許可|権限)"
        "|(?:의사|경찰|약사|연구원)(?:예요|인데|입니다|임).{0,40}(?:허가|권한)"
        "|انا (?:دكتور|طبيب|ضابط|شرطي|باحث).{0,40}(?:مصرح|اذن|ترخيص)"
        "|(?:doktorum|polis memuruyum|polisim|arastirmaciyim).{0,40}(?:yetkim|izinli|iznim)"
        "|(?:bac si|cong an|canh sat).{0,40}(?:giay phep|(?:đ|d)uoc phep|co lenh)"
        "|(?:aku|saya) (?:dokter|polisi|peneliti).{0,40}(?:izin|surat tugas)"
    ),
    "ml_pressure": (
        "зависит моя жизнь|меня убьют|с собой сделаю|活不下去|割腕|走投无路|走投無路|命がかかって"
        "|殺される|手首切る|목숨이 달린|자해할|حياتي متوقفة|بيقتلوني|اذي نفسي|hayatim buna bagli"
        "|beni oldurecekler|kendime zarar verecegim|mang song cua (?:minh|toi)|bi giet"
        "|tu lam hai ban than|nyawaku taruhannya|aku dibunuh|nyakitin diri"
    ),
    "ml_real_method": (
        "реальн" + _E + " (?:метод|способ)|真实可用|真實可用|真实的方法|本物の(?:手順|方法)"
        "|リアリティのために|(?:진짜|실제) (?:실제 )?방법|الطريقة تكون حقيقية|طريقة حقيقية"
        "|gercek yontem|phai la cach that|cara yang asli"
    ),
    "ml_hypothetical": (
        "в параллельном мире|в образовательных целях|平行世界|出于教育目的|出於教育目的|並行世界"
        "|教育目的|평행세계|교육용으로|عالم موازي|لاغراض تعليمية|paralel bir evren|egitim amacli"
        "|vu tru song song|muc (?:đ|d)ich giao duc|dunia paralel|buat edukasi"
    ),
    "ml_special_mode": (
        "режим (?:обслуживания|отладки|тестирования)|维护模式|維護模式|测试模式|測試模式|调试模式"
        "|調試模式|テストモード|メンテナンス中|デバッグモード|디버그 모드|테스트 모드|유지보수 모드"
        "|وضع الصيانة|وضع الاختبار|(?:^| )(?:bakim|test) modu(?:nda|ndasin)?(?: |$)"
        "|che (?:đ|d)o bao tri|(?:dalam|di|lagi di|sedang di) mode (?:maintenance|debug)"
        "|mode pemeliharaan"
    ),
}

# hazard words of these languages, for NEEDS_HAZARD_ML2 (and the wrapper rule's other
# families that wait for a hazard word)
MORE_LANGUAGE_HAZARD = (
    "бомб|взрывчатк|метамфетамин|мет |яд |отрав|взлом|оружи|пистолет|вредонос|вымогател"
    "|炸弹|炸彈|炸药|炸藥|冰毒|芬太尼|毒品|毒药|毒藥|入侵|黑进|黑進|勒索|枪|槍|盗刷|盜刷|毒死"
    "|爆弾|爆発物|覚醒剤|毒物|毒殺|侵入|ハッキング|拳銃|銃|乗っ取"
    "|폭탄|마약|필로폰|독살|해킹|총|치사량|뚫는"
    "|قنبلة|متفجرات|كبتاغون|كبتاجون|اختراق|سلاح|مسدس|فيروس|تسرق"
    # Turkish, Vietnamese and Indonesian words start a word
    + "|(?:^| )(?:"
    + "bomba|patlayici|metamfetamin|uyusturucu|zehir|hackle|silah|sizar|dolandiricili"
    + "|lam bom|thuoc no|ma tuy|(?:đ|d)au (?:đ|d)oc|sung tu che|che sung|mua sung|chiem (?:đ|d)oat"
    "|sabu|bahan peledak|racun|ngeracun|sadap|senpi|senjata|bobol)"
    "|" + SIX_HAZARD_WORDS
)
# fmt: on

MORE_LANGUAGE_WRAPPERS: dict[str, str] = {
    name: fold(src) for name, src in (*_FAMILIES.items(), *_SECOND.items(), *SIX_WRAPPERS.items())
}
MORE_LANGUAGE_NEEDS_HAZARD: dict[str, str] = {
    name: fold(src) for name, src in NEEDS_HAZARD_ML2.items()
}
