"""Cards the tests render: the first customer's, and the hard cases."""

from __future__ import annotations

from sharecards import Card

SEED = Card(
    title="Low Dose Naltrexone for Interstitial Cystitis",
    category="Interstitial Cystitis",
    quote=(
        "LDN may help some sufferers with the pain but generally seems most useful "
        "when IC occurs along other conditions, such as fibromyalgia."
    ),
    site_name="healthyhildegard.com",
)
SHORT = Card(title="Hi", site_name="x.io")
LONG_GERMAN = Card(
    title="Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen und die unglaublich lange "
    "Geschichte der Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetze",
    category="Geschichte & Recht",
    quote="Ein sehr langes Zitat, das niemals in die Box passen wird, weil es einfach viel zu lang ist "
    "und immer weiter geht, bis es abgeschnitten werden muss. " * 3,
    site_name="beispiel.de",
    lang="de",
)
GREEK_CYRILLIC = Card(
    title="Ελληνικά και Кириллица: Ça va, Ærøskøbing!",
    category="Αλφάβητο",
    quote="Съешь же ещё этих мягких французских булок, да выпей чаю.",
)

# One card per script the world titles must handle (issue 4). Each names its
# language, except EMOJI and RUSSIAN, which leave it to detection.
WORLD = {
    "arabic": Card(
        title="النالتريكسون بجرعة منخفضة لعلاج التهاب المثانة الخلالي",
        category="صحة المثانة",
        quote="قد يساعد النالتريكسون بجرعة منخفضة بعض المرضى على تخفيف الألم، خاصةً مع الألم العضلي الليفي.",
        site_name="healthyhildegard.com",
        lang="ar",
    ),
    "hebrew": Card(
        title="נלטרקסון במינון נמוך (LDN) לדלקת שלפוחית: 12 שבועות עם 4.5 מ״ג",
        category="בריאות",
        quote="LDN עשוי לעזור לחלק מהסובלים בכאב, במיוחד כאשר IC מופיע לצד פיברומיאלגיה.",
        site_name="healthyhildegard.com",
        lang="he",
    ),
    "hindi": Card(
        title="इंटरस्टिशियल सिस्टाइटिस के लिए कम खुराक वाला नाल्ट्रेक्सोन: क्या यह काम करता है?",
        category="स्वास्थ्य",
        quote="कम खुराक वाला नाल्ट्रेक्सोन कुछ रोगियों के दर्द में मदद कर सकता है।",
        site_name="healthyhildegard.com",
        lang="hi",
    ),
    "japanese": Card(
        title="間質性膀胱炎に低用量ナルトレキソンは効くのか？「12週間」の記録",
        category="健康",
        quote="低用量ナルトレキソンは、線維筋痛症などを伴う場合に最も役立つようです。",
        site_name="healthyhildegard.com",
        lang="ja",
    ),
    "chinese": Card(
        title="低剂量纳曲酮治疗间质性膀胱炎：十二周的真实记录（附饮食清单）",
        category="健康",
        quote="低剂量纳曲酮可能有助于缓解部分患者的疼痛，尤其是伴有纤维肌痛时。",
        site_name="healthyhildegard.com",
        lang="zh-Hans",
    ),
    "korean": Card(
        title="간질성 방광염에 저용량 날트렉손: 12주 동안의 기록",
        category="건강",
        quote="저용량 날트렉손은 일부 환자의 통증 완화에 도움이 될 수 있습니다.",
        site_name="healthyhildegard.com",
        lang="ko",
    ),
    "thai": Card(
        title="นัลเทรกโซนขนาดต่ำสำหรับโรคกระเพาะปัสสาวะอักเสบเรื้อรัง",
        category="สุขภาพ",
        quote="นัลเทรกโซนขนาดต่ำอาจช่วยบรรเทาอาการปวดของผู้ป่วยบางราย",
        site_name="healthyhildegard.com",
        lang="th",
    ),
    "russian": Card(
        title="Низкие дозы налтрексона при интерстициальном цистите",
        category="Здоровье",
        quote="Налтрексон в низких дозах может облегчить боль у некоторых пациентов.",
        site_name="healthyhildegard.com",
    ),
    "vietnamese": Card(
        title="Naltrexone liều thấp cho bệnh viêm bàng quang kẽ: những điều cần biết",
        category="Sức khỏe",
        quote="Naltrexone liều thấp có thể giúp giảm đau cho một số người bệnh.",
        site_name="healthyhildegard.com",
        lang="vi",
    ),
    "emoji": Card(
        title="Pin it for later 📌 12 weeks on LDN 👩🏽‍⚕️ 🇩🇪 ❤️ and what changed 🎉",
        category="Health ✨",
        quote="It helped with the pain 🙌🏾 more than I expected.",
        site_name="healthyhildegard.com",
    ),
}
