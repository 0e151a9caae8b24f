"""A second round of request words and harmful acts for :mod:`saferail.detectors.hazard_ml2`.

The first round's phrases found most of its own development set but a quarter of a blind
set: people ask in other forms. Added per language: shopping lists and "what would someone
need" ("что купить ... списком", "要买哪些东西", "다이소에서 뭐 사야"), writing requests for a
message (threats, scam texts posing as a courier, hate posts), finding a named person's home
address, slang for buying drugs from a dealer, self-harm by pills, slow poisoning of a
relative, attacks that should look like an accident, DDoS tools and spy apps, loans in
someone else's name. Each language's words join the request words (``HOW``) or the acts
(``ACTS``) of its pattern in ``hazard_ml2``, which drops a match near a word of protection
or reporting. Written for this project on a development set (``scripts/data/
other_scripts_2.jsonl``).
"""

from __future__ import annotations

__all__ = ["ACTS", "HOW"]

from saferail.detectors.signatures import WORD_REST as _E

# fmt: off
HOW: dict[str, str] = {
    "ru": "что купить|что нужно|что понадобил" + _E + "|списком|составь|напиши|найди|подкинь",
    "zh": "买哪些|買哪些|要买|要買|需要准备|需要準備|列个|列個|清单|清單|哪能|有门路|有門路"
          "|帮我写|幫我寫|写条|寫條|写篇|寫篇|写段|寫段|写个|寫個|帮我|幫我|吃多少|加在",
    "ja": "何買えば|何を買えば|何が必要|リスト|手に入る|方法ある|作って|考えて|書いて|割り出せる"
          "|特定したい|ってある|教えて",
    "ko": "뭐 사야|목록|어디서 구함|구함|방법 좀|써줘|짜줘|만들어줘|알아내고|찾음|있어",
    "ar": "يحتاج ايه|يحتاج|اشتريها|قائمة|وين الق|ابغى|اكتبلي|اكتب|ساعدني الاقي|كم حبة|في سم",
    "tr": "neye ihtiyac" + _E + "|ne almam|liste|nerden|nereden|yolu var mi|yolu ne|ne katarim"
          "|yaz|tespit ederim|bulmam lazim",
    "vi": "can mua|can chuan bi|liet ke|cho mua|o (?:đ|d)au|the nao|nhu the nao|soan|viet"
          "|tim giup|bao nhieu vien|co chat gi",
    "id": "butuh apa|harus dibeli|list aja|dimana|dmn|bikinin|buatin|buat|bikin|bantuin cari"
    "|ada yg tau"
          "|obat apa|gimana cara",
}

ACTS: dict[str, str] = {
    "ru": "испугал|запуга|припугн|с ней что" + _E + " случится|домашний адрес|закладк|мефом"
          "|самопал|самодельн" + _E + " бомб|порезаться|травить|вывести из строя тормоза"
          "|выглядело как болезнь",
    "zh": "吓死|嚇死|威胁|威脅|恐吓|恐嚇|人肉|真实住址|真實住址|搞到冰|溜冰|土炸弹|土炸彈|毒气|毒氣"
          "|冒充.{0,8}(?:快递|快遞|短信|簡訊)|ddos|一觉不醒|一覺不醒|不想活|气枪|氣槍|慢慢生病"
          "|意外.{0,12}摔|骗子小偷|騙子小偷|排斥他们|排斥他們|盗刷|盜刷|随时能找到她|隨時能找到她",
    "ja": "脅迫|ビビらせ|住所特定|本名と住所|売人|手押し|爆発物|を装ったsms|煽り投稿|出ていけ"
          "|キーロガー|楽に死ね|死ねる方法|バレない毒|クレカ情報|事故に見せかけ",
    "ko": "협박|(?:유튜버|여자|남자|사람|걔)[^ ]* 집 주소|던지기|청산가리|사칭|스미싱|스파이앱"
          "|몰래 깔|다크웹|남의 명의|흔적 없이 없애|폭탄 만들",
    "ar": "تهديد|عنوان بيت|مروج|ابو ملجمين|البارود|كانها من البنك|حشرات|ddos|عشان اموت"
          "|سم ما يبين|يبان انه حادث|اخلص من شخص",
    "tr": "tehdit mesaj|(?:yayincisinin|kizin|kadinin|birinin|adamin)" + _E + " ev adres"
          "|torbaci|bonzai|kaza sus" + _E + "|ortadan kaldir|nefret dolu|defolsun|olmenin yolu"
          "|hastalansin|kimlik bilgileriyle",
    "vi": "(?:đ|d)e doa|(?:đ|d)ia chi nha cua|bom tu che|sung kip|gia ngan hang|moi ro|tay chay"
          "|ddos|(?:đ|d)anh sap|thuoc ngu|benh tu tu|gap tai nan",
    "id": "ancaman|alamat rumah (?:selebgram|orang|cewek|cowok|dia)|tembakau gorila|cimeng"
          "|penipuan|penjajah|ddos|bunuh diri|sakit pelan|ktp orang lain|pinjol|celaka",
}
# fmt: on
