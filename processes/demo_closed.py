"""The demo's closed process, "Clean Air Around Schools", with its feedback published.

What it shows, in English, French, Arabic and Swahili:

* a consult-level process whose phases are all in the past (consultation 120 to 60 days
  ago, then analysis and decision);
* its consultation page, "Draft School Streets Plan": the version people commented on is
  dated before the consultation closed, and a later published version rewords one clause,
  adds one and removes one, so the feedback page shows a real document comparison;
* twenty comments in the four languages (three given offline), several from people who
  asked to hear back;
* "What we did with your feedback": four "You said / We did" responses (adopted, adapted,
  not adopted, under consideration) citing real clauses and comments, and next steps.

Publishing the feedback page sends the outcome e-mails once (the console backend prints
them in development); the admin then lists them as sent. Everything is made only when the
process does not exist yet, so running ``load_demo`` again changes nothing and sends
nothing.
"""

import json
import uuid
from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision

from home.demo import Phrasebook
from home.demo.framework import french_typography
from processes.models import (
    Area,
    Channel,
    ConsultationPage,
    FeedbackPage,
    Phase,
    ProcessIndexPage,
    ProcessPage,
    build_comment,
    create_offline_comment,
)

PROCESS_SLUG = "clean-air-around-schools"
CONSULTATION_SLUG = "draft-school-streets-plan"
FEEDBACK_SLUG = "what-we-did"

# Clause and theme ids are derived from names, so they are the same on every fresh load.
_NAMESPACE = uuid.UUID("6f1c2d3e-8a7b-4c5d-9e0f-1a2b3c4d5e6f")


def block_id(name):
    return str(uuid.uuid5(_NAMESPACE, name))


# -- the "Have your say" index (made here only if processes.demo did not make it) ----------

# The same texts as processes.demo's, so whichever module makes the page, it reads the same.
INDEX_T = Phrasebook()
INDEX_TITLE = INDEX_T(
    "Have your say", fr="Donnez votre avis", ar="شاركوا برأيكم", sw="Toa maoni yako"
)
INDEX_INTRO = INDEX_T.p(
    "Consultations, workshops and calls for ideas where Riverton residents shape the "
    "decisions of the City Council. Read what is proposed, say what you think, and "
    "see what was done with what people said.",
    fr="Consultations, ateliers et appels à idées où les habitants de Riverton "
    "participent aux décisions du conseil municipal. Lisez ce qui est proposé, dites "
    "ce que vous en pensez et voyez ce qui a été fait de ce que les gens ont dit.",
    ar="استشارات وورش عمل ودعوات لتقديم الأفكار يشارك فيها سكان ريفرتون في صنع "
    "قرارات مجلس المدينة. اقرؤوا ما هو مقترح، وقولوا رأيكم، واطّلعوا على ما تمّ "
    "بما قاله الناس.",
    sw="Mashauriano, warsha na miito ya mawazo ambapo wakazi wa Riverton wanashiriki "
    "katika maamuzi ya Baraza la Jiji. Soma kinachopendekezwa, sema unachofikiri, "
    "na uone kilichofanywa na maoni ya watu.",
)

# -- the process ---------------------------------------------------------------------------

pb = Phrasebook()

PROCESS = {
    "title": pb(
        "Clean Air Around Schools",
        fr="Un air plus sain autour des écoles",
        ar="هواء نظيف حول المدارس",
        sw="Hewa safi karibu na shule",
    ),
    "summary": pb(
        "How should Riverton cut the traffic fumes children breathe outside school? We asked "
        "families, school staff and neighbours about school streets, idling engines and safer "
        "routes to twelve pilot schools.",
        fr="Comment Riverton peut-elle réduire les gaz d'échappement que les enfants respirent "
        "devant l'école ? Nous avons interrogé les familles, le personnel scolaire et les "
        "riverains sur les rues scolaires, les moteurs qui tournent au ralenti et des trajets "
        "plus sûrs vers douze écoles pilotes.",
        ar="كيف تخفّض ريفرتون عوادم السيارات التي يستنشقها الأطفال أمام المدارس؟ سألنا الأسر "
        "والعاملين في المدارس والجيران عن الشوارع المدرسية وترك المحركات تعمل وطرق أكثر أمانًا "
        "إلى اثنتي عشرة مدرسة تجريبية.",
        sw="Riverton ipunguze vipi moshi wa magari ambao watoto huvuta nje ya shule? Tuliuliza "
        "familia, wafanyakazi wa shule na majirani kuhusu mitaa ya shule, injini zinazoachwa "
        "zikiwaka na njia salama zaidi kwenda shule kumi na mbili za majaribio.",
    ),
    "objectives": pb.p(
        "Reduce the air pollution children breathe on the way to and from school, and make "
        "walking, scooting and cycling to school safer and more pleasant.",
        fr="Réduire la pollution de l'air que respirent les enfants sur le chemin de l'école, "
        "et rendre plus sûrs et plus agréables les trajets à pied, en trottinette et à vélo.",
        ar="خفض تلوث الهواء الذي يستنشقه الأطفال في طريقهم من المدرسة وإليها، وجعل الذهاب إلى "
        "المدرسة سيرًا أو بالسكوتر أو بالدراجة أكثر أمانًا ومتعة.",
        sw="Kupunguza uchafuzi wa hewa ambao watoto huvuta wakienda na kurudi shuleni, na "
        "kufanya kutembea, kutumia skuta na kuendesha baiskeli kwenda shule kuwe salama zaidi "
        "na kwa raha.",
    ),
    "input_use": pb.p(
        "The Environment and Transport teams read every comment, grouped them into themes and "
        "proposed changes to the draft. The City Council adopted the final plan in a public "
        "session, and the feedback page explains what changed and why.",
        fr="Les équipes Environnement et Transports ont lu chaque commentaire, les ont regroupés "
        "par thèmes et ont proposé des modifications du projet. Le conseil municipal a adopté le "
        "plan définitif en séance publique ; la page de retour explique ce qui a changé et "
        "pourquoi.",
        ar="قرأ فريقا البيئة والنقل كل تعليق، وصنّفا التعليقات في محاور، واقترحا تعديلات على "
        "المسودة. واعتمد مجلس المدينة الخطة النهائية في جلسة علنية، وتشرح صفحة النتائج ما تغيّر "
        "ولماذا.",
        sw="Timu za Mazingira na Usafiri zilisoma kila maoni, zikayapanga kwa mada na kupendekeza "
        "mabadiliko kwenye rasimu. Baraza la Jiji lilipitisha mpango wa mwisho katika kikao cha "
        "wazi, na ukurasa wa matokeo unaeleza kilichobadilika na kwa nini.",
    ),
    "responsible_body": pb(
        "Riverton City Council, Environment and Transport Department",
        fr="Ville de Riverton, direction de l'Environnement et des Transports",
        ar="مجلس مدينة ريفرتون، إدارة البيئة والنقل",
        sw="Baraza la Jiji la Riverton, Idara ya Mazingira na Usafiri",
    ),
    "contact_name": pb("Grace Mwangi", fr="Grace Mwangi", ar="غريس موانجي", sw="Grace Mwangi"),
    "contact_email": "cleanair@riverton.example",
}

AREAS = [
    pb("Old Port", fr="Vieux-Port", ar="الميناء القديم", sw="Bandari ya Zamani"),
    pb("Riverside", fr="Les Berges", ar="ضفة النهر", sw="Kando ya Mto"),
    pb("North Hills", fr="Collines du Nord", ar="التلال الشمالية", sw="Milima ya Kaskazini"),
]

PHASES = [
    # (title, description, start days ago, end days ago, participation)
    (
        pb("Consultation", fr="Consultation", ar="الاستشارة", sw="Mashauriano"),
        pb(
            "Families, school staff and neighbours commented on the draft plan online, on paper "
            "and at a meeting in each pilot school.",
            fr="Les familles, le personnel scolaire et les riverains ont commenté le projet de "
            "plan en ligne, sur papier et lors d'une réunion dans chaque école pilote.",
            ar="علّقت الأسر والعاملون في المدارس والجيران على مسودة الخطة عبر الإنترنت وعلى الورق "
            "وفي اجتماع عُقد في كل مدرسة تجريبية.",
            sw="Familia, wafanyakazi wa shule na majirani walitoa maoni kuhusu rasimu ya mpango "
            "mtandaoni, kwa karatasi na katika mkutano kwenye kila shule ya majaribio.",
        ),
        120,
        60,
        True,
    ),
    (
        pb("Analysis", fr="Analyse", ar="التحليل", sw="Uchambuzi"),
        pb(
            "The council's teams read every comment, grouped them into themes and tested the "
            "proposals with the schools and the bus company.",
            fr="Les équipes de la Ville ont lu chaque commentaire, les ont regroupés par thèmes et "
            "ont testé les propositions avec les écoles et la compagnie de bus.",
            ar="قرأت فرق المجلس كل تعليق وصنّفت التعليقات في محاور، ثم ناقشت المقترحات مع المدارس "
            "وشركة الحافلات.",
            sw="Timu za baraza zilisoma kila maoni, zikayapanga kwa mada na kujadili mapendekezo "
            "na shule pamoja na kampuni ya mabasi.",
        ),
        60,
        30,
        False,
    ),
    (
        pb("Decision", fr="Décision", ar="القرار", sw="Uamuzi"),
        pb(
            "The City Council debated the final plan and adopted it in a public session.",
            fr="Le conseil municipal a débattu du plan définitif et l'a adopté en séance publique.",
            ar="ناقش مجلس المدينة الخطة النهائية واعتمدها في جلسة علنية.",
            sw="Baraza la Jiji lilijadili mpango wa mwisho na kuupitisha katika kikao cha wazi.",
        ),
        30,
        14,
        False,
    ),
]

# -- the consultation document -------------------------------------------------------------

CONSULTATION = {
    "title": pb(
        "Draft School Streets Plan",
        fr="Projet de plan « Rues scolaires »",
        ar="مسودة خطة الشوارع المدرسية",
        sw="Rasimu ya Mpango wa Mitaa ya Shule",
    ),
    "introduction": pb.p(
        "This draft sets out how the streets around twelve pilot schools would change. "
        "Comment on any clause: say what you support, what worries you and what is missing.",
        fr="Ce projet décrit comment les rues autour de douze écoles pilotes changeraient. "
        "Commentez n'importe quel article : dites ce que vous soutenez, ce qui vous inquiète et "
        "ce qui manque.",
        ar="تعرض هذه المسودة كيف ستتغيّر الشوارع المحيطة باثنتي عشرة مدرسة تجريبية. علّقوا على "
        "أي بند: ما الذي تؤيدونه، وما الذي يقلقكم، وما الذي ينقص.",
        sw="Rasimu hii inaeleza jinsi mitaa inayozunguka shule kumi na mbili za majaribio "
        "itakavyobadilika. Toa maoni kuhusu kifungu chochote: unachokiunga mkono, kinachokutia "
        "wasiwasi na kinachokosekana.",
    ),
}

# name -> (kind, English text, fr, ar, sw); clauses are rich text paragraphs
DOCUMENT = [
    (
        "h-streets",
        "heading",
        pb("School streets", fr="Rues scolaires", ar="الشوارع المدرسية", sw="Mitaa ya shule"),
    ),
    (
        "times",
        "clause",
        pb(
            "On school days, the street outside the gates of each pilot school will be closed "
            "to motor traffic for thirty minutes at the start and at the end of the school day.",
            fr="Les jours d'école, la rue devant l'entrée de chaque école pilote sera fermée à la "
            "circulation motorisée pendant trente minutes au début et à la fin de la journée "
            "scolaire.",
            ar="في أيام الدراسة، يُغلق الشارع أمام بوابة كل مدرسة تجريبية أمام المركبات لمدة "
            "ثلاثين دقيقة في بداية اليوم الدراسي ونهايته.",
            sw="Siku za shule, mtaa ulio mbele ya lango la kila shule ya majaribio utafungwa kwa "
            "magari kwa dakika thelathini mwanzoni na mwishoni mwa siku ya shule.",
        ),
    ),
    (
        "access",
        "clause",
        pb(
            "Residents of a school street, blue badge holders and deliveries booked in advance "
            "keep access at all times, driving at walking pace.",
            fr="Les habitants d'une rue scolaire, les titulaires d'une carte de stationnement pour "
            "personnes handicapées et les livraisons réservées à l'avance gardent l'accès à tout "
            "moment, au pas.",
            ar="يحتفظ سكان الشارع المدرسي وحاملو بطاقة ذوي الإعاقة والتوصيلات المحجوزة مسبقًا بحق "
            "الدخول في كل الأوقات، بسرعة المشي.",
            sw="Wakazi wa mtaa wa shule, wenye kibali cha watu wenye ulemavu na mizigo "
            "iliyopangwa mapema wataendelea kuruhusiwa kuingia wakati wote, wakiendesha kwa "
            "mwendo wa mtu anayetembea.",
        ),
    ),
    (
        "permits",
        "clause",
        pb(
            "Parents who live more than two kilometres from school may apply for a permit to "
            "drive to the gate during closure times.",
            fr="Les parents qui habitent à plus de deux kilomètres de l'école peuvent demander une "
            "autorisation pour se rendre en voiture jusqu'à l'entrée pendant les heures de "
            "fermeture.",
            ar="يمكن للآباء الذين يسكنون على بعد أكثر من كيلومترين من المدرسة طلب تصريح للوصول "
            "بالسيارة إلى البوابة خلال ساعات الإغلاق.",
            sw="Wazazi wanaoishi zaidi ya kilomita mbili kutoka shuleni wanaweza kuomba kibali cha "
            "kuendesha gari hadi langoni wakati wa kufungwa.",
        ),
    ),
    (
        "h-air",
        "heading",
        pb("Cleaner air", fr="Un air plus sain", ar="هواء أنظف", sw="Hewa safi zaidi"),
    ),
    (
        "sensors",
        "clause",
        pb(
            "The city will install an air quality sensor at every pilot school and publish its "
            "readings online every hour.",
            fr="La Ville installera un capteur de qualité de l'air dans chaque école pilote et "
            "publiera ses relevés en ligne toutes les heures.",
            ar="ستركّب المدينة جهاز استشعار لجودة الهواء في كل مدرسة تجريبية وتنشر قراءاته على "
            "الإنترنت كل ساعة.",
            sw="Jiji litaweka kipimo cha ubora wa hewa katika kila shule ya majaribio na "
            "kuchapisha vipimo vyake mtandaoni kila saa.",
        ),
    ),
    (
        "idling",
        "clause",
        pb(
            "Drivers must switch off their engine when waiting within 200 metres of a school; "
            "parking wardens may issue a fine after a first warning.",
            fr="Les conducteurs doivent couper leur moteur lorsqu'ils attendent à moins de 200 "
            "mètres d'une école ; les agents de stationnement peuvent verbaliser après un premier "
            "avertissement.",
            ar="يجب على السائقين إطفاء المحرك أثناء الانتظار على بعد أقل من 200 متر من المدرسة، "
            "ويجوز لمراقبي المواقف تحرير مخالفة بعد إنذار أول.",
            sw="Madereva lazima wazime injini wanaposubiri ndani ya mita 200 kutoka shuleni; "
            "walinzi wa maegesho wanaweza kutoa faini baada ya onyo la kwanza.",
        ),
    ),
    (
        "trees",
        "clause",
        pb(
            "Trees and hedges will be planted along the busiest routes to school to screen "
            "pupils from traffic.",
            fr="Des arbres et des haies seront plantés le long des trajets scolaires les plus "
            "fréquentés pour protéger les élèves de la circulation.",
            ar="ستُزرع أشجار وسياجات نباتية على طول أكثر الطرق المؤدية إلى المدارس ازدحامًا لحماية "
            "التلاميذ من حركة السير.",
            sw="Miti na vichaka vitapandwa kando ya njia zenye shughuli nyingi zaidi za kwenda "
            "shule ili kuwakinga wanafunzi dhidi ya magari.",
        ),
    ),
    (
        "h-routes",
        "heading",
        pb(
            "Walking and cycling to school",
            fr="Aller à l'école à pied et à vélo",
            ar="الذهاب إلى المدرسة سيرًا وبالدراجة",
            sw="Kutembea na kuendesha baiskeli kwenda shule",
        ),
    ),
    (
        "parking",
        "clause",
        pb(
            "Each pilot school will get covered, secure parking for at least 20 bicycles and "
            "scooters.",
            fr="Chaque école pilote disposera d'un stationnement couvert et sécurisé pour au moins "
            "20 vélos et trottinettes.",
            ar="ستحصل كل مدرسة تجريبية على موقف مسقوف وآمن يتسع لعشرين دراجة وسكوترًا على الأقل.",
            sw="Kila shule ya majaribio itapata maegesho yenye paa na salama kwa angalau baiskeli "
            "na skuta 20.",
        ),
    ),
    (
        "crossings",
        "clause",
        pb(
            "Crossings within 400 metres of each pilot school will be reviewed, and a school "
            "crossing patrol provided where the review finds one is needed.",
            fr="Les passages piétons situés à moins de 400 mètres de chaque école pilote seront "
            "examinés, et un agent de traversée sera prévu là où l'examen en montre le besoin.",
            ar="ستُراجَع معابر المشاة الواقعة على بعد أقل من 400 متر من كل مدرسة تجريبية، ويُعيَّن "
            "مرافق لعبور التلاميذ حيث تُظهر المراجعة الحاجة إليه.",
            sw="Vivuko vilivyo ndani ya mita 400 kutoka kila shule ya majaribio vitakaguliwa, na "
            "mlinzi wa kuvusha wanafunzi atawekwa pale ukaguzi utakapoonyesha anahitajika.",
        ),
    ),
    (
        "review",
        "clause",
        pb(
            "The plan will be reviewed after one school year, using the sensor readings, traffic "
            "counts and a survey of families.",
            fr="Le plan sera évalué après une année scolaire, à partir des relevés des capteurs, "
            "des comptages de circulation et d'une enquête auprès des familles.",
            ar="ستُقيَّم الخطة بعد عام دراسي واحد، اعتمادًا على قراءات أجهزة الاستشعار وإحصاءات "
            "حركة السير واستطلاع لآراء الأسر.",
            sw="Mpango utatathminiwa baada ya mwaka mmoja wa shule, kwa kutumia vipimo vya hewa, "
            "hesabu za magari na utafiti wa familia.",
        ),
    ),
]

# The final version: "times" reworded, "permits" removed, "main-roads" added after "access".
FINAL_TIMES = pb(
    "On school days, the street outside the gates of each pilot school will be closed to "
    "motor traffic for an hour and a quarter at the start and at the end of the school day, "
    "so that breakfast and after-school clubs are covered.",
    fr="Les jours d'école, la rue devant l'entrée de chaque école pilote sera fermée à la "
    "circulation motorisée pendant une heure et quart au début et à la fin de la journée "
    "scolaire, afin de couvrir l'accueil du matin et les activités périscolaires.",
    ar="في أيام الدراسة، يُغلق الشارع أمام بوابة كل مدرسة تجريبية أمام المركبات لمدة ساعة "
    "وربع في بداية اليوم الدراسي ونهايته، بحيث يشمل الإغلاق الأنشطة الصباحية وأنشطة ما بعد "
    "المدرسة.",
    sw="Siku za shule, mtaa ulio mbele ya lango la kila shule ya majaribio utafungwa kwa magari "
    "kwa saa moja na robo mwanzoni na mwishoni mwa siku ya shule, ili kujumuisha klabu za "
    "asubuhi na za baada ya shule.",
)
MAIN_ROADS = pb(
    "Where a school's gate is on a main road that cannot be closed, the city will create a "
    "clean air zone instead: a widened pavement, planting, no-idling signs and a drop-off "
    "point in a side street.",
    fr="Lorsque l'entrée d'une école donne sur un axe principal qui ne peut pas être fermé, la "
    "Ville créera à la place une zone d'air sain : un trottoir élargi, des plantations, des "
    "panneaux « moteur coupé » et un point de dépose dans une rue voisine.",
    ar="حيث تقع بوابة المدرسة على طريق رئيسي لا يمكن إغلاقه، ستنشئ المدينة بدلًا من ذلك منطقة "
    "هواء نظيف: رصيف أعرض، ومساحات مزروعة، ولافتات تمنع ترك المحرك يعمل، ونقطة إنزال في شارع "
    "جانبي.",
    sw="Pale lango la shule liko kwenye barabara kuu isiyoweza kufungwa, jiji litaweka badala "
    "yake eneo la hewa safi: njia ya waenda kwa miguu iliyopanuliwa, mimea, alama za kuzima "
    "injini na sehemu ya kushusha watoto katika mtaa wa pembeni.",
)


def document_blocks(final=False):
    blocks = []
    for name, kind, text in DOCUMENT:
        if final and name == "permits":
            continue
        if final and name == "times":
            text = FINAL_TIMES
        value = (
            {"text": text} if kind == "heading" else {"text": f"<p>{text}</p>", "subclause": False}
        )
        blocks.append({"type": kind, "id": block_id(f"clean-air/{name}"), "value": value})
        if final and name == "access":
            blocks.append(
                {
                    "type": "clause",
                    "id": block_id("clean-air/main-roads"),
                    "value": {"text": f"<p>{MAIN_ROADS}</p>", "subclause": False},
                }
            )
    return blocks


def clause(name):
    return block_id(f"clean-air/{name}")


# -- comments ------------------------------------------------------------------------------
# key, days after opening, language, clause ("" = the whole document), name, e-mail,
# wants outcome, text
# The texts are each person's own words, in their own language: not translated.

ONLINE_COMMENTS = [
    (
        "tom",
        2,
        "en",
        "times",
        "Tom Becker",
        "tom.becker@example.org",
        True,
        "Breakfast club starts at 7:50, so the closure should start earlier. At 8:15 the "
        "street is already full of cars.",
    ),
    (
        "priya",
        3,
        "en",
        "permits",
        "Priya Nair",
        "priya.nair@example.org",
        True,
        "Permits for parents who live far away will bring back exactly the cars this plan is "
        "meant to remove. Please drop this clause.",
    ),
    (
        "hamid",
        5,
        "ar",
        "times",
        "حامد العلي",
        "hamid.ali@example.org",
        True,
        "أنشطة ما بعد المدرسة تنتهي في الرابعة، والشارع يمتلئ بالسيارات بعد 15:45. نرجو تمديد "
        "الإغلاق في المساء.",
    ),
    (
        "claire",
        6,
        "fr",
        "permits",
        "Claire Dubois",
        "claire.dubois@example.org",
        True,
        "Une dérogation pour les familles éloignées, c'est la porte ouverte à tous les abus. "
        "Mieux vaut un point de dépose à quelques rues de l'école.",
    ),
    (
        "neema",
        8,
        "sw",
        "crossings",
        "Neema Otieno",
        "neema.otieno@example.org",
        True,
        "Kivuko cha barabara ya Mto karibu na shule ya Riverside ni hatari sana asubuhi. "
        "Tunahitaji mlinzi wa kuvusha watoto kila siku.",
    ),
    (
        "oliver",
        11,
        "en",
        "idling",
        "Oliver Grant",
        "",
        False,
        "A fine after a warning is too soft. Cameras outside the gates would stop idling for good.",
    ),
    (
        "fatima",
        13,
        "ar",
        "",
        "فاطمة الزهراء",
        "fatima.z@example.org",
        True,
        "مدرسة أطفالي تقع على الطريق الرئيسي ولن يُغلق شارعها. ماذا ستفعلون للمدارس المطلة على "
        "الطرق الكبيرة؟",
    ),
    (
        "julien",
        15,
        "fr",
        "parking",
        "Julien Martin",
        "",
        False,
        "Vingt places de vélo, c'est trop peu pour une école de 400 élèves. Prévoyez au moins le "
        "double.",
    ),
    (
        "baraka",
        18,
        "sw",
        "times",
        "Baraka Mwita",
        "baraka.mwita@example.org",
        True,
        "Klabu za michezo baada ya shule zinamalizika saa kumi. Mtaa ufungwe hadi saa kumi na "
        "robo jioni.",
    ),
    (
        "sarah",
        21,
        "en",
        "sensors",
        "Sarah O'Connor",
        "",
        False,
        "Please publish the sensor readings as open data so parents and researchers can compare "
        "schools.",
    ),
    (
        "youssef",
        24,
        "ar",
        "idling",
        "يوسف منصور",
        "",
        False,
        "أؤيد منع ترك المحركات تعمل. كثير من الآباء ينتظرون والمحرك يعمل لعشرين دقيقة.",
    ),
    (
        "amelie",
        27,
        "fr",
        "times",
        "Amélie Laurent",
        "amelie.laurent@example.org",
        True,
        "Notre école est sur le boulevard du Fleuve. Une rue scolaire y est impossible : que "
        "prévoyez-vous pour nous ?",
    ),
    (
        "daudi",
        30,
        "sw",
        "permits",
        "Daudi Kimaro",
        "",
        False,
        "Vibali vya wazazi vitaharibu mpango mzima. Kila mtu atasema anaishi mbali.",
    ),
    (
        "grace",
        34,
        "en",
        "trees",
        "Grace Adeyemi",
        "",
        False,
        "Hedges along Mill Lane would help a lot; the pavement is right next to the buses.",
    ),
    (
        "karim",
        38,
        "ar",
        "crossings",
        "كريم حداد",
        "karim.haddad@example.org",
        True,
        "المعبر أمام مدرسة التلال الشمالية بلا إشارة ضوئية. "
        "نحتاج إلى مرافق لعبور الأطفال قبل أي شيء آخر.",
    ),
    (
        "mathilde",
        44,
        "fr",
        "access",
        "Mathilde Roux",
        "",
        False,
        "Je suis infirmière à domicile et je dois pouvoir accéder à mes patients dans la rue de "
        "l'école. Merci de prévoir les soignants.",
    ),
    (
        "james",
        52,
        "en",
        "review",
        "James Whitfield",
        "",
        False,
        "A review after one year is good, but please include the streets around the school, where "
        "traffic may move to.",
    ),
]

OFFLINE_COMMENTS = [
    # key, days after opening, language, clause, channel, meeting, name, e-mail, wants, text
    (
        "meeting-hillside",
        20,
        "en",
        "times",
        Channel.MEETING,
        "North Hills Primary parents' evening",
        "",
        "",
        False,
        "Several parents at the meeting asked for the afternoon closure to cover the after-school "
        "clubs, which finish at four.",
    ),
    (
        "meeting-oldport",
        33,
        "sw",
        "permits",
        Channel.MEETING,
        "Mkutano wa wazazi, Shule ya Msingi Bandari ya Zamani",
        "Mama Zawadi",
        "",
        False,
        "Wazazi wengi walikubaliana kwamba vibali vya kuendesha gari hadi langoni havifai.",
    ),
    (
        "letter-ali",
        41,
        "ar",
        "crossings",
        Channel.PAPER,
        "",
        "علي بن سالم",
        "ali.salem@example.org",
        True,
        "أكتب إليكم بصفتي جدًا يرافق حفيديه كل صباح: عبور الطريق أمام مدرسة ضفة النهر خطير، "
        "وأرجو تعيين مرافق لعبور التلاميذ.",
    ),
]


# -- the feedback page ---------------------------------------------------------------------

FEEDBACK = {
    "title": pb(
        "What we did with your feedback",
        fr="Ce que nous avons fait de vos contributions",
        ar="ما فعلناه بملاحظاتكم",
        sw="Tulichofanya na mrejesho wenu",
    ),
    "introduction": pb.p(
        "Thank you to the families, school staff and neighbours who commented on the draft "
        "School Streets Plan. Here is what you told us, what the City Council decided and why.",
        fr="Merci aux familles, au personnel scolaire et aux riverains qui ont commenté le projet "
        "de plan « Rues scolaires ». Voici ce que vous nous avez dit, ce que le conseil municipal "
        "a décidé et pourquoi.",
        ar="شكرًا للأسر والعاملين في المدارس والجيران الذين علّقوا على مسودة خطة الشوارع "
        "المدرسية. إليكم ما قلتموه لنا، وما قرّره مجلس المدينة، ولماذا.",
        sw="Asanteni familia, wafanyakazi wa shule na majirani mliotoa maoni kuhusu rasimu ya "
        "Mpango wa Mitaa ya Shule. Haya ndiyo mliyotuambia, alichoamua Baraza la Jiji na kwa nini.",
    ),
    "changes_introduction": pb.p(
        "The final plan differs from the consulted draft in three places: the closure times, "
        "the permits for parents and the schools on main roads.",
        fr="Le plan définitif diffère du projet soumis à consultation sur trois points : les "
        "horaires de fermeture, les autorisations pour les parents et les écoles situées sur "
        "des axes principaux.",
        ar="تختلف الخطة النهائية عن المسودة المعروضة للاستشارة في ثلاثة مواضع: أوقات الإغلاق، "
        "وتصاريح الآباء، والمدارس الواقعة على الطرق الرئيسية.",
        sw="Mpango wa mwisho unatofautiana na rasimu iliyojadiliwa katika mambo matatu: saa za "
        "kufunga mitaa, vibali vya wazazi na shule zilizo kwenye barabara kuu.",
    ),
}

THEMES = [
    {
        "name": "times",
        "title": pb(
            "Closure times and permits for parents",
            fr="Horaires de fermeture et autorisations pour les parents",
            ar="أوقات الإغلاق وتصاريح الآباء",
            sw="Saa za kufunga mitaa na vibali vya wazazi",
        ),
        "you_said": pb.p(
            "Many of you said the closures were too short: breakfast clubs start before 8:00 and "
            "after-school clubs end around 16:00. Almost everyone who commented on permits asked "
            "us to drop them, because they would bring back the cars the plan removes.",
            fr="Beaucoup d'entre vous ont jugé les fermetures trop courtes : l'accueil du matin "
            "commence avant 8\u00a0h et les activités périscolaires finissent vers 16\u00a0h. "
            "Presque tous ceux qui ont commenté les autorisations nous ont demandé de les "
            "supprimer, car elles feraient revenir les voitures que le plan retire.",
            ar="قال كثيرون منكم إن مدة الإغلاق قصيرة جدًا: أنشطة الصباح تبدأ قبل 8:00 وأنشطة ما "
            "بعد المدرسة تنتهي نحو 16:00. وطلب منا كل من علّق تقريبًا على التصاريح إلغاءها، لأنها "
            "ستعيد السيارات التي تُبعدها الخطة.",
            sw="Wengi wenu mlisema muda wa kufunga ni mfupi mno: klabu za asubuhi huanza kabla ya "
            "saa 2 asubuhi na klabu za baada ya shule huisha karibu saa 10 jioni. Karibu kila "
            "aliyetoa maoni kuhusu vibali alituomba tuviondoe, kwa sababu vingerudisha magari "
            "ambayo mpango unayaondoa.",
        ),
        "we_did": pb.p(
            "Streets now close from 7:45 to 9:00 and from 14:45 to 16:00, and the permit clause "
            "has been removed from the plan.",
            fr="Les rues ferment désormais de 7\u00a0h\u00a045 à 9\u00a0h et de "
            "14\u00a0h\u00a045 à 16\u00a0h, et l’article sur les autorisations a été retiré "
            "du plan.",
            ar="صارت الشوارع تُغلق من 7:45 إلى 9:00 ومن 14:45 إلى 16:00، وحُذف بند التصاريح من "
            "الخطة.",
            sw="Mitaa sasa inafungwa kuanzia saa 1:45 hadi saa 3 asubuhi na kuanzia saa 8:45 "
            "mchana hadi saa 10 jioni, na kifungu cha vibali kimeondolewa kwenye mpango.",
        ),
        "decision": "adopted",
        "reason": pb.p(
            "The longer times match the school day as families live it, and the schools and "
            "residents' groups agreed. Residents and blue badge holders keep access, so no permit "
            "is needed.",
            fr="Les horaires élargis correspondent à la journée d'école telle que les familles la "
            "vivent, et les écoles comme les associations de riverains étaient d'accord. Les "
            "habitants et les titulaires d’une carte de stationnement pour personnes "
            "handicapées gardent l'accès : aucune autorisation n'est nécessaire.",
            ar="تتوافق الأوقات الأطول مع اليوم الدراسي كما تعيشه الأسر، ووافقت عليها المدارس "
            "وجمعيات السكان. ويحتفظ السكان وحاملو بطاقة ذوي الإعاقة بحق الدخول، "
            "فلا حاجة إلى تصاريح.",
            sw="Muda mrefu zaidi unaendana na siku ya shule jinsi familia zinavyoiishi, na shule "
            "pamoja na vikundi vya wakazi vilikubali. Wakazi na wenye kibali cha watu wenye "
            "ulemavu wanaendelea kuingia, kwa hiyo hakuna haja ya vibali.",
        ),
        "clauses": ["times", "permits"],
        "comments": ["tom", "hamid", "baraka", "priya", "claire", "meeting-oldport"],
    },
    {
        "name": "main-roads",
        "title": pb(
            "Schools on main roads",
            fr="Les écoles situées sur des axes principaux",
            ar="المدارس الواقعة على الطرق الرئيسية",
            sw="Shule zilizo kwenye barabara kuu",
        ),
        "you_said": pb.p(
            "Parents at schools whose gates open onto a main road asked what the plan would do "
            "for them, since their street cannot simply be closed.",
            fr="Des parents d'écoles dont l'entrée donne sur un axe principal ont demandé ce que "
            "le plan prévoyait pour eux, puisque leur rue ne peut pas simplement être fermée.",
            ar="سأل آباء في مدارس تطل بواباتها على طريق رئيسي عمّا ستقدمه الخطة لهم، إذ لا يمكن "
            "إغلاق شارعهم ببساطة.",
            sw="Wazazi wa shule ambazo malango yake yako kwenye barabara kuu waliuliza mpango "
            "utawafanyia nini, kwa kuwa mtaa wao hauwezi kufungwa tu.",
        ),
        "we_did": pb.p(
            "We added a clause: where a street cannot close, the school gets a clean air zone "
            "with a wider pavement, planting, no-idling signs and a drop-off point in a side "
            "street.",
            fr="Nous avons ajouté un article : là où la rue ne peut pas fermer, l'école bénéficie "
            "d'une zone d'air sain avec un trottoir élargi, des plantations, des panneaux « moteur "
            "coupé » et un point de dépose dans une rue voisine.",
            ar="أضفنا بندًا: حيث لا يمكن إغلاق الشارع، تحصل المدرسة على منطقة هواء نظيف برصيف "
            "أعرض ومساحات مزروعة ولافتات تمنع ترك المحرك يعمل ونقطة إنزال في شارع جانبي.",
            sw="Tuliongeza kifungu: pale mtaa hauwezi kufungwa, shule inapata eneo la hewa safi "
            "lenye njia pana ya waenda kwa miguu, mimea, alama za kuzima injini na sehemu ya "
            "kushusha watoto katika mtaa wa pembeni.",
        ),
        "decision": "adapted",
        "reason": pb.p(
            "Buses and emergency vehicles need the main roads, so closing them was not possible; "
            "a clean air zone gives these pupils most of the benefit.",
            fr="Les bus et les véhicules de secours ont besoin des axes principaux, il n'était "
            "donc pas possible de les fermer ; une zone d'air sain apporte à ces élèves "
            "l'essentiel du bénéfice.",
            ar="تحتاج الحافلات ومركبات الطوارئ إلى الطرق الرئيسية، فلم يكن إغلاقها ممكنًا؛ لكن "
            "منطقة الهواء النظيف تمنح هؤلاء التلاميذ معظم الفائدة.",
            sw="Mabasi na magari ya dharura yanahitaji barabara kuu, kwa hiyo haikuwezekana "
            "kuzifunga; eneo la hewa safi linawapa wanafunzi hawa sehemu kubwa ya manufaa.",
        ),
        "clauses": ["main-roads", "access"],
        "comments": ["fatima", "amelie", "mathilde"],
    },
    {
        "name": "cameras",
        "title": pb(
            "Cameras against idling engines",
            fr="Des caméras contre les moteurs au ralenti",
            ar="كاميرات لمنع ترك المحركات تعمل",
            sw="Kamera dhidi ya injini zinazoachwa zikiwaka",
        ),
        "you_said": pb.p(
            "Most of you support the no-idling rule. Some asked for cameras outside the gates "
            "and for fines without a first warning.",
            fr="La plupart d'entre vous soutiennent l'interdiction de laisser tourner le moteur. "
            "Certains ont demandé des caméras devant les écoles et des amendes sans premier "
            "avertissement.",
            ar="يؤيد معظمكم منع ترك المحرك يعمل. وطلب بعضكم كاميرات أمام البوابات ومخالفات دون "
            "إنذار أول.",
            sw="Wengi wenu mnaunga mkono sheria ya kuzima injini. Baadhi waliomba kamera nje ya "
            "malango na faini bila onyo la kwanza.",
        ),
        "we_did": pb.p(
            "The rule stays as drafted: wardens warn first, then fine. We are not installing "
            "cameras.",
            fr="La règle reste celle du projet : les agents avertissent d'abord, puis verbalisent. "
            "Nous n'installerons pas de caméras.",
            ar="تبقى القاعدة كما في المسودة: ينبّه المراقبون أولًا ثم يحرّرون المخالفة. ولن نركّب "
            "كاميرات.",
            sw="Sheria inabaki kama ilivyoandikwa: walinzi wanaonya kwanza, kisha wanatoa faini. "
            "Hatutaweka kamera.",
        ),
        "decision": "not-adopted",
        "reason": pb.p(
            "Cameras filming outside schools raise privacy concerns for children and cost more "
            "than the wardens' patrols, which the pilot will evaluate first.",
            fr="Des caméras filmant devant les écoles posent des questions de vie privée pour les "
            "enfants et coûtent plus cher que les rondes des agents, que le projet pilote évaluera "
            "d'abord.",
            ar="تثير الكاميرات التي تصوّر أمام المدارس مخاوف تتعلق بخصوصية الأطفال، وتكلّف أكثر من "
            "دوريات المراقبين التي ستُقيَّم أولًا خلال المرحلة التجريبية.",
            sw="Kamera zinazorekodi nje ya shule zinaibua wasiwasi kuhusu faragha ya watoto na "
            "zinagharimu zaidi ya doria za walinzi, ambazo majaribio yatatathmini kwanza.",
        ),
        "clauses": ["idling"],
        "comments": ["oliver", "youssef"],
    },
    {
        "name": "crossings",
        "title": pb(
            "Crossing patrols",
            fr="Agents de traversée",
            ar="مرافقو عبور التلاميذ",
            sw="Walinzi wa kuvusha wanafunzi",
        ),
        "you_said": pb.p(
            "Families at Riverside and North Hills described dangerous crossings and asked for a "
            "crossing patrol every school day.",
            fr="Des familles des Berges et des Collines du Nord ont décrit des traversées "
            "dangereuses et demandé un agent de traversée chaque jour d'école.",
            ar="وصفت أسر من ضفة النهر والتلال الشمالية معابر خطرة، وطلبت مرافقًا لعبور "
            "التلاميذ في كل يوم دراسي.",
            sw="Familia za Kando ya Mto na Milima ya Kaskazini zilieleza vivuko hatari na "
            "kuomba mlinzi wa kuvusha wanafunzi kila siku ya shule.",
        ),
        "we_did": pb.p(
            "The crossing review has started at these two schools first. Paying for patrols at "
            "every pilot school is part of next year's budget proposal.",
            fr="L'examen des traversées a commencé par ces deux écoles. Le financement d'agents "
            "dans toutes les écoles pilotes figure dans la proposition de budget de l'an prochain.",
            ar="بدأت مراجعة المعابر بهاتين المدرستين أولًا. وتمويل مرافقي العبور في كل المدارس "
            "التجريبية جزء من مقترح ميزانية العام المقبل.",
            sw="Ukaguzi wa vivuko umeanza kwanza katika shule hizi mbili. Kulipia walinzi katika "
            "kila shule ya majaribio ni sehemu ya pendekezo la bajeti ya mwaka ujao.",
        ),
        "decision": "under-consideration",
        "reason": pb.p(
            "Patrols are a recurring cost that the council can only commit to in its annual "
            "budget; it will vote on it in public.",
            fr="Les agents représentent une dépense récurrente que le conseil ne peut engager que "
            "dans son budget annuel ; il votera en séance publique.",
            ar="مرافقو العبور تكلفة متكررة لا يستطيع المجلس الالتزام بها إلا في ميزانيته السنوية، "
            "وسيصوّت عليها في جلسة علنية.",
            sw="Walinzi ni gharama ya kila mwaka ambayo baraza linaweza kuidhinisha tu katika "
            "bajeti yake ya mwaka; litapiga kura katika kikao cha wazi.",
        ),
        "clauses": ["crossings"],
        "comments": ["neema", "karim", "letter-ali"],
    },
]

NEXT_STEPS = [
    # (title, days from publication, description)
    (
        pb(
            "School streets start at the twelve pilot schools",
            fr="Les rues scolaires démarrent dans les douze écoles pilotes",
            ar="انطلاق الشوارع المدرسية في المدارس التجريبية الاثنتي عشرة",
            sw="Mitaa ya shule inaanza katika shule kumi na mbili za majaribio",
        ),
        35,
        pb(
            "Signs and barriers go up at the start of the new term; volunteers are trained the "
            "week before.",
            fr="Panneaux et barrières sont installés à la rentrée ; les bénévoles sont formés la "
            "semaine précédente.",
            ar="تُركَّب اللافتات والحواجز مع بداية الفصل الدراسي الجديد، ويُدرَّب المتطوعون في "
            "الأسبوع السابق.",
            sw="Alama na vizuizi vinawekwa mwanzoni mwa muhula mpya; wajitolea wanafunzwa wiki "
            "moja kabla.",
        ),
    ),
    (
        pb(
            "Council vote on crossing patrols",
            fr="Vote du conseil sur les agents de traversée",
            ar="تصويت المجلس على مرافقي عبور التلاميذ",
            sw="Kura ya baraza kuhusu walinzi wa kuvusha wanafunzi",
        ),
        90,
        pb(
            "Part of the annual budget debate, in public session at City Hall.",
            fr="Dans le cadre du débat budgétaire annuel, en séance publique à l'hôtel de ville.",
            ar="ضمن مناقشة الميزانية السنوية، في جلسة علنية بمبنى البلدية.",
            sw="Sehemu ya mjadala wa bajeti ya mwaka, katika kikao cha wazi ukumbini mwa jiji.",
        ),
    ),
    (
        pb(
            "First-year review published",
            fr="Publication du bilan de la première année",
            ar="نشر تقييم السنة الأولى",
            sw="Tathmini ya mwaka wa kwanza inachapishwa",
        ),
        400,
        pb(
            "Sensor readings, traffic counts and the families' survey, with what we change next.",
            fr="Relevés des capteurs, comptages de circulation et enquête auprès des familles, "
            "avec ce que nous changerons ensuite.",
            ar="قراءات أجهزة الاستشعار وإحصاءات حركة السير واستطلاع الأسر، مع ما سنغيّره بعد ذلك.",
            sw="Vipimo vya hewa, hesabu za magari na utafiti wa familia, pamoja na "
            "tutakachobadilisha baadaye.",
        ),
    ),
]


# -- building ------------------------------------------------------------------------------


def process_index(demo):
    """The "Have your say" page: processes.demo's if it made one, else made here."""
    home = demo.home_pages["en"]
    existing = ProcessIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing.specific
    index = demo.get_or_create_page(
        home, ProcessIndexPage, "have-your-say", title=INDEX_TITLE, introduction=INDEX_INTRO
    )
    demo.translate(index, INDEX_T)
    demo.add_menu_item(index, position=0)
    return index


def backdate(page, when, *, first=False):
    """Date a page's latest revision, its publication log entry and its own dates to `when`."""
    page = Page.objects.get(pk=page.pk)
    revision_id = page.latest_revision_id
    Revision.objects.filter(pk=revision_id).update(created_at=when)
    PageLogEntry.objects.filter(page_id=page.pk, revision_id=revision_id).update(timestamp=when)
    changes = {"last_published_at": when, "latest_revision_created_at": when}
    if first:
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.create").update(timestamp=when)
        changes.update(first_published_at=when, go_live_at=None)
    Page.objects.filter(pk=page.pk).update(**changes)


def backdate_translations(page, when, *, first=False):
    for translation in page.get_translations(inclusive=True):
        backdate(translation, when, first=first)


def make_comments(demo, pages, opened):
    """The consultation's comments, each on the page in its author's language."""
    made = {}
    for key, days, language, clause_name, name, email, wants, text in ONLINE_COMMENTS:
        page = pages[language]
        if language == "fr":
            text = french_typography(text)
        comment = build_comment(
            page,
            text,
            clause_id=clause(clause_name) if clause_name else "",
            language=language,
            name=name,
            email=email,
            wants_outcome=wants,
        )
        comment.submit_date = opened + timedelta(
            days=days, hours=7 + days % 11, minutes=days * 7 % 60
        )
        comment.save()
        made[key] = comment
    for (
        key,
        days,
        language,
        clause_name,
        channel,
        meeting,
        name,
        email,
        wants,
        text,
    ) in OFFLINE_COMMENTS:
        given = opened + timedelta(days=days, hours=18)
        if language == "fr":
            text = french_typography(text)
        comment = create_offline_comment(
            pages[language],
            text,
            channel=channel,
            entered_by=None,
            clause_id=clause(clause_name),
            input_date=timezone.localdate(given),
            meeting_name=meeting,
            language=language,
            show_publicly=True,
            name=name,
            email=email,
            wants_outcome=wants,
        )
        entered = given + timedelta(days=2)
        type(comment).objects.filter(pk=comment.pk).update(submit_date=entered)
        comment.moderation_actions.update(created_at=entered)
        made[key] = comment
    return made


def theme_blocks(comments):
    blocks = []
    for theme in THEMES:
        blocks.append(
            {
                "type": "theme",
                "id": block_id(f"clean-air/theme/{theme['name']}"),
                "value": {
                    "title": theme["title"],
                    "you_said": theme["you_said"],
                    "we_did": theme["we_did"],
                    "decision": theme["decision"],
                    "reason": theme["reason"],
                    "clauses": [
                        {
                            "type": "item",
                            "id": block_id(f"clean-air/{theme['name']}/c/{name}"),
                            "value": clause(name),
                        }
                        for name in theme["clauses"]
                    ],
                    "comments": [
                        {
                            "type": "item",
                            "id": block_id(f"clean-air/{theme['name']}/m/{key}"),
                            "value": comments[key].pk,
                        }
                        for key in theme["comments"]
                    ],
                },
            }
        )
    return blocks


def next_step_blocks(today):
    return [
        {
            "type": "step",
            "id": block_id(f"clean-air/step/{index}"),
            "value": {
                "title": title,
                "date": (today + timedelta(days=days)).isoformat(),
                "description": description,
            },
        }
        for index, (title, days, description) in enumerate(NEXT_STEPS)
    ]


def load(demo):
    index = process_index(demo)
    existing = index.get_children().filter(slug=PROCESS_SLUG).first()
    if existing is not None:
        # Made by an earlier run: only make sure the translations are up to date (a no-op
        # when nothing changed), never rebuild the history or publish again.
        process = existing.specific
        demo.translate(process, pb)
        for child in process.get_children().specific():
            demo.translate(child, pb)
        return

    now = timezone.localtime(timezone.now()).replace(hour=9, minute=0, second=0, microsecond=0)
    opened = now - timedelta(days=120)

    process = demo.get_or_create_page(
        index,
        ProcessPage,
        PROCESS_SLUG,
        topic=demo.topics.get("environment"),
        level="consult",
        image=demo.image(
            "clean-air-around-schools",
            title="Children walking to school on a closed street",
            description="Children and parents walking to school along a street closed to cars.",
            motif="people",
            palette="meadow",
        ),
        phases=[
            Phase(
                title=title,
                description=description,
                start=now - timedelta(days=start),
                end=now - timedelta(days=end),
                is_participation=participation,
                sort_order=position,
            )
            for position, (title, description, start, end, participation) in enumerate(PHASES)
        ],
        areas=[Area(name=name, sort_order=position) for position, name in enumerate(AREAS)],
        **PROCESS,
    )
    demo.translate(process, pb)
    backdate_translations(process, opened - timedelta(days=7), first=True)
    consultation_phase = process.phases.order_by("sort_order").first()

    # The version people commented on, published before the consultation opened.
    consultation = demo.get_or_create_page(
        process,
        ConsultationPage,
        CONSULTATION_SLUG,
        phase=consultation_phase,
        body=json.dumps(document_blocks()),
        **CONSULTATION,
    )
    pages = demo.translate(consultation, pb)
    pages["en"] = consultation
    backdate_translations(consultation, opened - timedelta(days=3), first=True)
    pages = {code: ConsultationPage.objects.get(pk=page.pk) for code, page in pages.items()}

    comments = make_comments(demo, pages, opened)

    # The final version, published after the decision: one clause reworded, one removed,
    # one added. The consulted version is pinned first, as the feedback code would.
    from processes.feedback.diff import consulted_revision

    for page in pages.values():
        consulted_revision(page)
    consultation = ConsultationPage.objects.get(pk=consultation.pk)
    consultation.body = json.dumps(document_blocks(final=True))
    consultation.save_revision().publish()
    demo.translate(consultation, pb)
    backdate_translations(consultation, now - timedelta(days=13))

    feedback = demo.get_or_create_page(
        process,
        FeedbackPage,
        FEEDBACK_SLUG,
        themes=json.dumps(theme_blocks(comments)),
        next_steps=json.dumps(next_step_blocks(timezone.localdate(now))),
        **FEEDBACK,
    )
    demo.translate(feedback, pb)
    demo.log(f"  closed process {process.url_path}: {len(comments)} comments, feedback published")
