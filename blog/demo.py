"""Riverton's news and data stories, in English, French, Arabic and Swahili.

Three news posts and the data story "What residents told us about cycling": three charts
(two from tables typed in the admin, one from a CSV document, with a translated CSV file per
language), a key figure, a data table and live figures from the demo consultation.
"""

import json
import uuid

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from blog.models import Author, BlogIndexPage, BlogPage, BlogPageAuthor, DataStoryPage

# -- the news index --------------------------------------------------------------------------

INDEX = {
    "title": "News and data stories",
    "introduction": "What is happening in Riverton, and what the figures say.",
}
INDEX_T = {
    "fr": {
        "News and data stories": "Actualités et récits de données",
        "What is happening in Riverton, and what the figures say.": (
            "Ce qui se passe à Riverton, et ce que disent les chiffres."
        ),
    },
    "ar": {
        "News and data stories": "الأخبار وقصص البيانات",
        "What is happening in Riverton, and what the figures say.": (
            "ما يجري في ريفرتون، وما تقوله الأرقام."
        ),
    },
    "sw": {
        "News and data stories": "Habari na hadithi za takwimu",
        "What is happening in Riverton, and what the figures say.": (
            "Kinachoendelea Riverton, na kile takwimu zinasema."
        ),
    },
}

# -- authors ---------------------------------------------------------------------------------

AUTHORS = {
    "amina": {
        "name": "Amina Hassan",
        "role": "Mobility officer",
        "bio": "Amina leads the city's work on walking and cycling.",
    },
    "daniel": {
        "name": "Daniel Okoro",
        "role": "Communications officer",
        "bio": "Daniel writes about the city's consultations and what came of them.",
    },
}
AUTHORS_T = {
    "fr": {
        "Amina Hassan": "Amina Hassan",
        "Mobility officer": "Chargée de mobilité",
        "Amina leads the city's work on walking and cycling.": (
            "Amina pilote le travail de la ville sur la marche et le vélo."
        ),
        "Daniel Okoro": "Daniel Okoro",
        "Communications officer": "Chargé de communication",
        "Daniel writes about the city's consultations and what came of them.": (
            "Daniel écrit sur les consultations de la ville et sur ce qu'elles ont changé."
        ),
    },
    "ar": {
        "Amina Hassan": "أمينة حسن",
        "Mobility officer": "مسؤولة التنقّل",
        "Amina leads the city's work on walking and cycling.": (
            "تقود أمينة عمل المدينة في مجال المشي وركوب الدراجات."
        ),
        "Daniel Okoro": "دانيال أوكورو",
        "Communications officer": "مسؤول الاتصال",
        "Daniel writes about the city's consultations and what came of them.": (
            "يكتب دانيال عن استشارات المدينة وما نتج عنها."
        ),
    },
    "sw": {
        "Amina Hassan": "Amina Hassan",
        "Mobility officer": "Afisa wa usafiri",
        "Amina leads the city's work on walking and cycling.": (
            "Amina anaongoza kazi ya jiji kuhusu kutembea na kuendesha baiskeli."
        ),
        "Daniel Okoro": "Daniel Okoro",
        "Communications officer": "Afisa wa mawasiliano",
        "Daniel writes about the city's consultations and what came of them.": (
            "Daniel anaandika kuhusu mashauriano ya jiji na matokeo yake."
        ),
    },
}

# -- shared sentences (charts, sources) ------------------------------------------------------

SURVEY = "Riverton cycling survey 2025"
COMMON_T = {
    "fr": {SURVEY: "Enquête vélo de Riverton 2025"},
    "ar": {SURVEY: "استطلاع ركوب الدراجات في ريفرتون 2025"},
    "sw": {SURVEY: "Utafiti wa baiskeli wa Riverton 2025"},
}

# -- news post 1: the consultation opens -----------------------------------------------------

CONSULTATION_POST = {
    "title": "Have your say on Riverton's cycling strategy",
    "summary": (
        "The draft cycling strategy is open for comments until 31 May. Read it clause by "
        "clause and tell us what you think."
    ),
    "paragraphs": [
        "<p>Riverton wants twice as many trips by bicycle by 2035. The draft strategy sets "
        "out how: protected lanes to every school, safer junctions and secure parking at "
        "every station.</p>",
        "<p>You can comment on each clause online, fill in a paper form at any library, or "
        "come to one of four public meetings. Every comment is read, and we will publish "
        "what we did with them.</p>",
    ],
    "cta": {
        "title": "Read the draft and comment",
        "text": "Comments are open until 31 May.",
        "button_text": "Have your say",
    },
}
CONSULTATION_POST_T = {
    "fr": {
        "Have your say on Riverton's cycling strategy": (
            "Donnez votre avis sur la stratégie vélo de Riverton"
        ),
        "The draft cycling strategy is open for comments until 31 May. Read it clause by "
        "clause and tell us what you think.": (
            "Le projet de stratégie vélo est ouvert aux commentaires jusqu'au 31 mai. "
            "Lisez-le article par article et dites-nous ce que vous en pensez."
        ),
        "Riverton wants twice as many trips by bicycle by 2035. The draft strategy sets out "
        "how: protected lanes to every school, safer junctions and secure parking at every "
        "station.": (
            "Riverton veut deux fois plus de trajets à vélo d'ici 2035. Le projet de stratégie "
            "explique comment : des pistes protégées jusqu'à chaque école, des carrefours plus "
            "sûrs et un stationnement sécurisé dans chaque gare."
        ),
        "You can comment on each clause online, fill in a paper form at any library, or come "
        "to one of four public meetings. Every comment is read, and we will publish what we "
        "did with them.": (
            "Vous pouvez commenter chaque article en ligne, remplir un formulaire papier dans "
            "n'importe quelle bibliothèque ou venir à l'une des quatre réunions publiques. "
            "Chaque commentaire est lu, et nous publierons ce que nous en avons fait."
        ),
        "Read the draft and comment": "Lisez le projet et commentez",
        "Comments are open until 31 May.": "Les commentaires sont ouverts jusqu'au 31 mai.",
        "Have your say": "Donnez votre avis",
    },
    "ar": {
        "Have your say on Riverton's cycling strategy": (
            "شاركوا برأيكم في استراتيجية ركوب الدراجات في ريفرتون"
        ),
        "The draft cycling strategy is open for comments until 31 May. Read it clause by "
        "clause and tell us what you think.": (
            "مسودة استراتيجية ركوب الدراجات مفتوحة للتعليقات حتى 31 مايو. اقرؤوه بندًا بندًا "
            "وأخبرونا برأيكم."
        ),
        "Riverton wants twice as many trips by bicycle by 2035. The draft strategy sets out "
        "how: protected lanes to every school, safer junctions and secure parking at every "
        "station.": (
            "تريد ريفرتون مضاعفة عدد الرحلات بالدراجة بحلول عام 2035. وتبيّن مسودة الاستراتيجية "
            "الطريقة: مسارات محمية حتى كل مدرسة، وتقاطعات أكثر أمانًا، ومواقف آمنة للدراجات في "
            "كل محطة."
        ),
        "You can comment on each clause online, fill in a paper form at any library, or come "
        "to one of four public meetings. Every comment is read, and we will publish what we "
        "did with them.": (
            "يمكنكم التعليق على كل بند عبر الإنترنت، أو ملء استمارة ورقية في أي مكتبة، أو "
            "حضور أحد الاجتماعات العامة الأربعة. نقرأ كل تعليق، وسننشر ما فعلناه به."
        ),
        "Read the draft and comment": "اقرؤوا المسودة وعلّقوا عليها",
        "Comments are open until 31 May.": "باب التعليقات مفتوح حتى 31 مايو.",
        "Have your say": "شاركوا برأيكم",
    },
    "sw": {
        "Have your say on Riverton's cycling strategy": (
            "Toa maoni yako kuhusu mkakati wa baiskeli wa Riverton"
        ),
        "The draft cycling strategy is open for comments until 31 May. Read it clause by "
        "clause and tell us what you think.": (
            "Rasimu ya mkakati wa baiskeli iko wazi kwa maoni hadi tarehe 31 Mei. Isome "
            "kifungu kwa kifungu na utuambie unachofikiri."
        ),
        "Riverton wants twice as many trips by bicycle by 2035. The draft strategy sets out "
        "how: protected lanes to every school, safer junctions and secure parking at every "
        "station.": (
            "Riverton inataka safari za baiskeli ziongezeke mara mbili ifikapo mwaka 2035. "
            "Rasimu ya mkakati inaeleza jinsi gani: njia zilizolindwa hadi kila shule, "
            "makutano salama zaidi na maegesho salama katika kila kituo."
        ),
        "You can comment on each clause online, fill in a paper form at any library, or come "
        "to one of four public meetings. Every comment is read, and we will publish what we "
        "did with them.": (
            "Unaweza kutoa maoni kuhusu kila kifungu mtandaoni, kujaza fomu ya karatasi katika "
            "maktaba yoyote, au kuhudhuria mojawapo ya mikutano minne ya hadhara. Kila maoni "
            "yanasomwa, na tutachapisha tulichofanya nayo."
        ),
        "Read the draft and comment": "Soma rasimu na utoe maoni",
        "Comments are open until 31 May.": "Maoni yanapokelewa hadi tarehe 31 Mei.",
        "Have your say": "Toa maoni yako",
    },
}

# -- news post 2: Market Square --------------------------------------------------------------

MARKET_POST = {
    "title": "Forty-eight new trees for Market Square",
    "summary": (
        "Shade trees, benches and a drinking fountain: the works residents asked for start in June."
    ),
    "paragraph": (
        "<p>After two walks around the square with residents and stallholders in February, "
        "the city has chosen where the trees, benches and fountain will go. Works start in "
        "June and the market stays open throughout.</p>"
    ),
    "figure": {
        "label": "new shade trees",
        "context": "Chosen with residents on two walks around the square in February.",
    },
    "quote": {
        "text": "We asked for shade for the market stalls, and we got it.",
        "attribution": "A stallholder on Market Square",
    },
}
MARKET_POST_T = {
    "fr": {
        "Forty-eight new trees for Market Square": (
            "Quarante-huit nouveaux arbres pour la place du Marché"
        ),
        "Shade trees, benches and a drinking fountain: the works residents asked for start "
        "in June.": (
            "Des arbres d'ombrage, des bancs et une fontaine à boire : les travaux demandés par "
            "les habitants commencent en juin."
        ),
        "After two walks around the square with residents and stallholders in February, the "
        "city has chosen where the trees, benches and fountain will go. Works start in June "
        "and the market stays open throughout.": (
            "Après deux promenades autour de la place avec les habitants et les commerçants en "
            "février, la ville a choisi l'emplacement des arbres, des bancs et de la fontaine. "
            "Les travaux commencent en juin et le marché reste ouvert pendant toute leur durée."
        ),
        "new shade trees": "nouveaux arbres d'ombrage",
        "Chosen with residents on two walks around the square in February.": (
            "Choisis avec les habitants lors de deux promenades autour de la place en février."
        ),
        "We asked for shade for the market stalls, and we got it.": (
            "Nous avons demandé de l'ombre pour les étals du marché, et nous l'avons obtenue."
        ),
        "A stallholder on Market Square": "Une commerçante de la place du Marché",
    },
    "ar": {
        "Forty-eight new trees for Market Square": "ثمان وأربعون شجرة جديدة لساحة السوق",
        "Shade trees, benches and a drinking fountain: the works residents asked for start "
        "in June.": (
            "أشجار للظل ومقاعد ونافورة لمياه الشرب: الأشغال التي طلبها السكان تبدأ في يونيو."
        ),
        "After two walks around the square with residents and stallholders in February, the "
        "city has chosen where the trees, benches and fountain will go. Works start in June "
        "and the market stays open throughout.": (
            "بعد جولتين حول الساحة مع السكان وأصحاب البسطات في فبراير، اختارت المدينة مواقع "
            "الأشجار والمقاعد والنافورة. تبدأ الأشغال في يونيو ويبقى السوق مفتوحًا طوال مدتها."
        ),
        "new shade trees": "شجرة ظل جديدة",
        "Chosen with residents on two walks around the square in February.": (
            "اختيرت مع السكان خلال جولتين حول الساحة في فبراير."
        ),
        "We asked for shade for the market stalls, and we got it.": (
            "طلبنا الظل لبسطات السوق، وحصلنا عليه."
        ),
        "A stallholder on Market Square": "صاحبة بسطة في ساحة السوق",
    },
    "sw": {
        "Forty-eight new trees for Market Square": (
            "Miti mipya arobaini na minane kwa Uwanja wa Soko"
        ),
        "Shade trees, benches and a drinking fountain: the works residents asked for start "
        "in June.": (
            "Miti ya kivuli, viti na chemchemi ya maji ya kunywa: kazi walizoomba wakazi "
            "zinaanza mwezi Juni."
        ),
        "After two walks around the square with residents and stallholders in February, the "
        "city has chosen where the trees, benches and fountain will go. Works start in June "
        "and the market stays open throughout.": (
            "Baada ya matembezi mawili kuzunguka uwanja pamoja na wakazi na wafanyabiashara "
            "mwezi Februari, jiji limechagua mahali miti, viti na chemchemi vitakapowekwa. "
            "Kazi zinaanza Juni na soko litabaki wazi muda wote."
        ),
        "new shade trees": "miti mipya ya kivuli",
        "Chosen with residents on two walks around the square in February.": (
            "Ilichaguliwa pamoja na wakazi katika matembezi mawili kuzunguka uwanja mwezi Februari."
        ),
        "We asked for shade for the market stalls, and we got it.": (
            "Tuliomba kivuli kwa meza za soko, na tumekipata."
        ),
        "A stallholder on Market Square": "Mfanyabiashara katika Uwanja wa Soko",
    },
}

# -- news post 3: the budget -----------------------------------------------------------------

BUDGET_POST = {
    "title": "Budget 2026: where your suggestions went",
    "summary": (
        "Residents sent 530 suggestions for next year's budget. Here is how the draft shares "
        "out the money for investment."
    ),
    "paragraphs": [
        "<p>Most suggestions asked for safer streets and for repairs to schools. The draft "
        "budget gives these two areas more than half of the investment money.</p>",
        "<p>The council votes on the budget in December. Until then, the full draft and the "
        "answers to every suggestion are online.</p>",
    ],
    "chart": {
        "title": "Investment in the draft 2026 budget",
        "description": "Streets and cycling receive the largest share, followed by schools.",
        "source": "Riverton draft budget 2026",
        "rows": [
            ["Area", "Share of investment"],
            ["Streets and cycling", "34"],
            ["Schools", "27"],
            ["Housing repairs", "21"],
            ["Parks and trees", "11"],
            ["Libraries", "5"],
            ["Other", "2"],
        ],
    },
}
BUDGET_POST_T = {
    "fr": {
        "Budget 2026: where your suggestions went": (
            "Budget 2026 : ce que sont devenues vos propositions"
        ),
        "Residents sent 530 suggestions for next year's budget. Here is how the draft shares "
        "out the money for investment.": (
            "Les habitants ont envoyé 530 propositions pour le budget de l'an prochain. Voici "
            "comment le projet répartit l'argent de l'investissement."
        ),
        "Most suggestions asked for safer streets and for repairs to schools. The draft budget "
        "gives these two areas more than half of the investment money.": (
            "La plupart des propositions demandaient des rues plus sûres et la rénovation des "
            "écoles. Le projet de budget consacre à ces deux domaines plus de la moitié de "
            "l'investissement."
        ),
        "The council votes on the budget in December. Until then, the full draft and the "
        "answers to every suggestion are online.": (
            "Le conseil vote le budget en décembre. D'ici là, le projet complet et les réponses "
            "à chaque proposition sont en ligne."
        ),
        "Investment in the draft 2026 budget": "L'investissement dans le projet de budget 2026",
        "Streets and cycling receive the largest share, followed by schools.": (
            "Les rues et le vélo reçoivent la plus grande part, suivis des écoles."
        ),
        "Riverton draft budget 2026": "Projet de budget 2026 de Riverton",
        "Area": "Domaine",
        "Share of investment": "Part de l'investissement",
        "Streets and cycling": "Rues et vélo",
        "Schools": "Écoles",
        "Housing repairs": "Rénovation des logements",
        "Parks and trees": "Parcs et arbres",
        "Libraries": "Bibliothèques",
        "Other": "Autres",
    },
    "ar": {
        "Budget 2026: where your suggestions went": "ميزانية 2026: أين ذهبت اقتراحاتكم",
        "Residents sent 530 suggestions for next year's budget. Here is how the draft shares "
        "out the money for investment.": (
            "أرسل السكان 530 اقتراحًا لميزانية العام المقبل. إليكم كيف توزّع المسودة أموال الاستثمار."
        ),
        "Most suggestions asked for safer streets and for repairs to schools. The draft budget "
        "gives these two areas more than half of the investment money.": (
            "طالبت معظم الاقتراحات بشوارع أكثر أمانًا وبترميم المدارس. وتخصّص مسودة الميزانية "
            "لهذين المجالين أكثر من نصف أموال الاستثمار."
        ),
        "The council votes on the budget in December. Until then, the full draft and the "
        "answers to every suggestion are online.": (
            "يصوّت المجلس على الميزانية في ديسمبر. وحتى ذلك الحين، المسودة الكاملة والردود على "
            "كل اقتراح متاحة على الإنترنت."
        ),
        "Investment in the draft 2026 budget": "الاستثمار في مسودة ميزانية 2026",
        "Streets and cycling receive the largest share, followed by schools.": (
            "تحصل الشوارع وركوب الدراجات على الحصة الأكبر، تليها المدارس."
        ),
        "Riverton draft budget 2026": "مسودة ميزانية ريفرتون 2026",
        "Area": "المجال",
        "Share of investment": "حصة الاستثمار",
        "Streets and cycling": "الشوارع وركوب الدراجات",
        "Schools": "المدارس",
        "Housing repairs": "ترميم المساكن",
        "Parks and trees": "الحدائق والأشجار",
        "Libraries": "المكتبات",
        "Other": "أخرى",
    },
    "sw": {
        "Budget 2026: where your suggestions went": (
            "Bajeti ya 2026: mapendekezo yenu yalikwenda wapi"
        ),
        "Residents sent 530 suggestions for next year's budget. Here is how the draft shares "
        "out the money for investment.": (
            "Wakazi walituma mapendekezo 530 kwa bajeti ya mwaka ujao. Hivi ndivyo rasimu "
            "inavyogawa fedha za uwekezaji."
        ),
        "Most suggestions asked for safer streets and for repairs to schools. The draft budget "
        "gives these two areas more than half of the investment money.": (
            "Mapendekezo mengi yaliomba mitaa salama zaidi na ukarabati wa shule. Rasimu ya "
            "bajeti inayapa maeneo haya mawili zaidi ya nusu ya fedha za uwekezaji."
        ),
        "The council votes on the budget in December. Until then, the full draft and the "
        "answers to every suggestion are online.": (
            "Baraza litapiga kura kuhusu bajeti mwezi Desemba. Hadi wakati huo, rasimu kamili "
            "na majibu ya kila pendekezo yanapatikana mtandaoni."
        ),
        "Investment in the draft 2026 budget": "Uwekezaji katika rasimu ya bajeti ya 2026",
        "Streets and cycling receive the largest share, followed by schools.": (
            "Mitaa na baiskeli vinapata sehemu kubwa zaidi, vikifuatiwa na shule."
        ),
        "Riverton draft budget 2026": "Rasimu ya bajeti ya Riverton 2026",
        "Area": "Eneo",
        "Share of investment": "Sehemu ya uwekezaji",
        "Streets and cycling": "Mitaa na baiskeli",
        "Schools": "Shule",
        "Housing repairs": "Ukarabati wa nyumba",
        "Parks and trees": "Bustani na miti",
        "Libraries": "Maktaba",
        "Other": "Mengineyo",
    },
}

# -- the data story --------------------------------------------------------------------------

STORY = {
    "title": "What residents told us about cycling",
    "summary": (
        "1,214 residents answered our survey. Three charts show how often they cycle, what "
        "would help them cycle more, and how busy the Old Bridge already is."
    ),
    "intro": (
        "<p>Between March and May, 1,214 residents told us how they travel and what would "
        "make them cycle more. Their answers shape the draft cycling strategy that is now "
        "open for comments.</p>"
    ),
    "figure": {
        "label": "residents answered the cycling survey",
        "context": "Online, on paper and at four public meetings, between March and May 2025.",
    },
    "heading_often": "How often do residents cycle?",
    "often": {
        "title": "How often residents cycle",
        "description": "A third of residents never cycle; one in seven cycles every day.",
        "rows": [
            ["Answer", "Share of residents"],
            ["Every day", "14"],
            ["Every week", "21"],
            ["Every month", "12"],
            ["Less often", "18"],
            ["Never", "35"],
        ],
    },
    "after_often": (
        "<p>Cycling is already part of daily life for many: more than a third of residents "
        "ride at least once a week. But a third never cycle, and most of them say they do "
        "not feel safe on the road.</p>"
    ),
    "heading_help": "What would help",
    "help": {
        "title": "What would make you cycle more?",
        "description": (
            "Protected bike lanes win the most support; a bike hire scheme divides opinion."
        ),
        "rows": [
            ["Measure", "Agree", "Neutral", "Disagree"],
            ["Protected bike lanes", "78", "12", "10"],
            ["Secure parking at stations", "64", "22", "14"],
            ["Lower speed limits", "52", "20", "28"],
            ["A bike hire scheme", "41", "31", "28"],
        ],
    },
    "after_help": (
        "<p>Protected bike lanes were the most popular answer in every district. Opinions on "
        "a bike hire scheme were split, so the draft strategy proposes a one-year trial "
        "first.</p>"
    ),
    "heading_counts": "More people are already cycling",
    "counts": {
        "title": "Bicycles counted each day at the Old Bridge",
        "description": (
            "Monthly average of the automatic counter: every month of 2024 was busier than "
            "the same month of 2023."
        ),
        "source": "Riverton traffic counters",
    },
    "channels": {
        "caption": "Survey answers by channel",
        "rows": [
            ["Channel", "Answers"],
            ["Online", "812"],
            ["Paper forms", "263"],
            ["Public meetings", "139"],
            ["Total", "1,214"],
        ],
    },
    "heading_live": "Comments on the draft strategy",
    "before_live": (
        "<p>The draft strategy is open for comments. These figures update as residents take "
        "part.</p>"
    ),
    "live_label": "comments on the draft cycling strategy so far",
    "methodology": (
        "<p>The survey ran from 3 March to 31 May 2025. Anyone living or working in Riverton "
        "could answer online, on a paper form available in libraries, or at one of four "
        "public meetings.</p>"
        "<p>Answers are not weighted: they show what respondents said, not what the whole "
        "population thinks. Percentages are rounded and may not add up to 100.</p>"
    ),
    "sources": [
        (SURVEY, "https://example.org/riverton/cycling-survey-2025", "CC BY 4.0"),
        (
            "Riverton automatic traffic counters",
            "https://example.org/riverton/traffic-counters",
            "Open Data Commons ODbL",
        ),
    ],
    "file": {
        "title": "Bicycle counts at the Old Bridge, 2023–2024",
        "description": "Monthly average of daily counts, one column per year.",
    },
}
STORY_T = {
    "fr": {
        "What residents told us about cycling": "Ce que les habitants nous ont dit du vélo",
        "1,214 residents answered our survey. Three charts show how often they cycle, what "
        "would help them cycle more, and how busy the Old Bridge already is.": (
            "1 214 habitants ont répondu à notre enquête. Trois graphiques montrent à quelle "
            "fréquence ils font du vélo, ce qui les aiderait à en faire davantage et combien "
            "le Vieux Pont est déjà fréquenté."
        ),
        "Between March and May, 1,214 residents told us how they travel and what would make "
        "them cycle more. Their answers shape the draft cycling strategy that is now open for "
        "comments.": (
            "Entre mars et mai, 1 214 habitants nous ont dit comment ils se déplacent et ce qui "
            "les ferait pédaler davantage. Leurs réponses orientent le projet de stratégie vélo, "
            "désormais ouvert aux commentaires."
        ),
        "residents answered the cycling survey": "habitants ont répondu à l'enquête vélo",
        "Online, on paper and at four public meetings, between March and May 2025.": (
            "En ligne, sur papier et lors de quatre réunions publiques, entre mars et mai 2025."
        ),
        "How often do residents cycle?": "À quelle fréquence les habitants font-ils du vélo ?",
        "How often residents cycle": "Fréquence de la pratique du vélo",
        "A third of residents never cycle; one in seven cycles every day.": (
            "Un tiers des habitants ne font jamais de vélo ; un sur sept en fait tous les jours."
        ),
        "Answer": "Réponse",
        "Share of residents": "Part des habitants",
        "Every day": "Tous les jours",
        "Every week": "Chaque semaine",
        "Every month": "Chaque mois",
        "Less often": "Moins souvent",
        "Never": "Jamais",
        "Cycling is already part of daily life for many: more than a third of residents ride "
        "at least once a week. But a third never cycle, and most of them say they do not feel "
        "safe on the road.": (
            "Le vélo fait déjà partie du quotidien de beaucoup : plus d'un tiers des habitants "
            "roulent au moins une fois par semaine. Mais un tiers n'en font jamais, et la "
            "plupart d'entre eux disent ne pas se sentir en sécurité sur la route."
        ),
        "What would help": "Ce qui aiderait",
        "What would make you cycle more?": "Qu'est-ce qui vous ferait faire plus de vélo ?",
        "Protected bike lanes win the most support; a bike hire scheme divides opinion.": (
            "Les pistes cyclables protégées recueillent le plus de soutien ; un service de "
            "vélos en libre-service divise."
        ),
        "Measure": "Mesure",
        "Agree": "D'accord",
        "Neutral": "Sans avis",
        "Disagree": "Pas d'accord",
        "Protected bike lanes": "Pistes cyclables protégées",
        "Secure parking at stations": "Stationnement sécurisé dans les gares",
        "Lower speed limits": "Vitesses maximales abaissées",
        "A bike hire scheme": "Un service de vélos en libre-service",
        "Protected bike lanes were the most popular answer in every district. Opinions on a "
        "bike hire scheme were split, so the draft strategy proposes a one-year trial first.": (
            "Les pistes protégées ont été la réponse la plus fréquente dans tous les quartiers. "
            "Les avis sur les vélos en libre-service étaient partagés : le projet de stratégie "
            "propose donc d'abord un essai d'un an."
        ),
        "More people are already cycling": "Le vélo progresse déjà",
        "Bicycles counted each day at the Old Bridge": "Vélos comptés chaque jour au Vieux Pont",
        "Monthly average of the automatic counter: every month of 2024 was busier than the "
        "same month of 2023.": (
            "Moyenne mensuelle du compteur automatique : chaque mois de 2024 a été plus "
            "fréquenté que le même mois de 2023."
        ),
        "Riverton traffic counters": "Compteurs de trafic de Riverton",
        "Survey answers by channel": "Réponses à l'enquête par canal",
        "Channel": "Canal",
        "Answers": "Réponses",
        "Online": "En ligne",
        "Paper forms": "Formulaires papier",
        "Public meetings": "Réunions publiques",
        "Total": "Total",
        "Comments on the draft strategy": "Les commentaires sur le projet de stratégie",
        "The draft strategy is open for comments. These figures update as residents take part.": (
            "Le projet de stratégie est ouvert aux commentaires. Ces chiffres se mettent à jour "
            "à mesure que les habitants participent."
        ),
        "comments on the draft cycling strategy so far": (
            "commentaires sur le projet de stratégie vélo à ce jour"
        ),
        "The survey ran from 3 March to 31 May 2025. Anyone living or working in Riverton "
        "could answer online, on a paper form available in libraries, or at one of four "
        "public meetings.": (
            "L'enquête s'est déroulée du 3 mars au 31 mai 2025. Toute personne vivant ou "
            "travaillant à Riverton pouvait répondre en ligne, sur un formulaire papier "
            "disponible dans les bibliothèques ou lors de l'une des quatre réunions publiques."
        ),
        "Answers are not weighted: they show what respondents said, not what the whole "
        "population thinks. Percentages are rounded and may not add up to 100.": (
            "Les réponses ne sont pas pondérées : elles montrent ce qu'ont dit les répondants, "
            "pas ce que pense l'ensemble de la population. Les pourcentages sont arrondis et "
            "leur somme peut différer de 100."
        ),
        "Riverton automatic traffic counters": "Compteurs automatiques de trafic de Riverton",
        "CC BY 4.0": "CC BY 4.0",
        "Open Data Commons ODbL": "Open Data Commons ODbL",
        "Bicycle counts at the Old Bridge, 2023–2024": (
            "Comptages de vélos au Vieux Pont, 2023-2024"
        ),
        "Monthly average of daily counts, one column per year.": (
            "Moyenne mensuelle des comptages journaliers, une colonne par année."
        ),
    },
    "ar": {
        "What residents told us about cycling": "ما قاله لنا السكان عن ركوب الدراجات",
        "1,214 residents answered our survey. Three charts show how often they cycle, what "
        "would help them cycle more, and how busy the Old Bridge already is.": (
            "أجاب 1214 من السكان على استطلاعنا. تبيّن ثلاثة رسوم بيانية عدد مرات ركوبهم "
            "الدراجة، وما قد يساعدهم على ركوبها أكثر، ومدى ازدحام الجسر القديم بالفعل."
        ),
        "Between March and May, 1,214 residents told us how they travel and what would make "
        "them cycle more. Their answers shape the draft cycling strategy that is now open for "
        "comments.": (
            "بين مارس ومايو، أخبرنا 1214 من السكان كيف يتنقّلون وما الذي قد يدفعهم إلى ركوب "
            "الدراجة أكثر. وتوجّه إجاباتهم مسودة استراتيجية ركوب الدراجات المفتوحة الآن "
            "للتعليقات."
        ),
        "residents answered the cycling survey": "من السكان أجابوا على استطلاع ركوب الدراجات",
        "Online, on paper and at four public meetings, between March and May 2025.": (
            "عبر الإنترنت وعلى الورق وفي أربعة اجتماعات عامة، بين مارس ومايو 2025."
        ),
        "How often do residents cycle?": "كم مرة يركب السكان الدراجة؟",
        "How often residents cycle": "عدد مرات ركوب السكان للدراجة",
        "A third of residents never cycle; one in seven cycles every day.": (
            "ثلث السكان لا يركبون الدراجة أبدًا، وواحد من كل سبعة يركبها يوميًا."
        ),
        "Answer": "الإجابة",
        "Share of residents": "نسبة السكان",
        "Every day": "كل يوم",
        "Every week": "كل أسبوع",
        "Every month": "كل شهر",
        "Less often": "أقل من ذلك",
        "Never": "أبدًا",
        "Cycling is already part of daily life for many: more than a third of residents ride "
        "at least once a week. But a third never cycle, and most of them say they do not feel "
        "safe on the road.": (
            "ركوب الدراجة جزء من الحياة اليومية للكثيرين: أكثر من ثلث السكان يركبونها مرة "
            "واحدة على الأقل في الأسبوع. لكن الثلث لا يركبونها أبدًا، ويقول معظمهم إنهم لا "
            "يشعرون بالأمان على الطريق."
        ),
        "What would help": "ما الذي قد يساعد",
        "What would make you cycle more?": "ما الذي قد يجعلكم تركبون الدراجة أكثر؟",
        "Protected bike lanes win the most support; a bike hire scheme divides opinion.": (
            "تحظى مسارات الدراجات المحمية بأكبر تأييد، بينما تنقسم الآراء حول نظام تأجير الدراجات."
        ),
        "Measure": "الإجراء",
        "Agree": "موافق",
        "Neutral": "محايد",
        "Disagree": "غير موافق",
        "Protected bike lanes": "مسارات دراجات محمية",
        "Secure parking at stations": "مواقف آمنة في المحطات",
        "Lower speed limits": "خفض حدود السرعة",
        "A bike hire scheme": "نظام لتأجير الدراجات",
        "Protected bike lanes were the most popular answer in every district. Opinions on a "
        "bike hire scheme were split, so the draft strategy proposes a one-year trial first.": (
            "كانت المسارات المحمية الإجابة الأكثر شيوعًا في كل الأحياء. وانقسمت الآراء حول "
            "نظام تأجير الدراجات، لذلك تقترح مسودة الاستراتيجية تجربة لمدة عام أولًا."
        ),
        "More people are already cycling": "عدد راكبي الدراجات يزداد بالفعل",
        "Bicycles counted each day at the Old Bridge": "الدراجات المحصاة يوميًا عند الجسر القديم",
        "Monthly average of the automatic counter: every month of 2024 was busier than the "
        "same month of 2023.": (
            "المتوسط الشهري للعدّاد الآلي: كان كل شهر من عام 2024 أكثر ازدحامًا من الشهر نفسه "
            "في عام 2023."
        ),
        "Riverton traffic counters": "عدّادات حركة المرور في ريفرتون",
        "Survey answers by channel": "إجابات الاستطلاع حسب القناة",
        "Channel": "القناة",
        "Answers": "الإجابات",
        "Online": "عبر الإنترنت",
        "Paper forms": "الاستمارات الورقية",
        "Public meetings": "الاجتماعات العامة",
        "Total": "المجموع",
        "Comments on the draft strategy": "التعليقات على مسودة الاستراتيجية",
        "The draft strategy is open for comments. These figures update as residents take part.": (
            "مسودة الاستراتيجية مفتوحة للتعليقات. تتحدّث هذه الأرقام كلما شارك السكان."
        ),
        "comments on the draft cycling strategy so far": (
            "تعليقًا على مسودة استراتيجية ركوب الدراجات حتى الآن"
        ),
        "The survey ran from 3 March to 31 May 2025. Anyone living or working in Riverton "
        "could answer online, on a paper form available in libraries, or at one of four "
        "public meetings.": (
            "أُجري الاستطلاع من 3 مارس إلى 31 مايو 2025. وكان بإمكان كل من يعيش أو يعمل في "
            "ريفرتون الإجابة عبر الإنترنت، أو على استمارة ورقية متوفرة في المكتبات، أو في أحد "
            "الاجتماعات العامة الأربعة."
        ),
        "Answers are not weighted: they show what respondents said, not what the whole "
        "population thinks. Percentages are rounded and may not add up to 100.": (
            "الإجابات غير مرجّحة: فهي تبيّن ما قاله المشاركون، لا ما يعتقده جميع السكان. "
            "النسب المئوية مقرّبة وقد لا يساوي مجموعها 100."
        ),
        "Riverton automatic traffic counters": "عدّادات حركة المرور الآلية في ريفرتون",
        "CC BY 4.0": "CC BY 4.0",
        "Open Data Commons ODbL": "Open Data Commons ODbL",
        "Bicycle counts at the Old Bridge, 2023–2024": "أعداد الدراجات عند الجسر القديم، 2023–2024",
        "Monthly average of daily counts, one column per year.": (
            "المتوسط الشهري للأعداد اليومية، عمود لكل سنة."
        ),
    },
    "sw": {
        "What residents told us about cycling": "Wakazi walichotuambia kuhusu baiskeli",
        "1,214 residents answered our survey. Three charts show how often they cycle, what "
        "would help them cycle more, and how busy the Old Bridge already is.": (
            "Wakazi 1,214 walijibu utafiti wetu. Chati tatu zinaonyesha mara ngapi wanaendesha "
            "baiskeli, kitakachowasaidia kuendesha zaidi, na jinsi Daraja la Zamani lilivyo na "
            "shughuli nyingi tayari."
        ),
        "Between March and May, 1,214 residents told us how they travel and what would make "
        "them cycle more. Their answers shape the draft cycling strategy that is now open for "
        "comments.": (
            "Kati ya Machi na Mei, wakazi 1,214 walituambia jinsi wanavyosafiri na kile "
            "kitakachowafanya waendeshe baiskeli zaidi. Majibu yao yanaunda rasimu ya mkakati "
            "wa baiskeli ambayo sasa iko wazi kwa maoni."
        ),
        "residents answered the cycling survey": "wakazi walijibu utafiti wa baiskeli",
        "Online, on paper and at four public meetings, between March and May 2025.": (
            "Mtandaoni, kwa karatasi na katika mikutano minne ya hadhara, kati ya Machi na Mei "
            "2025."
        ),
        "How often do residents cycle?": "Wakazi huendesha baiskeli mara ngapi?",
        "How often residents cycle": "Mara ngapi wakazi huendesha baiskeli",
        "A third of residents never cycle; one in seven cycles every day.": (
            "Theluthi moja ya wakazi hawaendeshi baiskeli kamwe; mmoja kati ya saba huendesha "
            "kila siku."
        ),
        "Answer": "Jibu",
        "Share of residents": "Asilimia ya wakazi",
        "Every day": "Kila siku",
        "Every week": "Kila wiki",
        "Every month": "Kila mwezi",
        "Less often": "Mara chache zaidi",
        "Never": "Kamwe",
        "Cycling is already part of daily life for many: more than a third of residents ride "
        "at least once a week. But a third never cycle, and most of them say they do not feel "
        "safe on the road.": (
            "Baiskeli tayari ni sehemu ya maisha ya kila siku kwa wengi: zaidi ya theluthi moja "
            "ya wakazi huendesha angalau mara moja kwa wiki. Lakini theluthi moja hawaendeshi "
            "kamwe, na wengi wao wanasema hawajisikii salama barabarani."
        ),
        "What would help": "Kinachoweza kusaidia",
        "What would make you cycle more?": "Nini kingekufanya uendeshe baiskeli zaidi?",
        "Protected bike lanes win the most support; a bike hire scheme divides opinion.": (
            "Njia za baiskeli zilizolindwa zinaungwa mkono zaidi; mpango wa kukodisha "
            "baiskeli unagawanya maoni."
        ),
        "Measure": "Hatua",
        "Agree": "Nakubali",
        "Neutral": "Sina upande",
        "Disagree": "Sikubali",
        "Protected bike lanes": "Njia za baiskeli zilizolindwa",
        "Secure parking at stations": "Maegesho salama vituoni",
        "Lower speed limits": "Kupunguza kasi ya juu",
        "A bike hire scheme": "Mpango wa kukodisha baiskeli",
        "Protected bike lanes were the most popular answer in every district. Opinions on a "
        "bike hire scheme were split, so the draft strategy proposes a one-year trial first.": (
            "Njia zilizolindwa zilikuwa jibu maarufu zaidi katika kila wilaya. Maoni kuhusu "
            "mpango wa kukodisha baiskeli yaligawanyika, kwa hiyo rasimu ya mkakati "
            "inapendekeza kwanza majaribio ya mwaka mmoja."
        ),
        "More people are already cycling": "Watu wengi zaidi tayari wanaendesha baiskeli",
        "Bicycles counted each day at the Old Bridge": (
            "Baiskeli zilizohesabiwa kila siku kwenye Daraja la Zamani"
        ),
        "Monthly average of the automatic counter: every month of 2024 was busier than the "
        "same month of 2023.": (
            "Wastani wa kila mwezi wa kihesabu cha kiotomatiki: kila mwezi wa 2024 ulikuwa na "
            "baiskeli nyingi kuliko mwezi huo huo wa 2023."
        ),
        "Riverton traffic counters": "Vihesabu vya magari vya Riverton",
        "Survey answers by channel": "Majibu ya utafiti kwa njia",
        "Channel": "Njia",
        "Answers": "Majibu",
        "Online": "Mtandaoni",
        "Paper forms": "Fomu za karatasi",
        "Public meetings": "Mikutano ya hadhara",
        "Total": "Jumla",
        "Comments on the draft strategy": "Maoni kuhusu rasimu ya mkakati",
        "The draft strategy is open for comments. These figures update as residents take part.": (
            "Rasimu ya mkakati iko wazi kwa maoni. Takwimu hizi zinasasishwa kadiri wakazi "
            "wanavyoshiriki."
        ),
        "comments on the draft cycling strategy so far": (
            "maoni kuhusu rasimu ya mkakati wa baiskeli hadi sasa"
        ),
        "The survey ran from 3 March to 31 May 2025. Anyone living or working in Riverton "
        "could answer online, on a paper form available in libraries, or at one of four "
        "public meetings.": (
            "Utafiti ulifanyika kuanzia tarehe 3 Machi hadi 31 Mei 2025. Mtu yeyote anayeishi "
            "au kufanya kazi Riverton angeweza kujibu mtandaoni, kwa fomu ya karatasi "
            "inayopatikana maktaba, au katika mojawapo ya mikutano minne ya hadhara."
        ),
        "Answers are not weighted: they show what respondents said, not what the whole "
        "population thinks. Percentages are rounded and may not add up to 100.": (
            "Majibu hayajapimwa uzito: yanaonyesha waliyosema waliojibu, si wanachofikiri "
            "wakazi wote. Asilimia zimekadiriwa na huenda jumla yake isiwe 100."
        ),
        "Riverton automatic traffic counters": "Vihesabu vya kiotomatiki vya magari vya Riverton",
        "CC BY 4.0": "CC BY 4.0",
        "Open Data Commons ODbL": "Open Data Commons ODbL",
        "Bicycle counts at the Old Bridge, 2023–2024": (
            "Hesabu za baiskeli kwenye Daraja la Zamani, 2023–2024"
        ),
        "Monthly average of daily counts, one column per year.": (
            "Wastani wa kila mwezi wa hesabu za kila siku, safu moja kwa kila mwaka."
        ),
    },
}

# The Old Bridge counter, in a CSV file per language (labels in each language; the numbers
# and the column order are the same, so the chart's column choice works for all four).
COUNTS_2023 = [412, 455, 590, 760, 905, 1010, 980, 870, 940, 720, 520, 430]
COUNTS_2024 = [468, 502, 655, 842, 1012, 1144, 1096, 958, 1065, 806, 583, 479]
MONTHS = {
    "en": ("Month", "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()),
    "fr": (
        "Mois",
        "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split(),
    ),
    "ar": (
        "الشهر",
        "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر".split(),
    ),
    "sw": (
        "Mwezi",
        "Jan Feb Mac Apr Mei Jun Jul Ago Sep Okt Nov Des".split(),
    ),
}


def merge(*dicts):
    merged = {}
    for translations in dicts:
        for code, texts in translations.items():
            merged.setdefault(code, {}).update(texts)
    return merged


def source_id(name):
    """A stable block id for a chart's data: nested streams need ids for translation."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"riverton-demo-chart:{name}"))


def table(rows):
    return {
        "data": rows,
        "table_header_choice": "both",
        "first_row_is_table_header": True,
        "first_col_is_header": True,
    }


def paragraph(html):
    return {"type": "paragraph", "value": html}


def heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def load(demo):
    home = demo.home_pages["en"]
    index = demo.get_or_create_page(home, BlogIndexPage, "news", **INDEX)
    demo.translate(index, INDEX_T)
    demo.pages["news"] = index
    demo.add_menu_item(index)

    authors = {
        key: demo.get_or_create(Author, name=a["name"], defaults=a) for key, a in AUTHORS.items()
    }
    for author in authors.values():
        demo.translate(author, AUTHORS_T)

    process = _demo_process()
    documents = _count_files(demo)

    posts = [
        _consultation_post(demo, index, authors, process),
        _market_post(demo, index, authors),
        _budget_post(demo, index, authors),
    ]
    story = _cycling_story(demo, index, authors, process, documents)
    demo.log(f"  news: {len(posts)} posts and the data story {story.url_path}")


def _author_links(demo, *authors):
    return [
        BlogPageAuthor(author=author, locale=demo.locales["en"], sort_order=order)
        for order, author in enumerate(authors)
    ]


def _demo_process():
    """The demo consultation's process (the cycling strategy), or the first live one."""
    try:
        from processes.models import ProcessPage
    except ImportError:
        return None
    processes = ProcessPage.objects.live().filter(locale__language_code="en")
    return (
        processes.filter(slug__icontains="cycling").first()
        or processes.filter(title__icontains="cycling").first()
        or processes.order_by("path").first()
    )


def _consultation_post(demo, index, authors, process):
    texts = CONSULTATION_POST
    body = [paragraph(html) for html in texts["paragraphs"]]
    if process is not None:
        body.append(
            {
                "type": "call_to_action",
                "value": {**texts["cta"], "page": process.pk, "url": ""},
            }
        )
    post = demo.get_or_create_page(
        index,
        BlogPage,
        "have-your-say-on-cycling",
        title=texts["title"],
        date="2025-03-03",
        summary=texts["summary"],
        topic=demo.topics.get("transport"),
        image=demo.image(
            "cycling-consultation",
            title="Cyclists on the river path",
            description="Cyclists riding along the river path at sunset.",
            motif="river",
            palette="dusk",
        ),
        body=body,
        post_authors=_author_links(demo, authors["amina"]),
    )
    demo.translate(post, CONSULTATION_POST_T)
    return post


def _market_post(demo, index, authors):
    texts = MARKET_POST
    post = demo.get_or_create_page(
        index,
        BlogPage,
        "trees-for-market-square",
        title=texts["title"],
        date="2025-04-14",
        summary=texts["summary"],
        topic=demo.topics.get("public-spaces"),
        image=demo.image(
            "market-square",
            title="Market Square on a summer morning",
            description="Market stalls and benches on Market Square.",
            motif="city",
            palette="meadow",
        ),
        body=[
            paragraph(texts["paragraph"]),
            {
                "type": "key_figure",
                "value": {"figure": "48", "units": "", "source": "", **texts["figure"]},
            },
            {"type": "quote", "value": texts["quote"]},
        ],
        post_authors=_author_links(demo, authors["daniel"]),
    )
    demo.translate(post, MARKET_POST_T)
    return post


def _budget_post(demo, index, authors):
    texts = BUDGET_POST
    chart = texts["chart"]
    post = demo.get_or_create_page(
        index,
        BlogPage,
        "budget-2026-your-suggestions",
        title=texts["title"],
        date="2025-05-20",
        summary=texts["summary"],
        topic=demo.topics.get("budget"),
        body=[
            paragraph(texts["paragraphs"][0]),
            {
                "type": "chart",
                "value": {
                    "title": chart["title"],
                    "chart_type": "horizontal_bar",
                    "data": [
                        {
                            "type": "table",
                            "value": table(chart["rows"]),
                            "id": source_id(chart["title"]),
                        }
                    ],
                    "description": chart["description"],
                    "units": "%",
                    "source": chart["source"],
                    "source_url": "",
                },
            },
            paragraph(texts["paragraphs"][1]),
        ],
        post_authors=_author_links(demo, authors["daniel"], authors["amina"]),
    )
    demo.translate(post, BUDGET_POST_T)
    return post


def _count_files(demo):
    """One CSV document per language with the Old Bridge counts, found again by title."""
    document_model = get_document_model()
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name="Riverton demo").first() or root.add_child(
        name="Riverton demo"
    )
    documents = {}
    for code, (month_heading, months) in MONTHS.items():
        title = f"Old Bridge bicycle counts 2023-2024 ({code})"
        document = document_model.objects.filter(title=title).first()
        if document is None:
            lines = [f"{month_heading},2023,2024"] + [
                f"{month},{a},{b}"
                for month, a, b in zip(months, COUNTS_2023, COUNTS_2024, strict=True)
            ]
            # Excel opens UTF-8 with a byte-order mark correctly; the chart reads either.
            content = ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")
            document = document_model(title=title, collection=collection)
            document.file.save(f"old-bridge-bicycle-counts-{code}.csv", ContentFile(content))
            document._set_document_file_metadata()
            document.save()
            demo.log(f"  created document {title!r}")
        documents[code] = document
    return documents


def _cycling_story(demo, index, authors, process, documents):
    texts = STORY
    body = [
        paragraph(texts["intro"]),
        {
            "type": "key_figure",
            "value": {"figure": "1214", "units": "", "source": SURVEY, **texts["figure"]},
        },
        heading(texts["heading_often"]),
        _chart(texts["often"], "donut", table(texts["often"]["rows"]), units="%", source=SURVEY),
        paragraph(texts["after_often"]),
        heading(texts["heading_help"]),
        _chart(
            texts["help"],
            "stacked_horizontal_bar",
            table(texts["help"]["rows"]),
            units="%",
            source=SURVEY,
        ),
        paragraph(texts["after_help"]),
        heading(texts["heading_counts"]),
        {
            "type": "chart",
            "value": {
                "title": texts["counts"]["title"],
                "chart_type": "line",
                "data": [
                    {
                        "type": "csv",
                        "value": {
                            "document": documents["en"].pk,
                            # By number, so the translated files (other headings) match too.
                            "label_column": "1",
                            "value_columns": "2, 3",
                            "encoding": "auto",
                        },
                        "id": source_id(texts["counts"]["title"]),
                    }
                ],
                "description": texts["counts"]["description"],
                "units": "",
                "source": texts["counts"]["source"],
                "source_url": "https://example.org/riverton/traffic-counters",
            },
        },
        {
            "type": "data_table",
            "value": {
                "caption": texts["channels"]["caption"],
                "table": table(texts["channels"]["rows"]),
                "source": SURVEY,
                "note": "",
            },
        },
    ]
    if process is not None:
        body += [
            heading(texts["heading_live"]),
            paragraph(texts["before_live"]),
            {
                "type": "live_figure",
                "value": {
                    "process": process.pk,
                    "measure": "contributions",
                    "label": texts["live_label"],
                    "clause_count": 5,
                },
            },
            {
                "type": "live_figure",
                "value": {
                    "process": process.pk,
                    "measure": "top_clauses",
                    "label": texts["live_label"],
                    "clause_count": 3,
                },
            },
        ]
    story = demo.get_or_create_page(
        index,
        DataStoryPage,
        "what-residents-told-us-about-cycling",
        title=texts["title"],
        date="2025-06-10",
        summary=texts["summary"],
        topic=demo.topics.get("transport"),
        image=demo.image(
            "cycling-survey",
            title="Bicycles parked by the Old Bridge",
            description="Bicycles parked in a row by the Old Bridge.",
            motif="river",
            palette="river",
        ),
        body=body,
        methodology=texts["methodology"],
        data_sources=[
            {"type": "source", "value": {"title": title, "url": url, "licence": licence}}
            for title, url, licence in texts["sources"]
        ],
        data_files=[{"type": "file", "value": {"document": documents["en"].pk, **texts["file"]}}],
        post_authors=_author_links(demo, authors["amina"], authors["daniel"]),
    )
    demo.translate(story, merge(COMMON_T, STORY_T))
    _use_translated_files(demo, story, documents)
    return story


def _chart(texts, chart_type, data_table, units="", source=""):
    return {
        "type": "chart",
        "value": {
            "title": texts["title"],
            "chart_type": chart_type,
            "data": [{"type": "table", "value": data_table, "id": source_id(texts["title"])}],
            "description": texts["description"],
            "units": units,
            "source": source,
            "source_url": "",
        },
    }


def _use_translated_files(demo, page, documents):
    """Point each translation at the CSV file in its own language.

    Done the way a translator does it in wagtail-localize's editor: an override of the
    document segment, so later syncs of the translation keep it.
    """
    from wagtail_localize.models import (
        OverridableSegment,
        SegmentOverride,
        Translation,
        TranslationSource,
    )

    source = TranslationSource.objects.get_for_instance(page)
    english = json.dumps(documents["en"].pk)
    segments = [
        segment
        for segment in OverridableSegment.objects.filter(source=source).select_related("context")
        if segment.context.path.endswith(".document") and segment.data_json == english
    ]
    for code in demo.languages:
        locale = demo.locales[code]
        wanted = json.dumps(documents[code].pk)
        changed = False
        for segment in segments:
            override, created = SegmentOverride.objects.get_or_create(
                locale=locale, context=segment.context, defaults={"data_json": wanted}
            )
            if not created and override.data_json != wanted:
                override.data_json = wanted
                override.save(update_fields=["data_json"])
                changed = True
            changed = changed or created
        if changed:
            translation = Translation.objects.get(source=source, target_locale=locale)
            target, _created = translation.source.create_or_update_translation(
                locale, publish=False, fallback=True
            )
            target.refresh_from_db()
            target.get_latest_revision().publish()
