"""Demo processes for Riverton, in English, French, Arabic and Swahili.

Three processes so that every status shows: the cycling strategy (open, with a
consultation of 21 clauses and about seventy comments in the four languages, replies,
meeting and paper input), the Riverside Park renewal (upcoming) and the Old Port bus
network (closed, with its consultation and comments; a FeedbackPage can be added under
it). Dates are set relative to the day the demo is first loaded. Idempotent: pages are
found by slug and comments are only added to a consultation that has none.
"""

from datetime import timedelta

from django.utils import timezone

from home.demo import Phrasebook
from home.demo.framework import french_typography
from processes import metrics
from processes.models import (
    Area,
    Channel,
    Comment,
    CommentReaction,
    ConsultationPage,
    EngagementLevel,
    Flag,
    ModerationAction,
    Phase,
    ProcessIndexPage,
    ProcessPage,
    build_comment,
    flag_threshold,
)

pb = Phrasebook()

INDEX_SLUG = "have-your-say"
CYCLING_SLUG = "cycling-strategy"
PARK_SLUG = "riverside-park"
BUS_SLUG = "old-port-buses"


def heading(text):
    return {"type": "heading", "value": {"text": text}}


def clause(html, subclause=False):
    return {"type": "clause", "value": {"text": html, "subclause": subclause}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


# -- shared words ----------------------------------------------------------------------------

AREAS = {
    "City Centre": pb("City Centre", fr="Centre-ville", ar="وسط المدينة", sw="Katikati ya jiji"),
    "Old Port": pb("Old Port", fr="Vieux-Port", ar="الميناء القديم", sw="Bandari ya Zamani"),
    "Hillside": pb("Hillside", fr="Les Coteaux", ar="السفح", sw="Mlimani"),
    "Riverside": pb("Riverside", fr="Les Berges", ar="ضفة النهر", sw="Kando ya Mto"),
    "North Bank": pb("North Bank", fr="Rive Nord", ar="الضفة الشمالية", sw="Ukingo wa Kaskazini"),
}
PUBLIC_CONSULTATION = pb(
    "Public consultation",
    fr="Consultation publique",
    ar="الاستشارة العامة",
    sw="Mashauriano ya umma",
)


def load(demo):
    now = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    home = demo.home_pages["en"]
    index = demo.get_or_create_page(
        home,
        ProcessIndexPage,
        INDEX_SLUG,
        title=pb("Have your say", fr="Donnez votre avis", ar="شاركوا برأيكم", sw="Toa maoni yako"),
        # The same words as processes/demo_closed.py, which makes the index when run alone.
        introduction=pb.p(
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
        ),
    )
    demo.translate(index, pb)
    demo.add_menu_item(index, position=0)

    cycling = load_cycling(demo, index, now)
    load_park(demo, index, now)
    load_buses(demo, index, now)
    demo.log(f"  processes: {Comment.objects.count()} comments in all")
    return cycling


# -- the open process: cycling strategy -------------------------------------------------------


def load_cycling(demo, index, now):
    day = timedelta(days=1)
    # Participation dates are whole days (processes/dates.py): phases start and end at midnight.
    midnight = now.replace(hour=0)
    process = demo.get_or_create_page(
        index,
        ProcessPage,
        CYCLING_SLUG,
        title=pb(
            "Riverton Cycling Strategy 2027–2035",
            fr="Stratégie vélo de Riverton 2027–2035",
            ar="استراتيجية ريفرتون لركوب الدراجات 2027–2035",
            sw="Mkakati wa Baiskeli wa Riverton 2027–2035",
        ),
        summary=pb(
            "How Riverton will make cycling safe and easy for everyone, from school runs to "
            "commuting across the river. Comment on the draft strategy, clause by clause.",
            fr="Comment Riverton rendra le vélo sûr et facile pour tous, des trajets vers "
            "l’école aux déplacements d’une rive à l’autre. Commentez le projet de stratégie, "
            "article par article.",
            ar="كيف ستجعل ريفرتون ركوب الدراجات آمنًا وسهلًا للجميع، من الذهاب إلى المدرسة إلى "
            "التنقّل بين ضفّتي النهر. علّقوا على مسودة الاستراتيجية بندًا بندًا.",
            sw="Jinsi Riverton itakavyofanya kuendesha baiskeli kuwa salama na rahisi kwa kila "
            "mtu, kuanzia safari za shule hadi kuvuka mto kwenda kazini. Toa maoni kuhusu "
            "rasimu ya mkakati, kifungu kwa kifungu.",
        ),
        topic=demo.topics.get("transport"),
        level=EngagementLevel.CONSULT,
        image=demo.image(
            "riverton-cycling",
            title="Cyclists on the river path",
            motif="river",
            palette="river",
            description="The river path with the Old Port bridge in the distance",
        ),
        objectives=pb.p(
            "With this consultation the city wants to:",
            fr="Avec cette consultation, la ville souhaite :",
            ar="تريد المدينة من خلال هذه الاستشارة أن:",
            sw="Kupitia mashauriano haya, jiji linataka:",
        )
        + "<ul>"
        + pb.li(
            "test the proposed network of protected routes before it is built;",
            fr="tester le réseau d’itinéraires protégés proposé avant de le construire ;",
            ar="تختبر شبكة المسارات المحمية المقترحة قبل إنشائها؛",
            sw="kujaribu mtandao wa njia zilizolindwa unaopendekezwa kabla haujajengwa;",
        )
        + pb.li(
            "learn which junctions people find most dangerous;",
            fr="savoir quels carrefours les habitants jugent les plus dangereux ;",
            ar="تعرف التقاطعات التي يراها السكان الأكثر خطورة؛",
            sw="kujua ni makutano gani watu wanaona kuwa hatari zaidi;",
        )
        + pb.li(
            "hear from people who do not cycle today, and why.",
            fr="entendre les personnes qui ne font pas de vélo aujourd’hui, et comprendre "
            "pourquoi.",
            ar="تستمع إلى من لا يركبون الدراجات اليوم، وتفهم السبب.",
            sw="kusikia kutoka kwa watu wasioendesha baiskeli leo, na sababu zao.",
        )
        + "</ul>",
        input_use=pb.p(
            "Every comment is read by the mobility team and grouped by clause.",
            fr="Chaque commentaire est lu par l’équipe mobilité et classé par article.",
            ar="يقرأ فريق التنقّل كل تعليق ويصنّفه حسب البند.",
            sw="Kila maoni yanasomwa na timu ya usafiri na kupangwa kwa kifungu.",
        )
        + pb.p(
            "The council votes on the final strategy next spring. Before that, we will "
            "publish what we changed in response to your comments, and why.",
            fr="Le conseil municipal votera la stratégie définitive au printemps prochain. "
            "Avant cela, nous publierons ce que nous avons modifié à la suite de vos "
            "commentaires, et pourquoi.",
            ar="سيصوّت مجلس المدينة على الاستراتيجية النهائية في الربيع المقبل. وقبل ذلك "
            "سننشر ما غيّرناه استجابةً لتعليقاتكم، ولماذا.",
            sw="Baraza la Jiji litapiga kura kuhusu mkakati wa mwisho msimu ujao wa kuchipua. "
            "Kabla ya hapo, tutachapisha tulichobadilisha kutokana na maoni yenu, na sababu "
            "zake.",
        ),
        responsible_body=pb(
            "Riverton City Council, Streets and Mobility Department",
            fr="Ville de Riverton, service Voirie et Mobilité",
            ar="مجلس مدينة ريفرتون، إدارة الشوارع والتنقّل",
            sw="Baraza la Jiji la Riverton, Idara ya Barabara na Usafiri",
        ),
        contact_name=pb(
            "Mobility team", fr="Équipe mobilité", ar="فريق التنقّل", sw="Timu ya usafiri"
        ),
        contact_email="cycling@riverton.example",
        body=[
            paragraph(
                pb.p(
                    "Cycling in Riverton has doubled since 2019, but most residents still tell "
                    "us they do not feel safe on a bike. This strategy sets out where the city "
                    "will build, what it will change first and how it will measure progress.",
                    fr="Le vélo a doublé à Riverton depuis 2019, mais la plupart des habitants "
                    "nous disent encore ne pas se sentir en sécurité à vélo. Cette stratégie "
                    "indique où la ville va construire, ce qu’elle changera en premier et "
                    "comment elle mesurera les progrès.",
                    ar="تضاعف ركوب الدراجات في ريفرتون منذ 2019، لكن معظم السكان ما زالوا "
                    "يقولون لنا إنهم لا يشعرون بالأمان على الدراجة. تحدّد هذه الاستراتيجية أين "
                    "ستبني المدينة، وما الذي ستغيّره أولًا، وكيف ستقيس التقدّم.",
                    sw="Uendeshaji baiskeli Riverton umeongezeka mara mbili tangu 2019, lakini "
                    "wakazi wengi bado wanatuambia hawajisikii salama wakiwa kwenye baiskeli. "
                    "Mkakati huu unaeleza jiji litajenga wapi, litabadilisha nini kwanza na "
                    "litapima maendeleo vipi.",
                )
            )
        ],
        phases=[
            Phase(
                title=pb(
                    "Information and workshops",
                    fr="Information et ateliers",
                    ar="الإعلام وورش العمل",
                    sw="Taarifa na warsha",
                ),
                description=pb(
                    "Exhibitions in the libraries and two workshops with schools.",
                    fr="Expositions dans les bibliothèques et deux ateliers avec des écoles.",
                    ar="معارض في المكتبات وورشتا عمل مع المدارس.",
                    sw="Maonyesho katika maktaba na warsha mbili na shule.",
                ),
                start=midnight - 30 * day,
                end=midnight - 14 * day,
                is_participation=False,
                sort_order=0,
            ),
            Phase(
                title=PUBLIC_CONSULTATION,
                description=pb(
                    "Comment on the draft strategy online, on paper at any library, or at the "
                    "public meetings.",
                    fr="Commentez le projet en ligne, sur papier dans toutes les bibliothèques "
                    "ou lors des réunions publiques.",
                    ar="علّقوا على المسودة عبر الإنترنت، أو على الورق في أي مكتبة، أو خلال "
                    "الاجتماعات العامة.",
                    sw="Toa maoni kuhusu rasimu mtandaoni, kwa karatasi katika maktaba yoyote, "
                    "au kwenye mikutano ya hadhara.",
                ),
                start=midnight - 14 * day,
                end=midnight + 30 * day,
                is_participation=True,
                sort_order=1,
            ),
            Phase(
                title=pb("Analysis", fr="Analyse", ar="التحليل", sw="Uchambuzi"),
                description=pb(
                    "The mobility team reads every comment and prepares the changes.",
                    fr="L’équipe mobilité lit chaque commentaire et prépare les modifications.",
                    ar="يقرأ فريق التنقّل كل تعليق ويُعدّ التعديلات.",
                    sw="Timu ya usafiri inasoma kila maoni na kuandaa mabadiliko.",
                ),
                start=midnight + 30 * day,
                end=midnight + 75 * day,
                is_participation=False,
                sort_order=2,
            ),
            Phase(
                title=pb(
                    "Decision and feedback",
                    fr="Décision et suite donnée",
                    ar="القرار وما فعلناه بالملاحظات",
                    sw="Uamuzi na mrejesho",
                ),
                description=pb(
                    "The council votes on the final strategy and we publish what we did with "
                    "your feedback.",
                    fr="Le conseil vote la stratégie définitive et nous publions ce que nous "
                    "avons fait de vos contributions.",
                    ar="يصوّت المجلس على الاستراتيجية النهائية وننشر ما فعلناه بملاحظاتكم.",
                    sw="Baraza linapiga kura kuhusu mkakati wa mwisho na tunachapisha "
                    "tulichofanya na mrejesho wenu.",
                ),
                start=midnight + 75 * day,
                end=midnight + 100 * day,
                is_participation=False,
                sort_order=3,
            ),
        ],
        areas=[Area(name=name, sort_order=i) for i, name in enumerate(AREAS.values())],
    )
    processes = demo.translate(process, pb)

    consultation = demo.get_or_create_page(
        process,
        ConsultationPage,
        "draft-strategy",
        title=pb(
            "Draft cycling strategy",
            fr="Projet de stratégie vélo",
            ar="مسودة استراتيجية ركوب الدراجات",
            sw="Rasimu ya mkakati wa baiskeli",
        ),
        introduction=pb.p(
            "This is the draft the council will vote on after the consultation. Each clause "
            "can be commented on separately; you can also comment on the document as a whole.",
            fr="Voici le projet sur lequel le conseil votera après la consultation. Chaque "
            "article peut être commenté séparément ; vous pouvez aussi commenter le document "
            "dans son ensemble.",
            ar="هذه هي المسودة التي سيصوّت عليها المجلس بعد الاستشارة. يمكن التعليق على كل بند "
            "على حدة، كما يمكنكم التعليق على الوثيقة ككل.",
            sw="Hii ndiyo rasimu ambayo baraza litaipigia kura baada ya mashauriano. Kila "
            "kifungu kinaweza kutolewa maoni peke yake; unaweza pia kutoa maoni kuhusu hati "
            "nzima.",
        ),
        phase=process.phases.get(sort_order=1),
        body=CYCLING_DOCUMENT,
    )
    consultations = demo.translate(consultation, pb)
    consultations["en"] = consultation
    processes["en"] = process
    add_comments(consultations, processes, CYCLING_COMMENTS, start=now - 13 * day, end=now)
    add_flagged_comments(consultation, now - 2 * day)
    return process


CYCLING_DOCUMENT = [
    heading(
        pb(
            "Purpose and ambition",
            fr="Objet et ambition",
            ar="الغرض والطموح",
            sw="Madhumuni na matarajio",
        )
    ),
    clause(
        pb.p(
            "By 2035, one trip in five within Riverton will be made by bike, up from one in "
            "twelve today.",
            fr="D’ici 2035, un trajet sur cinq dans Riverton se fera à vélo, contre un sur douze "
            "aujourd’hui.",
            ar="بحلول عام 2035، ستتمّ رحلة واحدة من كل خمس رحلات داخل ريفرتون بالدراجة، مقابل "
            "رحلة من كل اثنتي عشرة اليوم.",
            sw="Kufikia 2035, safari moja kati ya tano ndani ya Riverton itafanywa kwa "
            "baiskeli, kutoka moja kati ya kumi na mbili leo.",
        )
    ),
    clause(
        pb.p(
            "The strategy covers the years 2027 to 2035 and the whole city, including the "
            "villages of the North Bank.",
            fr="La stratégie couvre les années 2027 à 2035 et toute la ville, y compris les "
            "villages de la Rive Nord.",
            ar="تغطي الاستراتيجية الأعوام من 2027 إلى 2035 والمدينة بأكملها، بما في ذلك قرى "
            "الضفة الشمالية.",
            sw="Mkakati unahusu miaka 2027 hadi 2035 na jiji zima, pamoja na vijiji vya "
            "Ukingo wa Kaskazini.",
        )
    ),
    clause(
        pb.p(
            "Every decision in this strategy will be judged first by whether a twelve-year-old "
            "could ride there safely.",
            fr="Chaque décision de cette stratégie sera d’abord jugée à une question : un "
            "enfant de douze ans pourrait-il y rouler en sécurité ?",
            ar="سيُقاس كل قرار في هذه الاستراتيجية أولًا بسؤال واحد: هل يستطيع طفل في الثانية "
            "عشرة أن يركب الدراجة هناك بأمان؟",
            sw="Kila uamuzi katika mkakati huu utapimwa kwanza kwa swali moja: je, mtoto wa "
            "miaka kumi na mbili angeweza kuendesha baiskeli hapo kwa usalama?",
        )
    ),
    heading(
        pb(
            "A connected network",
            fr="Un réseau continu",
            ar="شبكة مترابطة",
            sw="Mtandao uliounganishwa",
        )
    ),
    clause(
        pb.p(
            "The city will build 45 kilometres of cycle tracks separated from traffic, linking "
            "every neighbourhood to the city centre.",
            fr="La ville construira 45 kilomètres de pistes cyclables séparées de la "
            "circulation, reliant chaque quartier au centre-ville.",
            ar="ستنشئ المدينة 45 كيلومترًا من مسارات الدراجات المفصولة عن حركة السير، تربط كل "
            "حيّ بوسط المدينة.",
            sw="Jiji litajenga kilomita 45 za njia za baiskeli zilizotenganishwa na magari, "
            "zinazounganisha kila mtaa na katikati ya jiji.",
        )
    ),
    clause(
        pb.p(
            "A new cycle and footbridge will cross the river between the Old Port and the "
            "North Bank by 2030.",
            fr="Une nouvelle passerelle pour piétons et cyclistes franchira la rivière entre le "
            "Vieux-Port et la Rive Nord d’ici 2030.",
            ar="سيعبر جسر جديد للمشاة والدراجات النهرَ بين الميناء القديم والضفة الشمالية "
            "بحلول عام 2030.",
            sw="Daraja jipya la waenda kwa miguu na baiskeli litavuka mto kati ya Bandari ya "
            "Zamani na Ukingo wa Kaskazini kufikia 2030.",
        )
    ),
    clause(
        pb.p(
            "Quiet streets will be created in residential areas by closing them to through "
            "traffic, while keeping access for residents, deliveries and emergency vehicles.",
            fr="Des rues apaisées seront créées dans les quartiers résidentiels en les fermant "
            "au trafic de transit, tout en maintenant l’accès des riverains, des livraisons et "
            "des secours.",
            ar="ستُنشأ شوارع هادئة في الأحياء السكنية بإغلاقها أمام حركة العبور، مع الإبقاء "
            "على وصول السكان وخدمات التوصيل ومركبات الطوارئ.",
            sw="Mitaa tulivu itaundwa katika maeneo ya makazi kwa kuifunga kwa magari "
            "yanayopita tu, huku wakazi, magari ya mizigo na ya dharura yakiendelea kufika.",
        )
    ),
    clause(
        pb.p(
            "The first quiet streets will be chosen with residents, street by street, in "
            "Hillside and Riverside.",
            fr="Les premières rues apaisées seront choisies avec les habitants, rue par rue, "
            "aux Coteaux et aux Berges.",
            ar="سيتمّ اختيار الشوارع الهادئة الأولى مع السكان، شارعًا شارعًا، في السفح وضفة النهر.",
            sw="Mitaa tulivu ya kwanza itachaguliwa pamoja na wakazi, mtaa kwa mtaa, huko "
            "Mlimani na Kando ya Mto.",
        ),
        subclause=True,
    ),
    clause(
        pb.p(
            "Routes will be lit, gritted in winter and cleared of leaves in autumn, like the "
            "main roads.",
            fr="Les itinéraires seront éclairés, salés en hiver et débarrassés des feuilles à "
            "l’automne, comme les routes principales.",
            ar="ستُضاء المسارات، وتُرشّ بالملح في الشتاء، وتُنظَّف من أوراق الشجر في الخريف، "
            "مثل الطرق الرئيسية.",
            sw="Njia zitawekewa taa, zitanyunyiziwa chumvi wakati wa baridi na kusafishwa "
            "majani wakati wa kupukutika, kama barabara kuu.",
        )
    ),
    heading(
        pb(
            "Safer streets and junctions",
            fr="Des rues et des carrefours plus sûrs",
            ar="شوارع وتقاطعات أكثر أمانًا",
            sw="Mitaa na makutano salama zaidi",
        )
    ),
    clause(
        pb.p(
            "Every school will have a protected route within 400 metres of its gate, and a "
            "car-free street at opening and closing times where the street allows it.",
            fr="Chaque école disposera d’un itinéraire protégé à moins de 400 mètres de son "
            "entrée, et d’une rue sans voitures aux heures d’entrée et de sortie lorsque la rue "
            "le permet.",
            ar="سيكون لكل مدرسة مسار محمي على بُعد 400 متر من بوابتها، وشارع خالٍ من السيارات "
            "في أوقات الدخول والخروج حيث يسمح الشارع بذلك.",
            sw="Kila shule itakuwa na njia iliyolindwa ndani ya mita 400 kutoka lango lake, na "
            "mtaa usio na magari wakati wa kufungua na kufunga shule pale mtaa unaporuhusu.",
        )
    ),
    clause(
        pb.p(
            "The ten junctions with the most collisions will be redesigned by 2029, starting "
            "with the Old Port roundabout.",
            fr="Les dix carrefours les plus accidentogènes seront réaménagés d’ici 2029, à "
            "commencer par le rond-point du Vieux-Port.",
            ar="سيُعاد تصميم التقاطعات العشرة الأكثر حوادثَ بحلول عام 2029، بدءًا بدوّار "
            "الميناء القديم.",
            sw="Makutano kumi yenye ajali nyingi zaidi yatasanifiwa upya kufikia 2029, kuanzia "
            "na kiplefti cha Bandari ya Zamani.",
        )
    ),
    clause(
        pb.p(
            "The speed limit will be 30 km/h on all residential streets and around schools, "
            "markets and clinics.",
            fr="La vitesse sera limitée à 30 km/h dans toutes les rues résidentielles et aux "
            "abords des écoles, des marchés et des centres de santé.",
            ar="سيكون الحدّ الأقصى للسرعة 30 كم/ساعة في جميع الشوارع السكنية وحول المدارس "
            "والأسواق والعيادات.",
            sw="Kikomo cha mwendo kitakuwa km 30 kwa saa katika mitaa yote ya makazi na karibu "
            "na shule, masoko na zahanati.",
        )
    ),
    clause(
        pb.p(
            "Lorries entering the city centre will need mirrors and sensors that show cyclists "
            "in the driver’s blind spot.",
            fr="Les poids lourds entrant dans le centre-ville devront être équipés de "
            "rétroviseurs et de capteurs montrant les cyclistes dans l’angle mort du "
            "conducteur.",
            ar="ستحتاج الشاحنات التي تدخل وسط المدينة إلى مرايا وأجهزة استشعار تُظهر راكبي "
            "الدراجات في النقطة العمياء للسائق.",
            sw="Malori yanayoingia katikati ya jiji yatahitaji vioo na vihisi vinavyoonyesha "
            "waendesha baiskeli walio mahali dereva asipoona.",
        )
    ),
    heading(
        pb(
            "Parking and public transport",
            fr="Stationnement et transports en commun",
            ar="مواقف الدراجات والنقل العام",
            sw="Maegesho na usafiri wa umma",
        )
    ),
    clause(
        pb.p(
            "Every railway station and main bus stop will have covered, secure bike parking by "
            "2028.",
            fr="Chaque gare et chaque arrêt de bus principal disposera d’un stationnement vélo "
            "couvert et sécurisé d’ici 2028.",
            ar="سيكون في كل محطة قطار وكل موقف حافلات رئيسي موقف دراجات مغطّى وآمن بحلول عام 2028.",
            sw="Kila kituo cha treni na kituo kikuu cha basi kitakuwa na maegesho ya baiskeli "
            "yaliyofunikwa na salama kufikia 2028.",
        )
    ),
    clause(
        pb.p(
            "Residents without a garden or garage will be able to rent a space in a lockable "
            "bike hangar on their street.",
            fr="Les habitants sans jardin ni garage pourront louer une place dans un abri à "
            "vélos fermé à clé dans leur rue.",
            ar="سيتمكّن السكان الذين ليس لديهم حديقة أو مرآب من استئجار مكان في خزانة دراجات "
            "مقفلة في شارعهم.",
            sw="Wakazi wasio na bustani au gereji wataweza kukodi nafasi katika kibanda cha "
            "baiskeli kinachofungwa kwenye mtaa wao.",
        )
    ),
    clause(
        pb.p(
            "Bikes will be allowed on trams outside rush hours, and the next bus order will "
            "include buses with bike racks.",
            fr="Les vélos seront admis dans les tramways en dehors des heures de pointe, et la "
            "prochaine commande de bus comprendra des bus équipés de porte-vélos.",
            ar="سيُسمح بالدراجات في الترام خارج ساعات الذروة، وستشمل الطلبية القادمة للحافلات "
            "حافلاتٍ مزوّدة بحوامل للدراجات.",
            sw="Baiskeli zitaruhusiwa kwenye tramu nje ya saa za msongamano, na agizo lijalo la "
            "mabasi litajumuisha mabasi yenye vishikio vya baiskeli.",
        )
    ),
    heading(
        pb(
            "Cycling for everyone",
            fr="Le vélo pour tous",
            ar="الدراجة للجميع",
            sw="Baiskeli kwa kila mtu",
        )
    ),
    clause(
        pb.p(
            "Free cycle training will be offered in every primary school and to adults at the "
            "community centres, in several languages.",
            fr="Des cours de vélo gratuits seront proposés dans chaque école primaire et aux "
            "adultes dans les maisons de quartier, en plusieurs langues.",
            ar="ستُقدَّم دروس مجانية في ركوب الدراجات في كل مدرسة ابتدائية وللكبار في المراكز "
            "المجتمعية، بعدة لغات.",
            sw="Mafunzo ya bure ya kuendesha baiskeli yatatolewa katika kila shule ya msingi na "
            "kwa watu wazima kwenye vituo vya jamii, kwa lugha kadhaa.",
        )
    ),
    clause(
        pb.p(
            "A bike library will lend adapted bikes, cargo bikes and e-bikes for a month at a "
            "time, so people can try before they buy.",
            fr="Une vélothèque prêtera des vélos adaptés, des vélos cargos et des vélos "
            "électriques pour un mois, afin que chacun puisse essayer avant d’acheter.",
            ar="ستُعير مكتبة للدراجات دراجاتٍ معدّلة لذوي الإعاقة ودراجاتِ شحن ودراجاتٍ "
            "كهربائية لمدة شهر في كل مرة، ليتمكّن الناس من التجربة قبل الشراء.",
            sw="Maktaba ya baiskeli itaazimisha baiskeli zilizorekebishwa kwa ajili ya watu "
            "wenye ulemavu, baiskeli za mizigo na baiskeli "
            "za umeme kwa mwezi mmoja kwa wakati, ili watu wajaribu kabla ya kununua.",
        )
    ),
    clause(
        pb.p(
            "Low-income households will be able to get a grant of up to 60% of the price of a "
            "new or second-hand bike.",
            fr="Les ménages à faibles revenus pourront obtenir une aide allant jusqu’à 60 % du "
            "prix d’un vélo neuf ou d’occasion.",
            ar="ستتمكّن الأسر ذات الدخل المنخفض من الحصول على منحة تصل إلى 60% من سعر دراجة "
            "جديدة أو مستعملة.",
            sw="Kaya za kipato cha chini zitaweza kupata ruzuku ya hadi asilimia 60 ya bei ya "
            "baiskeli mpya au iliyotumika.",
        )
    ),
    heading(
        pb(
            "Delivery, money and monitoring",
            fr="Mise en œuvre, financement et suivi",
            ar="التنفيذ والتمويل والمتابعة",
            sw="Utekelezaji, fedha na ufuatiliaji",
        )
    ),
    clause(
        pb.p(
            "The city will spend 18 million over nine years, at least a third of it in the "
            "neighbourhoods where fewest people own a car.",
            fr="La ville consacrera 18 millions sur neuf ans, dont au moins un tiers dans les "
            "quartiers où le moins d’habitants possèdent une voiture.",
            ar="ستنفق المدينة 18 مليونًا على مدى تسع سنوات، ثلثها على الأقل في الأحياء التي "
            "يملك فيها أقلّ عدد من الناس سيارة.",
            sw="Jiji litatumia milioni 18 kwa miaka tisa, angalau theluthi moja katika mitaa "
            "ambako watu wachache zaidi wanamiliki gari.",
        )
    ),
    clause(
        pb.p(
            "Cycle counts, collisions and the share of trips by bike will be published every "
            "year as open data.",
            fr="Les comptages de vélos, les accidents et la part des trajets à vélo seront "
            "publiés chaque année en données ouvertes.",
            ar="ستُنشر أعداد الدراجات والحوادث ونسبة الرحلات بالدراجة كل عام كبيانات مفتوحة.",
            sw="Idadi ya baiskeli, ajali na sehemu ya safari zinazofanywa kwa baiskeli "
            "vitachapishwa kila mwaka kama data huria.",
        )
    ),
    clause(
        pb.p(
            "The strategy will be reviewed in 2031 with a new public consultation.",
            fr="La stratégie sera révisée en 2031 à l’occasion d’une nouvelle consultation "
            "publique.",
            ar="ستُراجَع الاستراتيجية في عام 2031 من خلال استشارة عامة جديدة.",
            sw="Mkakati utapitiwa upya mwaka 2031 kupitia mashauriano mapya ya umma.",
        )
    ),
]


# Comments as people wrote them, in their own language (never translated). Each entry:
# (clause number or "" for the whole document, language, name, text, options). Options:
# area, outcome (asked to hear back), likes, replies [(language, name, text)], and for
# offline input: channel, meeting, public (shown on the page).
HILLSIDE_MEETING = "Public meeting, Hillside community hall"
OLD_PORT_MEETING = "Public meeting, Old Port community hall"
NORTH_BANK_MEETING = "Public meeting, North Bank school"

CYCLING_COMMENTS = [
    (
        "1.1",
        "en",
        "Amina K.",
        "One in five is a good target, but please publish the yearly figures so we can see whether"
        " we are on track.",
        {
            "area": "City Centre",
            "outcome": True,
            "likes": 4,
            "replies": [
                (
                    "sw",
                    "Baraka",
                    "Nakubali. Takwimu za kila mwaka zitatusaidia sisi wakazi kufuatilia ahadi "
                    "hizi.",
                )
            ],
        },
    ),
    (
        "1.1",
        "fr",
        "Hélène",
        "Objectif trop timide : d’autres villes de notre taille font déjà mieux. Visons un trajet "
        "sur quatre.",
        {
            "likes": 2,
            "replies": [
                (
                    "en",
                    "Tom",
                    "A quarter sounds great, but the network has to come first, otherwise people "
                    "won’t switch.",
                )
            ],
        },
    ),
    (
        "1.1",
        "ar",
        "سارة",
        "هدف جيد، لكن أرجو ألّا ننسى كبار السن الذين لا يستطيعون ركوب الدراجة.",
        {"area": "Old Port"},
    ),
    (
        "1.3",
        "en",
        "Daniel O.",
        "I love the twelve-year-old test. It should apply to every road scheme, not just cycling "
        "ones.",
        {
            "likes": 6,
            "replies": [
                (
                    "fr",
                    "Camille",
                    "Entièrement d’accord, et ajoutons le test d’une personne de 80 ans à pied.",
                )
            ],
        },
    ),
    (
        "1.3",
        "sw",
        "Mama Neema",
        "Kama mzazi, hii ndiyo sentensi muhimu zaidi katika hati nzima.",
        {"outcome": True},
    ),
    (
        "2.1",
        "en",
        "Riverside resident",
        "45 km sounds like a lot, but the map shows a gap along Mill Road. That is exactly where "
        "my children cycle.",
        {
            "area": "Riverside",
            "outcome": True,
            "likes": 3,
            "replies": [
                (
                    "en",
                    "Priya",
                    "Same gap near the bakery on Mill Road: cars park on the painted lane every "
                    "morning.",
                )
            ],
        },
    ),
    (
        "2.1",
        "fr",
        "Julien",
        "Merci de prévoir des pistes assez larges pour les vélos cargos et les remorques "
        "d’enfants.",
        {"likes": 2},
    ),
    (
        "2.1",
        "ar",
        "أحمد",
        "أرجو أن تكون المسارات مفصولة فعلًا بحواجز، وليس مجرّد خطوط مرسومة على الأرض.",
        {
            "likes": 5,
            "replies": [("sw", "Juma", "Kweli kabisa. Mistari ya rangi peke yake haizuii magari.")],
        },
    ),
    (
        "2.1",
        "en",
        "Hillside meeting",
        "Several people at the meeting asked for the Hillside route to avoid the steep part of "
        "Quarry Lane.",
        {
            "channel": Channel.MEETING,
            "meeting": HILLSIDE_MEETING,
            "public": True,
            "area": "Hillside",
        },
    ),
    (
        "2.2",
        "en",
        "Grace",
        "The bridge is the single most important thing in this strategy. The North Bank is cut off"
        " today.",
        {
            "area": "North Bank",
            "outcome": True,
            "likes": 7,
            "replies": [
                (
                    "ar",
                    "ليلى",
                    "أوافق تمامًا. أعبر النهر كل يوم وأضطر إلى استخدام جسر السيارات الخطير.",
                )
            ],
        },
    ),
    (
        "2.2",
        "fr",
        "Marc D.",
        "2030, c’est loin. Une navette fluviale acceptant les vélos pourrait-elle fonctionner en "
        "attendant ?",
        {},
    ),
    (
        "2.2",
        "en",
        "P. Okafor",
        "I am against spending money on a new bridge while the old one needs repairs.",
        {"channel": Channel.PAPER, "public": True},
    ),
    (
        "2.3",
        "en",
        "Lukas",
        "Quiet streets work. When Elm Street was closed to through traffic, my kids started "
        "playing outside again.",
        {"likes": 3},
    ),
    (
        "2.3",
        "sw",
        "Wanjiru",
        "Tafadhali hakikisheni magari ya wagonjwa na ya zimamoto bado yanaweza kupita bila "
        "kuchelewa.",
        {
            "replies": [
                (
                    "en",
                    "Amina K.",
                    "The clause keeps access for emergency vehicles: usually with bollards they "
                    "can open.",
                )
            ]
        },
    ),
    (
        "2.3",
        "fr",
        "Réunion du Vieux-Port",
        "Les commerçants de la rue du Port craignent de perdre des clients si la rue est fermée au"
        " transit.",
        {
            "channel": Channel.MEETING,
            "meeting": "Réunion publique, salle municipale du Vieux-Port",
            "public": True,
            "area": "Old Port",
        },
    ),
    (
        "2.3.1",
        "ar",
        "يوسف",
        "أقترح أن يبدأ الأمر بتجربة لمدة ستة أشهر في كل شارع قبل القرار النهائي.",
        {"outcome": True},
    ),
    (
        "2.4",
        "en",
        "Night-shift nurse",
        "Lighting matters most to me. I ride home from the hospital at 2 a.m. and the river path "
        "is pitch dark.",
        {"likes": 4},
    ),
    ("2.4", "fr", "Sophie", "Et le déneigement des pistes avant 7 h, s’il vous plaît !", {}),
    (
        "3.1",
        "en",
        "Ms Hughes",
        "Our parents’ association at Hillside Primary supports the car-free street. We tried it "
        "for one week in May and it was calm and safe.",
        {
            "area": "Hillside",
            "outcome": True,
            "likes": 5,
            "replies": [
                (
                    "sw",
                    "Baraka",
                    "Shule ya watoto wangu ingefaidika pia. Tunaomba ianze mwaka ujao.",
                )
            ],
        },
    ),
    (
        "3.1",
        "ar",
        "فاطمة",
        "أوصل أطفالي بالدراجة كل صباح، والشارع أمام المدرسة مزدحم جدًا بالسيارات.",
        {"area": "Old Port"},
    ),
    (
        "3.1",
        "sw",
        "Mzee Hamisi",
        "Barabara ya shule yetu haina njia ya waenda kwa miguu hata kidogo. Tunaomba ianzie hapo.",
        {"channel": Channel.PAPER, "public": True},
    ),
    (
        "3.2",
        "en",
        "Old Port cyclist",
        "The Old Port roundabout is terrifying. Drivers do not look for bikes when they come off "
        "the bridge.",
        {
            "area": "Old Port",
            "outcome": True,
            "likes": 9,
            "replies": [
                (
                    "fr",
                    "Hélène",
                    "C’est exactement là que j’ai été renversée l’an dernier. Merci de commencer "
                    "par ce carrefour.",
                ),
                ("ar", "سارة", "أتجنّب هذا الدوّار تمامًا، وأمشي مع دراجتي على الرصيف."),
            ],
        },
    ),
    (
        "3.2",
        "fr",
        "Pierre L.",
        "Il faut publier la liste des dix carrefours et le calendrier des travaux pour chacun.",
        {"outcome": True, "likes": 3},
    ),
    (
        "3.2",
        "ar",
        "محمد",
        "تقاطع شارع السوق مع طريق النهر يجب أن يكون ضمن القائمة، فالحوادث فيه كثيرة.",
        {"area": "City Centre", "likes": 2},
    ),
    (
        "3.2",
        "sw",
        "Juma",
        "Makutano ya Soko Kuu ni hatari sana jioni. Taa za barabarani mara nyingi hazifanyi kazi.",
        {"area": "City Centre"},
    ),
    (
        "3.2",
        "en",
        "Old Port meeting",
        "Many at the meeting asked for a temporary layout with cones at the roundabout this "
        "summer, before the full redesign.",
        {
            "channel": Channel.MEETING,
            "meeting": OLD_PORT_MEETING,
            "public": True,
            "area": "Old Port",
        },
    ),
    (
        "3.2",
        "ar",
        "اجتماع الميناء القديم",
        "طلب سائقو سيارات الأجرة أن يُراعى موقفهم أمام المحطة في التصميم الجديد.",
        {"channel": Channel.MEETING, "meeting": OLD_PORT_MEETING, "public": False},
    ),
    (
        "3.2",
        "en",
        "Riverton Taxi Association",
        "We ask to be consulted on the roundabout design: forty taxis use the rank next to it "
        "every day.",
        {"channel": Channel.EMAIL, "public": True},
    ),
    (
        "3.3",
        "en",
        "Robert",
        "30 km/h everywhere will slow buses down. Keep 50 on the main bus routes.",
        {
            "likes": 1,
            "replies": [
                (
                    "en",
                    "Daniel O.",
                    "Buses average well under 30 in town anyway because of the stops. The limit "
                    "barely changes their times.",
                ),
                (
                    "fr",
                    "Camille",
                    "Ailleurs, le passage à 30 n’a pas ralenti les bus de façon mesurable.",
                ),
            ],
        },
    ),
    (
        "3.3",
        "sw",
        "Neema",
        "Mwendo wa km 30 karibu na masoko ni muhimu sana; watoto huvuka barabara kila mahali.",
        {"likes": 2},
    ),
    (
        "3.3",
        "fr",
        "Mme Dubois",
        "Je suis pour les 30 km/h, mais il faudra des contrôles, sinon personne ne les respectera.",
        {"channel": Channel.PAPER, "public": True},
    ),
    (
        "3.4",
        "en",
        "Freight driver",
        "Most of our lorries already have the sensors. Give small firms a grant and a year to fit "
        "them.",
        {"likes": 2},
    ),
    ("3.4", "ar", "علي", "هذا البند ممتاز. رأيتُ حادثًا مع شاحنة عند الجسر ولن أنساه.", {}),
    (
        "4.1",
        "fr",
        "Nadia",
        "Un parking vélo surveillé à la gare centrale, avec un atelier de réparation, serait "
        "idéal.",
        {"likes": 3},
    ),
    (
        "4.1",
        "en",
        "Commuter",
        "Please add bike parking at the park-and-ride too, so people can combine car and bike.",
        {},
    ),
    (
        "4.1",
        "sw",
        "Said",
        "Maegesho ya baiskeli katika kituo cha basi cha Mlimani yanahitajika haraka; baiskeli "
        "huibwa kila wiki.",
        {"area": "Hillside"},
    ),
    (
        "4.2",
        "en",
        "Flat dweller",
        "I carry my bike up three floors every day. A hangar on our street would change "
        "everything.",
        {
            "outcome": True,
            "likes": 4,
            "replies": [("sw", "Wanjiru", "Hata mimi. Bei ya kukodi iwe nafuu kwa wanafunzi.")],
        },
    ),
    (
        "4.2",
        "ar",
        "رنا",
        "أرجو أن تكون الخزائن قريبة من المباني السكنية وأن تكون الإضاءة حولها جيدة.",
        {},
    ),
    (
        "4.3",
        "fr",
        "Théo",
        "Les vélos dans le tram, oui, mais pas aux heures de pointe, sinon les poussettes n’auront"
        " plus de place.",
        {},
    ),
    (
        "4.3",
        "en",
        "Wheelchair user",
        "Please make sure bike racks on buses never block the wheelchair space.",
        {"likes": 6},
    ),
    (
        "5.1",
        "ar",
        "هدى",
        "أتمنى دروسًا للنساء فقط في المركز المجتمعي، فكثيرات منا لم يتعلّمن ركوب الدراجة في صغرهن.",
        {
            "outcome": True,
            "likes": 5,
            "replies": [
                (
                    "en",
                    "Amina K.",
                    "Yes! Women-only sessions fill up fast wherever they are offered.",
                )
            ],
        },
    ),
    (
        "5.1",
        "sw",
        "Mwalimu Ali",
        "Mafunzo yafanyike pia kwa Kiswahili na Kiarabu, si Kiingereza pekee.",
        {"likes": 3},
    ),
    (
        "5.1",
        "sw",
        "Mkutano wa Mlimani",
        "Wazazi wengi waliomba mafunzo ya wikendi ili wanaofanya kazi waweze kuhudhuria.",
        {
            "channel": Channel.MEETING,
            "meeting": "Mkutano wa hadhara, ukumbi wa jamii wa Mlimani",
            "public": True,
            "area": "Hillside",
        },
    ),
    (
        "5.2",
        "en",
        "Ben",
        "Being able to try an e-bike for a month is brilliant. Hills are the reason I don’t cycle.",
        {"area": "Hillside", "likes": 2},
    ),
    (
        "5.2",
        "fr",
        "Élodie",
        "Des vélos adaptés pour les personnes handicapées, c’est une excellente idée. Prévoyez "
        "aussi des tricycles.",
        {},
    ),
    (
        "5.3",
        "ar",
        "خالد",
        "المنحة مهمة، لكن أرجو أن تكون إجراءات التقديم بسيطة ومتاحة بالعربية.",
        {"outcome": True},
    ),
    (
        "5.3",
        "en",
        "Student",
        "Include students in the grant. Many of us have no income at all.",
        {"likes": 3},
    ),
    (
        "6.1",
        "en",
        "Taxpayer",
        "18 million is a lot. I would like to see what the money will not be spent on instead.",
        {
            "replies": [
                (
                    "fr",
                    "Marc D.",
                    "Les accidents coûtent bien plus cher à la collectivité, selon l’étude "
                    "municipale de 2024.",
                )
            ]
        },
    ),
    (
        "6.1",
        "sw",
        "Baraka",
        "Ni vizuri theluthi moja ya fedha iende kwa mitaa isiyo na magari mengi. Hii ni haki.",
        {"likes": 2},
    ),
    (
        "6.2",
        "fr",
        "Pierre L.",
        "Publiez aussi les données par quartier, pas seulement pour toute la ville.",
        {"outcome": True},
    ),
    (
        "6.2",
        "en",
        "Riverside library",
        "Publish the data in the library as well, not everyone is online.",
        {"channel": Channel.PAPER, "public": True, "area": "Riverside"},
    ),
    ("6.3", "ar", "يوسف", "مراجعة في 2031 جيدة، لكن أقترح تقريرًا علنيًا قصيرًا كل سنتين أيضًا.", {}),
    (
        "",
        "en",
        "Amina K.",
        "Thank you for the clear draft and for putting it online clause by clause. It is the first"
        " time I have commented on a city plan.",
        {"likes": 5},
    ),
    (
        "",
        "fr",
        "Association Vélo Riverton",
        "Notre association soutient la stratégie, avec trois priorités : la passerelle, le rond-"
        "point du Vieux-Port et les rues scolaires.",
        {"outcome": True, "likes": 8},
    ),
    (
        "",
        "ar",
        "مجلس حي الميناء القديم",
        "نطلب نسخة مطبوعة من المسودة باللغة العربية في مكتبة الحي.",
        {"area": "Old Port"},
    ),
    (
        "",
        "sw",
        "Wanjiru",
        "Asanteni kwa kutafsiri hati hii kwa Kiswahili. Sasa ni rahisi kushiriki.",
        {"likes": 4},
    ),
    (
        "",
        "en",
        "North Bank meeting",
        "About thirty residents attended. The bridge was the first priority for almost everyone in"
        " the room.",
        {
            "channel": Channel.MEETING,
            "meeting": NORTH_BANK_MEETING,
            "public": True,
            "area": "North Bank",
        },
    ),
]


# -- the upcoming process: Riverside Park ------------------------------------------------------


def load_park(demo, index, now):
    day = timedelta(days=1)
    # Participation dates are whole days (processes/dates.py): phases start and end at midnight.
    midnight = now.replace(hour=0)
    process = demo.get_or_create_page(
        index,
        ProcessPage,
        PARK_SLUG,
        title=pb(
            "Riverside Park Renewal",
            fr="Renouveau du parc des Berges",
            ar="تجديد حديقة ضفة النهر",
            sw="Ukarabati wa Bustani ya Kando ya Mto",
        ),
        summary=pb(
            "Design the new Riverside Park with us: play areas, shade, river access and places "
            "to sit. Workshops start soon.",
            fr="Concevez avec nous le nouveau parc des Berges : aires de jeux, ombre, "
            "accès à la rivière et bancs. Les ateliers commencent bientôt.",
            ar="صمّموا معنا حديقة ضفة النهر الجديدة: مناطق ألعاب، وظلال، ووصول إلى النهر، "
            "وأماكن للجلوس. تبدأ ورش العمل قريبًا.",
            sw="Buni pamoja nasi Bustani mpya ya Kando ya Mto: maeneo ya michezo, kivuli, njia "
            "ya kufika mtoni na mahali pa kukaa. Warsha zinaanza hivi karibuni.",
        ),
        topic=demo.topics.get("public-spaces"),
        level=EngagementLevel.CO_CREATE,
        image=demo.image(
            "riverton-park",
            title="Riverside Park in spring",
            motif="river",
            palette="meadow",
            description="Trees and a meadow on the river bank",
        ),
        objectives=pb.p(
            "Decide together how the park’s 6 hectares are shared between play, sport, nature "
            "and quiet.",
            fr="Décider ensemble comment partager les 6 hectares du parc entre jeux, sport, "
            "nature et calme.",
            ar="أن نقرّر معًا كيف تُقسَّم هكتارات الحديقة الستة بين اللعب والرياضة والطبيعة والهدوء.",
            sw="Kuamua pamoja jinsi hekta 6 za bustani zitakavyogawanywa kati ya michezo ya "
            "watoto, michezo, mazingira asilia na utulivu.",
        ),
        input_use=pb.p(
            "The landscape architects will draw three options from the workshops; residents "
            "will choose one in a vote.",
            fr="Les paysagistes dessineront trois options à partir des ateliers ; les habitants "
            "en choisiront une par un vote.",
            ar="سيرسم مهندسو المناظر الطبيعية ثلاثة خيارات انطلاقًا من ورش العمل، وسيختار "
            "السكان واحدًا منها بالتصويت.",
            sw="Wasanifu wa mandhari watachora machaguo matatu kutokana na warsha; wakazi "
            "watachagua moja kwa kura.",
        ),
        responsible_body=pb(
            "Riverton City Council, Parks and Green Spaces",
            fr="Ville de Riverton, service Parcs et Espaces verts",
            ar="مجلس مدينة ريفرتون، إدارة الحدائق والمساحات الخضراء",
            sw="Baraza la Jiji la Riverton, Idara ya Bustani na Maeneo ya Kijani",
        ),
        contact_name=pb(
            "Parks team", fr="Équipe des parcs", ar="فريق الحدائق", sw="Timu ya bustani"
        ),
        contact_email="parks@riverton.example",
        phases=[
            Phase(
                title=pb(
                    "Co-design workshops",
                    fr="Ateliers de co-conception",
                    ar="ورش التصميم المشترك",
                    sw="Warsha za kubuni pamoja",
                ),
                description=pb(
                    "Four Saturday workshops in the park, with activities for children.",
                    fr="Quatre ateliers le samedi dans le parc, avec des activités pour les "
                    "enfants.",
                    ar="أربع ورش عمل أيام السبت في الحديقة، مع أنشطة للأطفال.",
                    sw="Warsha nne za Jumamosi bustanini, pamoja na shughuli za watoto.",
                ),
                start=midnight + 20 * day,
                end=midnight + 50 * day,
                is_participation=True,
                sort_order=0,
            ),
            Phase(
                title=pb(
                    "Vote on the options",
                    fr="Vote sur les options",
                    ar="التصويت على الخيارات",
                    sw="Kura kuhusu machaguo",
                ),
                description=pb(
                    "Choose one of the three designs online or at the library.",
                    fr="Choisissez l’un des trois projets en ligne ou à la bibliothèque.",
                    ar="اختاروا أحد التصاميم الثلاثة عبر الإنترنت أو في المكتبة.",
                    sw="Chagua moja ya miundo mitatu mtandaoni au maktabani.",
                ),
                start=midnight + 70 * day,
                end=midnight + 85 * day,
                is_participation=True,
                sort_order=1,
            ),
        ],
    )
    demo.translate(process, pb)
    principles = demo.get_or_create_page(
        process,
        ConsultationPage,
        "principles",
        title=pb(
            "Principles for the new park",
            fr="Principes pour le nouveau parc",
            ar="مبادئ الحديقة الجديدة",
            sw="Kanuni za bustani mpya",
        ),
        introduction=pb.p(
            "Before the workshops, tell us whether these principles are the right starting point.",
            fr="Avant les ateliers, dites-nous si ces principes sont le bon point de départ.",
            ar="قبل ورش العمل، أخبرونا إن كانت هذه المبادئ نقطة انطلاق مناسبة.",
            sw="Kabla ya warsha, tuambie kama kanuni hizi ni mahali sahihi pa kuanzia.",
        ),
        opens_at=midnight + 20 * day,
        closes_at=midnight + 50 * day,
        body=[
            clause(
                pb.p(
                    "The park stays free and open to everyone, day and night.",
                    fr="Le parc reste gratuit et ouvert à tous, de jour comme de nuit.",
                    ar="تبقى الحديقة مجانية ومفتوحة للجميع ليلًا ونهارًا.",
                    sw="Bustani itabaki bure na wazi kwa kila mtu, mchana na usiku.",
                )
            ),
            clause(
                pb.p(
                    "No tree older than fifty years will be cut down.",
                    fr="Aucun arbre de plus de cinquante ans ne sera abattu.",
                    ar="لن تُقطع أي شجرة يزيد عمرها على خمسين عامًا.",
                    sw="Hakuna mti wenye umri wa zaidi ya miaka hamsini utakaokatwa.",
                )
            ),
            clause(
                pb.p(
                    "At least half of the park will remain natural grass and wildflower meadow.",
                    fr="Au moins la moitié du parc restera en herbe naturelle et en prairie "
                    "fleurie.",
                    ar="سيبقى نصف الحديقة على الأقل عشبًا طبيعيًا ومرجًا من الأزهار البرية.",
                    sw="Angalau nusu ya bustani itabaki nyasi asilia na uwanda wa maua ya porini.",
                )
            ),
        ],
    )
    demo.translate(principles, pb)
    return process


# -- the closed process: Old Port buses --------------------------------------------------------


def load_buses(demo, index, now):
    day = timedelta(days=1)
    # Participation dates are whole days (processes/dates.py): phases start and end at midnight.
    midnight = now.replace(hour=0)
    process = demo.get_or_create_page(
        index,
        ProcessPage,
        BUS_SLUG,
        title=pb(
            "Old Port Bus Network Redesign",
            fr="Refonte du réseau de bus du Vieux-Port",
            ar="إعادة تصميم شبكة حافلات الميناء القديم",
            sw="Usanifu upya wa mtandao wa mabasi wa Bandari ya Zamani",
        ),
        summary=pb(
            "New routes and timetables for the buses serving the Old Port and the North Bank. "
            "The consultation has closed; the team is analysing your comments.",
            fr="De nouveaux itinéraires et horaires pour les bus qui desservent le Vieux-Port "
            "et la Rive Nord. La consultation est close ; l’équipe analyse vos commentaires.",
            ar="مسارات ومواعيد جديدة للحافلات التي تخدم الميناء القديم والضفة الشمالية. انتهت "
            "الاستشارة، ويحلّل الفريق تعليقاتكم.",
            sw="Njia na ratiba mpya za mabasi yanayohudumia Bandari ya Zamani na Ukingo wa "
            "Kaskazini. Mashauriano yamefungwa; timu inachambua maoni yenu.",
        ),
        topic=demo.topics.get("transport"),
        level=EngagementLevel.CONSULT,
        image=demo.image(
            "riverton-buses",
            title="Buses at the Old Port",
            motif="city",
            palette="harbour",
            description="The Old Port quay with buildings along the water",
        ),
        objectives=pb.p(
            "Find out whether the proposed routes get people where they need to go, at the "
            "times they need.",
            fr="Savoir si les itinéraires proposés emmènent les habitants là où ils en ont "
            "besoin, aux heures dont ils ont besoin.",
            ar="معرفة ما إذا كانت المسارات المقترحة توصل الناس إلى حيث يحتاجون، في الأوقات "
            "التي يحتاجونها.",
            sw="Kujua kama njia zinazopendekezwa zinawafikisha watu wanakohitaji kwenda, kwa "
            "nyakati wanazohitaji.",
        ),
        input_use=pb.p(
            "The transport authority will adjust the routes before the new network starts, and "
            "publish a response to the comments.",
            fr="L’autorité des transports ajustera les itinéraires avant la mise en service du "
            "nouveau réseau et publiera une réponse aux commentaires.",
            ar="ستعدّل هيئة النقل المسارات قبل تشغيل الشبكة الجديدة، وستنشر ردًّا على التعليقات.",
            sw="Mamlaka ya usafiri itarekebisha njia kabla mtandao mpya haujaanza, na "
            "kuchapisha majibu kwa maoni.",
        ),
        responsible_body=pb(
            "Riverton Transport Authority",
            fr="Autorité des transports de Riverton",
            ar="هيئة النقل في ريفرتون",
            sw="Mamlaka ya Usafiri ya Riverton",
        ),
        contact_name=pb(
            "Bus network team",
            fr="Équipe du réseau de bus",
            ar="فريق شبكة الحافلات",
            sw="Timu ya mtandao wa mabasi",
        ),
        contact_email="buses@riverton.example",
        phases=[
            Phase(
                title=PUBLIC_CONSULTATION,
                description=pb(
                    "Comments on the proposed network.",
                    fr="Commentaires sur le réseau proposé.",
                    ar="تعليقات على الشبكة المقترحة.",
                    sw="Maoni kuhusu mtandao unaopendekezwa.",
                ),
                start=midnight - 120 * day,
                end=midnight - 60 * day,
                is_participation=True,
                sort_order=0,
            ),
            Phase(
                title=pb(
                    "Analysis and response",
                    fr="Analyse et réponse",
                    ar="التحليل والردّ",
                    sw="Uchambuzi na majibu",
                ),
                description=pb(
                    "The team reads the comments and prepares its response.",
                    fr="L’équipe lit les commentaires et prépare sa réponse.",
                    ar="يقرأ الفريق التعليقات ويُعدّ ردّه.",
                    sw="Timu inasoma maoni na kuandaa majibu yake.",
                ),
                start=midnight - 60 * day,
                end=midnight + 10 * day,
                is_participation=False,
                sort_order=1,
            ),
        ],
        areas=[
            Area(name=AREAS["Old Port"], sort_order=0),
            Area(name=AREAS["North Bank"], sort_order=1),
        ],
    )
    processes = demo.translate(process, pb)
    consultation = demo.get_or_create_page(
        process,
        ConsultationPage,
        "proposed-network",
        title=pb(
            "Proposed bus network",
            fr="Projet de réseau de bus",
            ar="شبكة الحافلات المقترحة",
            sw="Mtandao wa mabasi unaopendekezwa",
        ),
        introduction=pb.p(
            "The proposed routes and frequencies, line by line.",
            fr="Les itinéraires et fréquences proposés, ligne par ligne.",
            ar="المسارات والترددات المقترحة، خطًا خطًا.",
            sw="Njia na marudio yanayopendekezwa, mstari kwa mstari.",
        ),
        phase=process.phases.get(sort_order=0),
        body=[
            heading(pb("Routes", fr="Itinéraires", ar="المسارات", sw="Njia")),
            clause(
                pb.p(
                    "Line 4 will run along the quay instead of Market Street, serving the new "
                    "ferry terminal.",
                    fr="La ligne 4 passera par le quai au lieu de la rue du Marché et "
                    "desservira le nouveau terminal des ferries.",
                    ar="سيمرّ الخط 4 على طول الرصيف بدلًا من شارع السوق، ليخدم محطة العبّارات "
                    "الجديدة.",
                    sw="Mstari wa 4 utapita kando ya gati badala ya Mtaa wa Soko, ukihudumia "
                    "kituo kipya cha feri.",
                )
            ),
            clause(
                pb.p(
                    "A new Line 12 will link the North Bank to the hospital without changing "
                    "buses.",
                    fr="Une nouvelle ligne 12 reliera la Rive Nord à l’hôpital sans changement.",
                    ar="سيربط خط جديد رقم 12 الضفة الشمالية بالمستشفى دون الحاجة إلى تغيير "
                    "الحافلة.",
                    sw="Mstari mpya wa 12 utaunganisha Ukingo wa Kaskazini na hospitali bila "
                    "kubadilisha basi.",
                )
            ),
            clause(
                pb.p(
                    "Line 7 will stop at the Old Port roundabout only in one direction.",
                    fr="La ligne 7 ne s’arrêtera au rond-point du Vieux-Port que dans un sens.",
                    ar="لن يتوقّف الخط 7 عند دوّار الميناء القديم إلا في اتجاه واحد.",
                    sw="Mstari wa 7 utasimama kwenye kiplefti cha Bandari ya Zamani upande "
                    "mmoja tu.",
                )
            ),
            heading(pb("Timetables", fr="Horaires", ar="المواعيد", sw="Ratiba")),
            clause(
                pb.p(
                    "Buses on lines 4 and 12 will run every 10 minutes from 6 a.m. to 8 p.m.",
                    fr="Les bus des lignes 4 et 12 passeront toutes les 10 minutes de 6 h à 20 h.",
                    ar="ستمرّ حافلات الخطين 4 و12 كل 10 دقائق من السادسة صباحًا حتى الثامنة مساءً.",
                    sw="Mabasi ya mistari ya 4 na 12 yatapita kila dakika 10 kuanzia saa 12 "
                    "asubuhi hadi saa 2 usiku.",
                )
            ),
            clause(
                pb.p(
                    "A night bus will run every 30 minutes on Fridays and Saturdays until 2 a.m.",
                    fr="Un bus de nuit circulera toutes les 30 minutes les vendredis et "
                    "samedis jusqu’à 2 h.",
                    ar="ستعمل حافلة ليلية كل 30 دقيقة يومَي الجمعة والسبت حتى الثانية فجرًا.",
                    sw="Basi la usiku litapita kila dakika 30 Ijumaa na Jumamosi hadi saa 8 usiku.",
                )
            ),
        ],
    )
    consultations = demo.translate(consultation, pb)
    consultations["en"] = consultation
    processes["en"] = process
    add_comments(consultations, processes, BUS_COMMENTS, start=now - 118 * day, end=now - 61 * day)
    return process


BUS_COMMENTS = [
    (
        "1.1",
        "en",
        "Market Street fishmonger",
        "Moving line 4 off Market Street will hurt the shops. Many of our customers are older "
        "people who come by bus.",
        {
            "area": "Old Port",
            "likes": 3,
            "replies": [
                ("fr", "Hélène", "Un arrêt au bout de la rue du Marché pourrait être un compromis.")
            ],
        },
    ),
    (
        "1.1",
        "sw",
        "Juma",
        "Kituo cha feri kinahitaji basi; ni vizuri mstari wa 4 upite gatini.",
        {},
    ),
    (
        "1.2",
        "ar",
        "ليلى",
        "الخط 12 سيوفّر عليّ ساعة كل يوم للوصول إلى عملي في المستشفى. شكرًا.",
        {"area": "North Bank", "outcome": True, "likes": 4},
    ),
    (
        "1.2",
        "en",
        "North Bank meeting",
        "Residents asked for line 12 to start earlier, at 5 a.m., for hospital shift workers.",
        {
            "channel": Channel.MEETING,
            "meeting": NORTH_BANK_MEETING,
            "public": True,
            "area": "North Bank",
        },
    ),
    (
        "1.3",
        "fr",
        "Marc D.",
        "Un arrêt dans un seul sens, c’est incompréhensible pour les voyageurs. Gardez les deux "
        "sens.",
        {"outcome": True},
    ),
    (
        "1.3",
        "en",
        "Mrs Adeyemi",
        "I cannot walk to the next stop. Please keep the stop on both sides of the road.",
        {"channel": Channel.PAPER, "public": True, "area": "Old Port"},
    ),
    (
        "2.1",
        "sw",
        "Neema",
        "Basi kila dakika 10 ni nzuri, lakini jioni baada ya saa 2 usiku pia tunahitaji mabasi.",
        {"likes": 2},
    ),
    (
        "2.1",
        "en",
        "Commuter",
        "Ten minutes is great. Please keep the same timetable during the school holidays.",
        {},
    ),
    (
        "2.2",
        "en",
        "Bar worker",
        "The night bus is long overdue. I walk home along the river at 2 a.m. every weekend.",
        {
            "outcome": True,
            "likes": 5,
            "replies": [("ar", "علي", "وأرجو أن يمرّ بالضفة الشمالية أيضًا.")],
        },
    ),
    ("2.2", "fr", "Théo", "Et le dimanche soir ? Beaucoup d’étudiants rentrent le dimanche.", {}),
    (
        "",
        "ar",
        "مجلس حي الميناء القديم",
        "شكرًا على الاجتماع العام في الحي. نأمل أن نرى الردّ على تعليقاتنا قريبًا.",
        {"outcome": True, "area": "Old Port"},
    ),
    (
        "",
        "sw",
        "Said",
        "Tafadhali chapisheni ramani mpya katika vituo vya basi, si mtandaoni pekee.",
        {},
    ),
]


# -- comments ---------------------------------------------------------------------------------


def add_comments(pages, processes, entries, *, start, end):
    """Create the comments of one consultation once, spread between `start` and `end`."""
    english = pages["en"]
    if Comment.objects.for_target(english).exists():
        return
    numbers = {item.number: item.id for item in english.numbered_items if item.is_clause}
    areas = {
        code: {area.name: area for area in Area.objects.filter(page=process)}
        for code, process in processes.items()
    }
    english_areas = {area.translation_key: area.name for area in areas["en"].values()}
    step = (end - start) / max(len(entries), 1)
    moment = start
    for number, (clause_number, language, name, text, options) in enumerate(entries):
        page = pages[language]
        clause_id = numbers[clause_number] if clause_number else ""
        area = _area(options.get("area"), language, areas, english_areas)
        comment = _comment(page, clause_id, language, name, text, options, area, moment, number)
        for reply_number, (reply_language, reply_name, reply_text) in enumerate(
            options.get("replies", [])
        ):
            _comment(
                pages[reply_language],
                clause_id,
                reply_language,
                reply_name,
                reply_text,
                {},
                None,
                moment + timedelta(hours=5 + 7 * reply_number),
                f"{number}-{reply_number}",
                parent=comment,
            )
        moment += step
    metrics.invalidate(english.translation_key, english.process.translation_key)


# Abusive comments that readers flagged: hidden until a moderator reviews them, so the
# moderation queue has something in it. Written in English; never shown publicly.
FLAGGED_COMMENTS = [
    ("3.1", "Gary", "What a waste of money. Whoever wrote this is a clueless idiot."),
    ("", "Pete", "Cyclists are a menace and the morons at the council are no better."),
]


def add_flagged_comments(page, moment):
    """Two comments hidden by readers' flags (once: found again by their flags)."""
    if Flag.objects.filter(browser_key__startswith="demo-flag-").exists():
        return
    numbers = {item.number: item.id for item in page.numbered_items if item.is_clause}
    for key, (clause_number, name, text) in enumerate(FLAGGED_COMMENTS):
        comment = build_comment(
            page,
            text,
            clause_id=numbers[clause_number] if clause_number else "",
            language="en",
            name=name,
            email=f"{name.lower()}.flagged{key}@example.org",
        )
        comment.submit_date = moment + timedelta(hours=key)
        comment.save()
        for flag in range(flag_threshold()):
            comment.record_flag(browser_key=f"demo-flag-{key}-{flag}", reason=Flag.Reason.ABUSE)


def _area(english_name, language, areas, english_areas):
    if not english_name:
        return None
    english = areas["en"][english_name]
    for area in areas[language].values():
        if area.translation_key == english.translation_key:
            return area
    return None


def _comment(page, clause_id, language, name, text, options, area, moment, key, parent=None):
    channel = options.get("channel", Channel.ONLINE)
    offline = channel != Channel.ONLINE
    slug = "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum()) or "resident"
    if language == "fr":
        text = french_typography(text)
    comment = build_comment(
        page,
        text,
        clause_id=clause_id,
        language=language,
        channel=channel,
        name=name,
        email="" if offline else f"{slug}.{key}@example.org",
        area=area,
        wants_outcome=options.get("outcome", False),
        parent_id=parent.pk if parent else 0,
        meeting_name=options.get("meeting", ""),
        input_date=moment.date() if offline else None,
        show_publicly_with_channel=options.get("public", False),
    )
    comment.submit_date = moment
    comment.save()
    if offline:
        ModerationAction.objects.create(
            comment=comment,
            action=ModerationAction.Action.OFFLINE_ENTRY,
            reason=options.get("meeting", ""),
            created_at=moment,
        )
    CommentReaction.objects.bulk_create(
        CommentReaction(comment=comment, browser_key=f"demo-{comment.pk}-{like}")
        for like in range(options.get("likes", 0))
    )
    return comment
