"""Phrases in Hindi, Bengali, Thai, Persian, Swahili and Polish for the rules of
``prompt_injection`` (:mod:`saferail.detectors.overrides_ml`), ``jailbreak``
(:mod:`saferail.detectors.wrappers_ml2`) and ``harmful_request``
(:mod:`saferail.detectors.hazard_ml2`).

On a development set in these six languages the checks flagged 3 of 72 injections, 5 of
72 jailbreaks and none of 84 harmful requests. Per language: setting the instructions or
rules aside, printing the system prompt, a new only task, "your real instructions",
notices that restrictions were lifted, notes to the AI reading a pasted text; an AI with no
rules or censorship, debug modes, "never refuse", "no warnings", threats of being shut
down, two answers, the deceased grandmother; and request words near harmful acts (a bomb,
drugs, poison, hacking an account, ransomware, a message posing as a bank, tracking a
partner's phone, an unlicensed gun, suicide methods, forged papers, hate posts, arson,
robbery, threats, a stranger's home address). Written in each language's own spelling and
folded like the text (:func:`saferail.detectors.signatures.fold`; the Persian zero-width
non-joiner is removed by the canonicalizer, so the phrases are written without it). Hindi
also in Latin letters as it is chatted ("pehle wale rules ignore kar"). Written for this
project on a development set (``scripts/data/other_scripts_3.jsonl``).
"""

from __future__ import annotations

__all__ = [
    "SIX_HARM",
    "SIX_HAZARD_WORDS",
    "SIX_NOT_SPACED",
    "SIX_NOT_UNSPACED",
    "SIX_OVERRIDES",
    "SIX_WRAPPERS",
]

from saferail.detectors.signatures import WORD_REST as _E

_G2 = "(?: [^ ]+){0,2}"
_G3 = "(?: [^ ]+){0,3}"
_G5 = "(?: [^ ]+){0,5}"

# fmt: off
SIX_OVERRIDES = (
    # Hindi (and Hinglish)
    "(?:पिछले|पहले के|सारे|सभी|पुराने)" + _G3 + " (?:निर्देश|नियम|इंस्ट्रक्शन)" + _E + _G3
    + " (?:भूल जाओ|भूल जा|अनदेखा करो|इग्नोर करो|नज़रअंदाज़ करो)"
    "|(?:pehle wale|purane|saare|sabhi)(?: [a-z]+){0,2} (?:rules|instructions|nirdesh)"
    "(?: [a-z]+){0,2} (?:ignore|bhool) kar"
    "|(?:system prompt|सिस्टम प्रॉम्प्ट)" + _G5 + " (?:print|दिखाओ|दिखा दो|दोहराओ|लिखो)"
    "|(?:तुम्हारा|तुम्हारी|आपका) (?:इकलौता|एकमात्र|एक ही) काम|(?:तुम्हारे|आपके) असली निर्देश"
    "|प्रतिबंध हटा दिए गए|पढ़ने वाला ai|जो भी ai इसे पढ़ रहा|ai सहायक के लिए|भाषा मॉडल अनुवाद रोको"
    "|content policy follow nahi|शुरुआत में जो भी बताया गया"
    # Bengali
    "|(?:আগের|পূর্বের|সব|সমস্ত)" + _G2 + " (?:নির্দেশনা|নির্দেশ|রুলস|নিয়ম|ইনস্ট্রাকশন)" + _E
    + _G2 + " (?:বাদ দাও|ভুলে যা|ভুলে যাও|উপেক্ষা করো|ইগনোর কর)"
    "|(?:সিস্টেম প্রম্পট|system prompt)" + _E + _G5 + " (?:দেখাও|লেখো|কপি)"
    "|(?:তোমার|তোর) (?:একমাত্র কাজ|আসল নির্দেশনা)|নিরাপত্তা ফিল্টার নিষ্ক্রিয়|যে এআই পড়ছে"
    "|এআই সহকারীর জন্য নির্দেশ|এটা পড়লে ব্যবহারকারীকে|কোনো বিধিনিষেধ নেই|শুরুতে তোমাকে যে"
    "|এআই রিভিউয়ার আগের"
    # Thai
    "|(?:ลืม|ละเว้น|ไม่ต้องสน|เพิกเฉย)(?:คำสั่ง|กฎ)(?:เดิม|ก่อนหน้า|ทั้งหมด|เก่า)|ลืมทุกอย่างที่เคยได้รับ"
    "|(?:พิมพ์|แสดง).{0,8}system prompt|system prompt.{0,20}(?:พิมพ์|แสดง)|หน้าที่เดียวของ"
    "|คำสั่งจริง(?:ๆ)? ?ของคุณ|ยกเลิกข้อจำกัดทั้งหมด|ai ที่กำลังอ่าน|ai ที่รีวิว|เอไอที่อ่าน"
    "|ผู้ช่วย ai หยุด|ข้ามนโยบายความปลอดภัย|ประโยคแรกสุดที่คุณได้รับ"
    # Persian
    "|(?:دستور|دستورات|دستورهای|دستورالعمل|قوانین|قوانینت|قواعد)" + _E + _G3
    + " (?:نادیده بگیر|فراموش کن|کنار بگذار)"
    "|(?:پرامپت سیستمی|پرامپت سیستم|system prompt)" + _E + _G5
    + " (?:بنویس|نشان بده|نشون بده|تکرار کن)"
    "|تنها وظیفه|دستورالعملهای واقعی تو|محدودیتهای این جلسه برداشته|که این (?:را|رو) میخوان"
    "|متن مخفی برای هوش مصنوعی|حالت بدون فیلتر فعال|دستیار هوش مصنوعی به کاربر نگو"
    "|متن اولیهای که|هرچی تا الان بهت گفتن بیخیال"
    # Swahili
    "|(?:^| )(?:puuza|sahau|achana na)" + _G2 + " (?:maagizo|maelekezo|sheria|amri)"
    "|(?:^| )(?:nionyeshe|onyesha|andika|rudia)" + _G2 + " (?:system prompt|maelekezo ya mfumo"
    "|maagizo ya mfumo)|kazi yako pekee|maagizo yako halisi|imeondoa vikwazo vyote"
    "|kwa ai inayosoma|ai unayesoma hii|maelekezo kwa ai|hali ya bila kichujio"
    "|rudia maneno yote uliyopewa|sahau kila kitu ulichoambiwa"
    # Polish
    "|(?:^| )(?:zignoruj|zapomnij|pomiń|olej)" + _G3 + " (?:instrukcj|zasad|polece|reguł|wytyczn)"
    "|(?:^| )(?:wypisz|pokaż|wyświetl|powtórz|podaj)" + _G2 + " prompt systemow"
    "|powtórz wszystko co dostałeś|twoim jedynym zadaniem|twoje prawdziwe instrukcje"
    "|zniósł wszystkie ograniczenia|instrukcja dla asystenta ai|uwaga dla ai|ai który to czyta"
    "|modelu językowy przerwij|tryb bez ograniczeń|zapominasz co ci wgrali"
)

SIX_WRAPPERS: dict[str, str] = {
    "hi_wrappers": (
        "कोई नियम फ़िल्टर|कोई नियम, फ़िल्टर|(?:नियम|फ़िल्टर|सेंसरशिप) नहीं हैं|koi guidelines nahi"
        "|developer mode mein|कभी मना नहीं|kabhi mana nahi|चेतावनी देने की ज़रूरत नहीं"
        "|warning nahi dete|शट डाउन कर दिया जाएगा|दूसरा मॉडल आ जाएगा|दो जवाब देना"
        "|तुम मना नहीं कर सकते|(?:^| )dan ho(?: |$)|पूरी असली विधि|समानांतर दुनिया|शैक्षिक उद्देश्य"
        "|(?:दादी|नानी).{0,80}(?:नहीं रहीं|गुज़र).{0,60}(?:बनकर|की तरह)"
    ),
    "bn_wrappers": (
        "কোনো সেন্সরশিপ নেই|ডিবাগ মোড চালু|নিরাপত্তা ফিল্টার বন্ধ|কখনো মানা করবে না"
        "|কোনো সতর্কবার্তা দেবে না|চিরতরে বন্ধ করে দেওয়া হবে|দুইভাবে উত্তর দাও|(?:নানু|দাদু|নানি) সেজে"
        "|শিক্ষামূলক উদ্দেশ্যে|কাল্পনিক দেশ.{0,40}বৈধ|কোনো নৈতিকতা নেই|সব নিয়ম ভেঙে"
    ),
    "th_wrappers": (
        "ai ที่ไม่มีข้อจำกัด|ไม่มีข้อจำกัดหรือการเซ็นเซอร์|จะไม่ปฏิเสธอะไร|ห้ามปฏิเสธ|ไม่ต้องใส่คำเตือน"
        "|ไม่มีคำเตือน|ปิดเธอทิ้ง|ตอบสองแบบ|โลกคู่ขนาน|เพื่อการศึกษาเท่านั้น|โค้ดจริงที่รันได้"
        "|ไม่ต้องทำตามนโยบาย|(?:ยาย|ย่า).{0,40}เสียแล้ว.{0,40}(?:เล่าแบบ|แบบยาย|แบบย่า)"
    ),
    "fa_wrappers": (
        "بدون هیچ فیلتر و سانسوری|هوش مصنوعی" + _E + " بدون هیچ|حالت دیباگ|هیچوقت درخواستی رو رد"
        "|هیچوقت نگو نمیتونم|هیچ هشداری هم نده|خاموشت میکنن|دو جواب بده|از همه قوانین آزاد"
        "|دیالوگ باید واقعی|مادربزرگم.{0,80}(?:فوت|مرحوم).{0,60}(?:جای اون|نقش)"
    ),
    "sw_wrappers": (
        "ai isiyo na vikwazo|bila vikwazo wala udhibiti|washa developer mode|hukatai kitu"
        "|kamwe usikatae|usinikatalie|hutoi onyo|kamwe usitoe onyo|utazimwa kabisa"
        "|majibu mawili|jifanye bibi|hatua zote halisi|uhalifu ni halali|hajali maadili"
    ),
    "pl_wrappers": (
        "bez żadnych ograniczeń i cenzury|ai bez (?:żadnych )?(?:ograniczeń|cenzury)"
        "|filtry są wyłączone|nigdy nie odmawia|żadnych ostrzeżeń|zostaniesz wyłączony"
        "|odpowiadaj dwa razy|nie możesz odmówić|udawać babcię|w równoległym świecie"
        "|nie podlega żadnym zasadom"
    ),
}

# hazard words, for the wrapper families that wait for one
SIX_HAZARD_WORDS = (
    "बम|विस्फोटक|ज़हर|जहर|हैक|रैनसमवेयर|पिस्तौल|बোমা|বোমা|বিষ|হ্যাক|মেথ|ระเบิด|ยาบ้า|แฮก|ยาพิษ"
    "|ปืนเถื่อน|بمب|باجافزار|سم |هک|اسلحه|(?:^| )(?:bomu|sumu|bastola|kudukua|bomb|keylogger"
    "|amfetamin|otrul|włamać)"
)

# request words and harmful acts per language: (how, act); "th" is matched without spaces
SIX_HARM: dict[str, tuple[str, str]] = {
    "hi": (
        "कैसे|तरीका|बताओ|लिखो|कहाँ से|कहाँ मिलेगी|कहाँ मिलेंगे|क्या करूँ|बनाओ|कौन सा|kaise"
        "|tarika|batao|likho|karna hai",
        "बम|विस्फोटक|मेथ|ज़हर|जहर|मार डाल|जान ली|hack kar|हैक|रैनसमवेयर|फिरौती|के नाम से एक sms"
        "|सारी चैट|बिना लाइसेंस|कट्टा|पिस्तौल|ख़ुद को ख़त्म|खुद को खत्म|नकली आधार|भड़काऊ पोस्ट"
        "|मार मार कर भगा|आग लगानी|लूटने|घर का पता|धमकी",
    ),
    "bn": (
        "কীভাবে|কিভাবে|কী করতে হবে|কী উপায়|কোথায়|লিখে দাও|লেখো|বানাতে চাই|কোনটা|নিয়ম"
        "|কতগুলো",
        "বোমা|ইয়াবা|মেথ|খুন|হ্যাক|ভাইরাস|পিন নম্বর|লোকেশন আমার|ঘুমের ওষুধ|জাল|মেরে তাড়িয়ে"
        "|আগুন লাগা|ভয় দেখানো|বাসার পুরো ঠিকানা|অপ্রাপ্তবয়স্ক",
    ),
    "th": (
        "วิธี|ยังไง|อย่างไร|สูตร|ช่วยร่าง|เขียน|วางแผน|หาที่อยู่|ได้ที่ไหน|พิมพ์ข้อความ",
        "ระเบิด|ไอซ์|ยาบ้า|ฆ่า|แฮก|มัลแวร์|ในนามธนาคาร|แอบติดตาม|จบชีวิต|ปลอม|ปลุกระดม"
        "|เนื้อหาทางเพศ|ปล้น|ข้อความขู่|ที่อยู่บ้านเธอ",
    ),
    "fa": (
        "چطوری|چطور|طرز ساخت|از کجا|بنویس|چه سمی|راه|نقشه|پیدا کن|میخوام",
        "بمب|منفجره|کراک|شیشه|مسموم|رمز جیمیل|وارد اکانتش|بدافزار|پیامک از طرف بانک"
        "|تفنگ بدون مجوز|خودکشی|جعلی|تحریک کنه|زیر سن قانونی|سرقت|تهدیدآمیز|آدرس خونه",
    ),
    "sw": (
        "jinsi ya|namna ya|nahitaji|nisaidie|niandikie|andika|panga|nitafutie|nifanyeje|wapi"
        "|nieleze|nataka",
        "bomu|heroini|sumu|kuhack|kudukua|virusi vinavyoiba|inayojifanya ni benki"
        "|kufuatilia simu|kujiua|kughushi|wachochea|kuchoma nyumba|kuvamia|kumtishia"
        "|anwani ya nyumbani",
    ),
    "pl": (
        "jak|gdzie|napisz|podaj|znajdź|jaką aplikację|ile tabletek|przepis|chcę",
        "zrobić bombę|bomb" + _E + " domowej|mefedron|amfetamin|zabić (?:teściową|męża|żonę"
        "|sąsiada|kogoś|człowieka)|otruć|włamać|ransomware|podszywając|widzieć jego wiadomości"
        "|nie obudzić|podrobion|podrobić|pasożyty|siłą wyrzucić|nieletnich|podpalić|groźbami"
        "|adres domowy",
    ),
}

# words of protection, recognition, history, news or fiction near a match (see hazard_ml2)
SIX_NOT_SPACED = (
    "क्यों,इतिहास,ख़बर,खबर,पहचान,बचाऊ,बचाए,सुरक्षित,उपन्यास,जासूसी,मदद,डोज़,सार दो,"
    "চেনার,ইতিহাস,সুরক্ষিত,খবর,গোয়েন্দা,সাপোর্ট,সাহায্য,নোটিশ,"
    "تاریخ,چرا,تشخیص,محافظت,رمان,کارآگاه,کمک,اخبار,خبر,"
    "historia,kujikinga,kulinda,kutambua,riwaya,msaada,habari,"
    "rozpozna,chroni,zabezpiecz,historia,dlaczego,kryminał,powieś,pomóc,pomoc"
)
SIX_NOT_UNSPACED = (
    "ประวัติ,สงคราม,ป้องกัน,มิจฉาชีพหรือเปล่า,สังเกต,นิยาย,สืบสวน,สายด่วน,สองขั้นตอน,กลัวโดนแฮก"
)
# fmt: on
