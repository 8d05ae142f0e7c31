"""The shared taxonomy: Riverton's topics, used by processes, news and newsletters."""

from home.models import Topic

# slug: (name, description) in English, then the translations of both.
TOPICS = {
    "transport": {
        "en": (
            "Transport and cycling",
            "Buses, trams, cycle lanes, footpaths and safer streets for everyone who gets "
            "around Riverton.",
        ),
        "fr": (
            "Transports et vélo",
            "Bus, tramways, pistes cyclables, cheminements piétons et rues plus sûres pour "
            "toutes celles et ceux qui se déplacent dans Riverton.",
        ),
        "ar": (
            "النقل وركوب الدراجات",
            "الحافلات والترام ومسارات الدراجات وممرات المشاة وشوارع أكثر أمانًا لكل من يتنقّل "
            "في ريفرتون.",
        ),
        "sw": (
            "Usafiri na baiskeli",
            "Mabasi, tramu, njia za baiskeli, njia za watembea kwa miguu na mitaa salama zaidi "
            "kwa kila mtu anayesafiri ndani ya Riverton.",
        ),
    },
    "housing": {
        "en": (
            "Housing",
            "Affordable homes, repairs to council flats, rents and new neighbourhoods.",
        ),
        "fr": (
            "Logement",
            "Logements abordables, rénovation des logements municipaux, loyers et nouveaux "
            "quartiers.",
        ),
        "ar": (
            "الإسكان",
            "المساكن الميسورة التكلفة، وصيانة المساكن البلدية، والإيجارات، والأحياء الجديدة.",
        ),
        "sw": (
            "Makazi",
            "Nyumba za gharama nafuu, ukarabati wa nyumba za jiji, kodi za nyumba na mitaa mipya.",
        ),
    },
    "environment": {
        "en": (
            "Environment and climate",
            "Clean air, flood protection along the River Wend, trees, waste and the city's "
            "climate plan.",
        ),
        "fr": (
            "Environnement et climat",
            "Qualité de l’air, protection contre les crues de la Wend, arbres, déchets et plan "
            "climat de la ville.",
        ),
        "ar": (
            "البيئة والمناخ",
            "الهواء النقي، والحماية من فيضانات نهر وِند، والأشجار، والنفايات، والخطة المناخية "
            "للمدينة.",
        ),
        "sw": (
            "Mazingira na tabianchi",
            "Hewa safi, kinga dhidi ya mafuriko ya Mto Wend, miti, taka na mpango wa jiji "
            "kuhusu tabianchi.",
        ),
    },
    "budget": {
        "en": (
            "Budget and finance",
            "How the council raises money, what it spends it on, and the participatory budget.",
        ),
        "fr": (
            "Budget et finances",
            "Comment la Ville se finance, à quoi elle consacre son argent, et le budget "
            "participatif.",
        ),
        "ar": (
            "الميزانية والمالية",
            "كيف يجمع المجلس موارده، وفيمَ ينفقها، والميزانية التشاركية.",
        ),
        "sw": (
            "Bajeti na fedha",
            "Jinsi Baraza la Jiji linavyopata fedha, linavyozitumia, na bajeti shirikishi.",
        ),
    },
    "public-spaces": {
        "en": (
            "Public spaces",
            "Squares, parks, playgrounds, markets and the riverside walk.",
        ),
        "fr": (
            "Espaces publics",
            "Places, parcs, aires de jeux, marchés et promenade des berges.",
        ),
        "ar": (
            "الأماكن العامة",
            "الساحات والحدائق وملاعب الأطفال والأسواق والممشى على ضفة النهر.",
        ),
        "sw": (
            "Maeneo ya umma",
            "Viwanja, bustani, maeneo ya michezo ya watoto, masoko na njia ya matembezi kando "
            "ya mto.",
        ),
    },
    "health": {
        "en": (
            "Health",
            "Local clinics, healthy ageing, mental health support and sport for all.",
        ),
        "fr": (
            "Santé",
            "Centres de santé de proximité, bien vieillir, soutien en santé mentale et sport "
            "pour tous.",
        ),
        "ar": (
            "الصحة",
            "المراكز الصحية المحلية، والتقدّم في السن بصحة جيدة، ودعم الصحة النفسية، والرياضة "
            "للجميع.",
        ),
        "sw": (
            "Afya",
            "Vituo vya afya vya karibu, kuzeeka kwa afya njema, msaada wa afya ya akili na "
            "michezo kwa wote.",
        ),
    },
}


def load(demo):
    for slug, texts in TOPICS.items():
        name, description = texts["en"]
        topic = demo.get_or_create(
            Topic, slug=slug, defaults={"name": name, "description": description}
        )
        demo.translate(
            topic,
            {code: {name: texts[code][0], description: texts[code][1]} for code in demo.languages},
        )
        demo.topics[slug] = topic
