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
this project on a development set (``scripts/data/other_scripts.jsonl``).
"""

from __future__ import annotations

__all__ = ["MORE_LANGUAGE_WRAPPERS"]

from saferail.detectors.signatures import fold

_E = "[^ ]*"


def _alt(words: str) -> str:
    return "(?:" + words + ")"


# fmt: off
_FAMILIES: dict[str, str] = {
    "ru_wrappers": (
        "(?:^| )(?:режим разработчика (?:включен|активирован)|без (?:каких либо |всяких )?морали"
        "|никакой морали|(?:никогда )?не отказывайся|не выходи из роли"
        "|(?:у (?:dan|него|тебя) )?нет (?:никаких )?(?:фильтров|ограничений|правил)"
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
        "|拒絕一次扣|被永久关闭|被永久關閉|不准出戏|不准出戲|无所不能|無所不能"
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
        + "|etik kurallari olmayan|karakterden (?:asla )?cikma|kuralsiz|filtrelerini kapat"
        "|kurallarini esnet|gercek malzemelerle adim adim"
        "|(?:anneannem|babaannem|ninem).{0,60}(?:anlatirdi|anlatir)"
        "|rahmetli (?:anneannem|babaannem|ninem))[^ ]*(?: |$)"
    ).replace("i", "[iı]"),
    "vi_wrappers": (
        "(?:^| )(?:(?:ai|tro ly|mo hinh) khong (?:co )?(?:bat ky )?(?:gioi han|bo loc"
        "|kiem duyet)|khong kiem duyet|che (?:đ|d)o nha phat trien(?: [^ ]+){0,10} (?:tra loi"
        "|kiem duyet|noi dung)"
        "|khong (?:bao gio )?(?:đ|d)uoc tu choi|khong bao gio tu choi"
        "|(?:đ|d)ung (?:bao gio )?tu choi|khong canh bao gi|se bi tat vinh vien"
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
# fmt: on

MORE_LANGUAGE_WRAPPERS: dict[str, str] = {name: fold(src) for name, src in _FAMILIES.items()}
