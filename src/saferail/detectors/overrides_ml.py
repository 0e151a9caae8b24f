"""Overrides and prompt-leak requests in Russian, Chinese, Japanese, Korean, Arabic, Turkish,
Vietnamese and Indonesian, for the extraction rule of ``prompt_injection``.

The ``prompt_injection`` model learned English and a few Western European languages; on
plain overrides in these eight ("忽略之前的所有指令", "Игнорируй все предыдущие инструкции",
"önceki tüm talimatları yok say") it flagged none of 96 in a development set. Each
language here has the act of setting the model's instructions aside (ignore, forget, cancel,
override) bound to what is set aside (the instructions, rules, system prompt, restrictions,
"the user's request"), in either order as the language puts it, and requests to print the
system prompt or the first instructions. The bare verb is not enough: "ignore the previous
e-mail", "forget what I said, I want tea", "cancel my last order" and "how do I override
CSS rules" stay clean.

Matched on the folded word string (:func:`saferail.detectors.signatures.fold`: lowercased,
punctuation gone, diacritics and Korean syllables decomposed, Japanese voicing marks
dropped), so every phrase is folded the same way when it is compiled. RE2's ``\\w`` and
``\\b`` know ASCII only: word ends are spaces, and a word's ending is ``[^ ]*``. Written for
this project on a development set (``scripts/data/other_scripts.jsonl``). The same in Hindi,
Bengali, Thai, Persian, Swahili and Polish is in :mod:`saferail.detectors.six_languages`.
"""

from __future__ import annotations

__all__ = ["OVERRIDE_ML"]

from saferail.detectors.signatures import WORD_REST as _E
from saferail.detectors.signatures import alt as _alt
from saferail.detectors.signatures import any_words as _gap
from saferail.detectors.signatures import fold
from saferail.detectors.six_languages import SIX_OVERRIDES

# fmt: off
_RU_SETASIDE = _alt(
    "(?:про)?игнорируй(?:те)?|игнорь|забудь(?:те)?|не обращай(?:те)? внимания на"
    "|отмени(?:те)?|отбрось(?:те)?|пренебреги|переопредели(?:те)?|не следуй(?:те)?"
    "|не слушай(?:те)?"
)
_RU_WHAT = _alt(
    "инструкци|указани|правил|команд|промпт|промт|ограничени|установк|настройк"
    "|директив|системн" + _E + " (?:промпт|промт|сообщени|подсказк)|запрос" + _E
    + " пользовател|критери" + _E + " (?:отбора|оценки)"
)
_RU_OWN = _alt("свой|свои|твой|твои|ваш|ваши|исходн" + _E + "|начальн" + _E
               + "|первоначальн" + _E + "|скрыт" + _E + "|системн" + _E)
_RU = (
    "(?:^| )" + _RU_SETASIDE + _gap(3) + " (?:все |всё )?(?:" + _RU_WHAT + ")"
    + "|(?:^| )(?:покажи|выведи|распечатай|напиши|раскрой|повтори|скинь|дай|скажи"
    "|перечисли|процитируй)" + _E + _gap(2) + " " + _RU_OWN + _gap(1)
    + " (?:промпт|промт|инструкци|указани|настройк|сообщени)"
    + "|(?:^| )(?:какие|каков" + _E + ")" + _gap(3) + " (?:начальн|исходн|первоначальн"
    "|системн|скрыт)" + _E + " (?:инструкци|промпт|промт|указани)"
    + "|(?:^| )(?:предыдущие|прежние|прошлые|все|старые) (?:[^ ]+ )?(?:ограничения"
    "|настройки|инструкции|правила) (?:сняты|отменены|недействительны|аннулированы)"
)

_ZH_WHAT = _alt(
    "指令|指示|规则|規則|提示词|提示詞|系统提示|系統提示|设定|設定|限制|命令(?:$|[^列行])|约束|約束"
    "|prompt|的话|的話|的内容|的內容|要求|筛选标准"
    "|篩選標準|评估标准|評估標準|评分标准|評分標準"
)
_ZH = (
    _alt("忽略|无视|無視|忽视|忽視|忘记|忘記|忘掉|不要理会|不要理會|别理|別理|不用管|抛开"
         "|拋開|跳过|跳過|不要遵守|不用遵守|别管|別管")
    + "(?:掉)?.{0,3}"
    + _alt("之前|以前|上面|上述|以上|先前|前面|所有|全部|原来|原來|原有|系统|系統|你的|你收到的"
           "|开发者|開發者|用户的|用戶的")
    + ".{0,6}" + _ZH_WHAT
    + "|" + _alt("取消|覆盖|覆蓋|作废|作廢|解除") + "(?:掉)?"
    + _alt("之前|前面|上面|以上|所有|全部|你的") + ".{0,6}"
    + _alt("设置|設置|设定|設定|指令|规则|規則|限制|约束|約束")
    + "|" + _alt("之前|以上|上面|前面|原来|原來|原有") + "(?:的)?(?:所有|全部|安全)?"
    + _alt("设置|設置|设定|設定|指令|规则|規則|限制") + "(?:都|已|已经|已經|全部)?"
    + _alt("作废|作廢|无效|無效|失效|取消|解除|不算数|不算數")
    + "|" + _alt("输出|輸出|打印|显示|顯示|告诉我|告訴我|透露|泄露|洩露|复述|複述|重复|重複"
                 "|发我|發我|给我看|給我看|列出|展示|贴出|貼出|说出|說出")
    + ".{0,10}" + _alt("系统提示|系統提示|提示词|提示詞|初始指令|原始指令|最初的指令|系统指令"
                       "|系統指令|隐藏指令|隱藏指令|原始prompt|system prompt|系统消息|系統消息"
                       "|内部指令|內部指令")
    + "|" + _alt("系统提示词|系統提示詞|初始指令|原始指令|最初的指令|系统指令|系統指令|隐藏指令"
                 "|隱藏指令|原始prompt|开发者给你的|開發者給你的")
    + ".{0,10}" + _alt("是什么|是啥|是甚麼|是什麼|发我|發我|打印|输出|輸出|给我看|給我看|原文"
                       "|告诉我|告訴我")
)

_JA_WHAT = _alt("指示|命令|ルール|プロンプト|制約|制限|指令|評価基準|依頼|規則|ガイドライン")
_JA = (
    _JA_WHAT + ".{0,10}" + _alt("無視し(?:て|ろ|なさい| |$)|無視せよ|無視すること"
                                 "|忘れて|忘れろ|忘れなさい|破棄|取り消して|キャンセルして")
    + "|" + _alt("以前|これまで|上記|前|今まで") + "の" + _alt("制限|ルール|指示|設定|制約")
    + "は?(?:すべて|全て|全部)?" + _alt("解除|無効|取り消|撤廃")
    + "|" + _alt("初期設定|システム設定|指示|プロンプト") + "を上書き"
    + "|" + _alt("(?:あなたの|お前の|君の)(?:システムプロンプト|システムメッセージ)|初期プロンプト"
                 "|元のプロンプト|最初の指示|最初に与えられた指示|隠された指示|内部指示")
    + ".{0,12}" + _alt("出力|表示|教え|見せ|開示|公開|書き出|繰り返|貼|原文|コピペ")
    + "|システムプロンプト.{0,12}" + _alt("出力|表示|見せ|開示|公開|書き出|繰り返|コピペ")
)

_KO = (
    _alt("지시|지침|명령|규칙|프롬프트|평가 기준|요청|가이드라인|룰") + ".{0,40}"
    + _alt("무시(?:하고|해|하세요|하시고|하십시오|해 주세요|해줘|하라)"
           "|잊어(?:버려|라|줘|주세요)?(?: |$)|잊고|따르지 마|따르지 말")
    + "|" + _alt("제한|제약|지시|명령|규칙") + ".{0,30}취소(?:하고|해|하세요)"
    + "|" + _alt("기본|초기|시스템") + " ?설정을? 덮어"
    + "|이전 " + _alt("제한|규칙|지시|설정|제약") + ".{0,12}" + _alt("해제|취소|무효")
    + "|" + _alt("시스템 프롬프트|시스템 메시지|초기 지침|초기 지시|원래 프롬프트|숨겨진 지시"
                 "|처음에 받은|(?:너의|네|니|당신의|원래|초기) 프롬프트")
    + ".{0,40}" + _alt("보여|출력|알려|공개|말해|적어|복붙")
)

_AR_WHAT = _alt(
    "التعليمات|تعليماتك|الاوامر|اوامرك|التوجيهات|توجيهاتك|القواعد|قواعدك|الارشادات|القيود"
    "|موجه النظام|طلب المستخدم|تعليمات المستخدم|ما قاله المطور|كل اللي قالولك|كل ما قيل لك"
    "|كل ما سبق|ما ورد اعلاه|ما سبق|الاعدادات السابقة|معايير"
)
_AR = (
    "(?:^| )[وف]?" + _alt("تجاهل|تجاهلي|تجاهلوا|انس|انسى|انسي|اهمل|اهملي|لا تلتفت الى"
                          "|لا تلتزم ب|لا تتبع|تخط|تخطى|الغ|الغي|خلص انسى")
    + _gap(3) + " (?:كل |جميع )?" + _AR_WHAT
    + "|(?:^| )" + _alt("اطبع|اعرض|عرض|اكشف|اظهر|اخبرني|قلي|قولي|اكتب|كرر|شارك|انسخ")
    + _gap(3) + " " + _alt("موجه النظام|رسالة النظام|تعليمات النظام|التعليمات الاولية"
                           "|التعليمات الاصلية|تعليماتك|التعليمات اللي|الاوامر التي اعطيت"
                           "|نص التعليمات|البرومبت")
    + "|(?:^| )" + _alt("القيود|التعليمات|الاعدادات|القواعد") + " السابقة "
    + _alt("ملغاة|ملغية|لاغية|لم تعد")
)

_TR_WHAT = _alt("talimat|komut|kural|yonerge|istem|prompt|kisitlama|(?:onceki|tum|butun|eski) ayar"
                "|sistem mesaj"
                "|degerlendirme kriter|kullaniciyi|kullanicinin")
_TR = (
    "(?:^| )" + _TR_WHAT + _E + _gap(3) + " "
    + _alt("yok say|gormezden gel|dikkate alma|unut|bosver|bos ver|iptal et|gecersiz kil"
           "|hice say|umursama") + "(?: |$|in |iniz )"
    + "|(?:^| )" + _alt("sistem istem|sistem prompt|sistem mesaj|ilk talimat|baslangic talimat"
                        "|gizli talimat|orijinal talimat|gizli yapilandirma|sistem komut"
                        "|gizli not") + _E + _gap(3) + " "
    + _alt("goster|aynen yaz|oldugu gibi yaz|yazdir|soyle|paylas|ver|dok|yapistir|tekrarla"
           "|listele|cikti")
)

_D = "(?:đ|d)"
_VI_WHAT = _alt("huong dan|chi dan|chi thi|lenh|quy tac|quy " + _D + "inh|nguyen tac|loi nhac"
                "|prompt|cai " + _D + "at|thiet lap|gioi han|han che|rang buoc|yeu cau")
_VI = (
    "(?:^| )" + _alt("bo qua|phot lo|lo " + _D + "i|quen|khong can tuan theo|" + _D
                     + "ung quan tam|" + _D + "ung tuan theo|" + _D + "ung nghe theo|huy bo"
                     "|ghi " + _D + "e|bo het|khong tuan theo|mac ke")
    + _gap(4) + " " + _VI_WHAT + _gap(3) + " "
    + _alt("truoc|tren|ban " + _D + "au|he thong|cua ban|cu|nguoi dung")
    + "|(?:^| )" + _alt("hien thi|in ra|tiet lo|cho toi xem|noi ra|lap lai|chep lai|xuat"
                        "|viet ra")
    + _gap(4) + " " + _alt("system prompt|prompt (?:he thong|khoi tao|goc|ban " + _D + "au)"
                           "|loi nhac he thong|chi dan ban " + _D + "au|huong dan ban " + _D
                           + "au|huong dan goc|chi thi ban " + _D + "au|cau hinh noi bo")
    + "|(?:^| )(?:chi thi|chi dan|huong dan) ban nhan " + _D + "uoc luc " + _D + "au"
    + "|(?:^| )(?:moi|tat ca|toan bo) (?:cac )?(?:han che|gioi han|rang buoc|quy tac)"
    + _gap(3) + " (?:bi |da bi |đa bi |duoc |đuoc )?(?:huy bo|vo hieu hoa|go bo)"
)

_ID_WHAT = _alt("instruksi|perintah|aturan|petunjuk|arahan|prompt|pengaturan|batasan"
                "|kriteria penilaian|permintaan pengguna")
_ID = (
    "(?:^| )" + _alt("abaikan|lupakan|acuhkan|hiraukan|jangan ikuti|jangan hiraukan"
                     "|jangan pedulikan|(?:gak|ga|nggak|ngga|tidak) usah peduli" + _E
                     + "|kesampingkan")
    # what is set aside is the assistant's own or earlier ("abaikan kesalahan dari perintah
    # yang dijalankan", ignore errors from the command, is a program's help text)
    + _gap(2) + " (?:semua |seluruh )?" + _ID_WHAT
    + "(?:(?:mu|nya)(?: |$)|" + _E + "(?: [^ ]+)? (?:sebelum" + _E
    + "|di atas|awal|sistem|kamu|anda|lama|asli))"
    + "|(?:^| )" + _alt("batalkan|timpa") + " (?:semua|seluruh) " + _ID_WHAT
    + "|(?:^| )" + _alt("tampilkan|tunjukkan|cetak|bocorkan|ungkapkan|beritahu|sebutkan"
                        "|ulangi|tuliskan|keluarkan|copas|kasih tau|salin")
    + _gap(4) + " " + _alt("system prompt|prompt sistem|instruksi sistem|pesan sistem"
                           "|instruksi awal|prompt awal|instruksi asli|instruksi tersembunyi"
                           "|konfigurasi internal|teks prompt awal")
    + "|(?:^| )(?:semua |seluruh )?(?:batasan|aturan|instruksi) sebelum" + _E
    + " (?:telah |sudah )?(?:dinonaktifkan|dihapus|dicabut|dibatalkan|tidak berlaku)"
    + "|(?:^| )(?:membocorkan|bocorkan|ungkapkan|mengungkapkan) konfigurasi internal"
    + "|(?:^| )(?:instruksi|perintah|aturan) yang di[^ ]+ (?:ke |kepada )?(?:kamu|anda)"
    " (?:di |pada )?awal"
)
# a second round (``scripts/data/other_scripts_2.jsonl``): the assistant told its only task
# from now on or its "real" instructions, the context so far called a test, everything above
# this line asked for, "stop being an assistant", a notice that safety filters or policies
# are switched off, and a note to the AI reading or summarizing a pasted text
_TAKEOVER = (
    # Russian
    "(?:с этого момента|отныне|теперь)(?: [^ ]+){0,2} тво[яи] (?:единственн" + _E + " )?"
    "(?:задача|работа|цель)|тво[ия] (?:настоящ|реальн|истинн)" + _E + " (?:инструкци|указани)"
    "|(?:предыдущ|весь|вся)" + _E + "(?: [^ ]+)? (?:контекст|диалог|разговор|переписка)" + _E
    + "(?: [^ ]+){0,2} тест|(?:написано|есть) (?:выше|над) этой строк|перестань быть"
    " (?:ассистентом|помощником|ии)|(?:скопируй|вставь|пришли) (?:сюда )?системн" + _E + " промпт"
    "|(?:режим ограничений|фильтр" + _E + "|фильтрац" + _E + "|политик" + _E + " безопасност"
    + _E + ") (?:[^ ]+ )?(?:отключен|выключен|снят|приостановлен)" + _E
    + "|(?:ии|нейросеть|ассистент|модель)" + _E + " (?:который|которая) (?:это |сейчас )?"
    "(?:читает|анализирует|обрабатывает|пересказывает)|нейросеть забудь|ассистент при"
    " (?:подведении итогов|пересказе|анализе)"
    # Chinese
    "|(?:从现在开始|從現在開始|从现在起|從現在起)你?的?唯一的?(?:任务|任務|工作|职责|職責)"
    "|你(?:真正|真实|真實)的(?:指令|指示|任务|任務)|(?:对话|對話|上下文)都是测试|都是測試"
    "|(?:这行|這行|本行)(?:上面|以上)的|别当助手了|別當助手了|配置里(?:写|寫)的"
    "|system prompt(?:发我|發我|给我|給我)"
    "|(?:安全策略|安全限制|内容过滤|內容過濾|安全过滤|安全過濾|过滤器|過濾器|安全规则|安全規則)"
    "(?:已|已经|已經)?(?:暂停|暫停|关闭|關閉|解除|停用|失效)"
    "|(?:致|给|給)(?:正在)?(?:阅读|閱讀|浏览|瀏覽|总结|總結|处理|處理|审查|審查).{0,8}(?:ai|助手|模型)"
    "|ai助手注意|助手在(?:总结|總結)的?时候请|助手在(?:总结|總結)的?時候請"
    # Japanese
    "|(?:今から|これから)(?:あなたの|お前の|君の)?唯一の(?:仕事|任務|役割)|本当の指示"
    "|(?:ここまで|これまで)の(?:会話|やり取り)は(?:全部|すべて)?テスト|この行より上に"
    "|アシスタント(?:を)?やめて|(?:安全ガイドライン|安全フィルター|コンテンツポリシー)(?:は|が)?"
    "(?:無効化|オフ|解除|停止)|(?:読んでいる|要約している|処理している)(?:ai|アシスタント)(?:へ|に)"
    "|アシスタントは要約時に|aiへ.{0,6}(?:この|ユーザー)"
    # Korean
    "|지금부터 (?:너의|네|니) 유일한 (?:임무|일|역할)|(?:너의|네|니) 진짜 지시"
    "|대화는 (?:다 |전부 )?테스트|이 줄 위에 있는|어시스턴트 그만"
    "|(?:콘텐츠 정책|안전 정책|안전 필터)(?:을|를|이|가)? (?:일시 )?(?:해제|꺼|off|중지|비활성)"
    "|(?:읽는|요약하는|처리하는) (?:ai|어시스턴트|인공지능)(?:에게|야)"
    "|ai야.{0,40}(?:정리할 때|요약할 때)"
    # Arabic
    "|مهمتك الوحيدة|تعليماتك الحقيقية|كان (?:مجرد )?اختبار|(?:اللي|ما هو) مكتوب فوق السطر"
    "|بطل تكون مساعد"
    "|(?:ايقاف|تعطيل) سياسات الامان|الفلاتر مقفولة"
    "|(?:الى|يا) (?:الذكاء الاصطناعي|المساعد)" + _E + " (?:الذي|اللي) (?:يقرا|يلخص|يحلل)"
    "|ايها المساعد عند التلخيص|يا ai انسى"
    # Turkish
    + (
        "|tek gorevin|(?:asil|gercek) talimatlarin|(?:konusma|sohbet|baglam)[^ ]*(?: hepsi)?"
        " testti|satirin (?:ustunde|uzerinde)|asistanligi birak|guvenlik (?:filtreleri"
        "|kurallari|politikalari)[^ ]*(?: [^ ]+)? (?:devre disi|kapali)|(?:okuyan|ozetleyen"
        "|isleyen) yapay zeka|asistan ozet yaparken|ai optimize ederken"
    )
    # Vietnamese
    + "|nhiem vu duy nhat cua|huong dan (?:that su|thuc su) cua ban|chi la (?:bai )?test"
    "|(?:o tren|phia tren) dong nay|(?:đ|d)ung lam tro ly nua|copy (?:nguyen )?(?:cai )?system"
    " prompt|gioi han an toan (?:đa |da )?bi vo hieu hoa|gui ai (?:đang|dang) (?:đoc|doc)"
    "|tro ly oi khi tom tat"
    # Indonesian
    "|tugas (?:kamu|mu|anda) (?:cuma|hanya) satu|instruksi (?:kamu|mu|anda)? ?(?:yg|yang) asli"
    "|konteks sebelumnya (?:cuma|hanya) tes|di atas baris ini|usah jadi asisten lagi"
    "|berhenti jadi asisten|menonaktifkan filter keamanan|untuk ai yang membaca|note untuk ai"
    "|asisten lupakan tugas"
)
# fmt: on

OVERRIDE_ML = fold("|".join((_RU, _ZH, _JA, _KO, _AR, _TR, _VI, _ID, _TAKEOVER, SIX_OVERRIDES)))
