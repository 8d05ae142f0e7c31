"""The site and its home page: Riverton Townhall at http://localhost:8000/."""

from wagtail.models import Page, Site

from home.models import HomePage

HOME = {
    "title": "Home",
    "hero_title": "Shape the future of Riverton",
    "hero_text": (
        "Riverton City Council asks residents what they think before it decides. Read the "
        "plans, comment on drafts, send your ideas and see what changed because of what "
        "you said."
    ),
    "introduction": (
        "<p>Every year Riverton City Council takes decisions that shape daily life: bus routes "
        "and cycle lanes, new homes, parks, and how the budget is spent. <b>Townhall</b> is "
        "where you can follow those decisions from the first draft to the final vote, and have "
        "your say along the way.</p>"
        "<p>Comments sent online, on paper or at a public meeting count the same. When a "
        "consultation closes, we publish what we heard and what we did about it.</p>"
    ),
}

HOME_TRANSLATIONS = {
    "fr": {
        "Home": "Accueil",
        "Shape the future of Riverton": "Façonnez l’avenir de Riverton",
        HOME["hero_text"]: (
            "La Ville de Riverton demande l’avis des habitants avant de décider. Lisez les "
            "projets, commentez les textes en préparation, proposez vos idées et voyez ce qui a "
            "changé grâce à vos contributions."
        ),
        "Every year Riverton City Council takes decisions that shape daily life: bus routes and "
        "cycle lanes, new homes, parks, and how the budget is spent. <b>Townhall</b> is where "
        "you can follow those decisions from the first draft to the final vote, and have your "
        "say along the way.": (
            "Chaque année, la Ville de Riverton prend des décisions qui façonnent la vie "
            "quotidienne : lignes de bus et pistes cyclables, nouveaux logements, parcs, "
            "utilisation du budget. <b>Townhall</b> vous permet de suivre ces décisions de la "
            "première version jusqu’au vote final, et de donner votre avis à chaque étape."
        ),
        "Comments sent online, on paper or at a public meeting count the same. When a "
        "consultation closes, we publish what we heard and what we did about it.": (
            "Les contributions envoyées en ligne, sur papier ou lors d’une réunion publique ont "
            "le même poids. À la fin de chaque consultation, nous publions ce que nous avons "
            "entendu et ce que nous en avons fait."
        ),
    },
    "ar": {
        "Home": "الرئيسية",
        "Shape the future of Riverton": "شاركوا في صنع مستقبل ريفرتون",
        HOME["hero_text"]: (
            "يستطلع مجلس مدينة ريفرتون آراء السكان قبل أن يتخذ قراراته. اطّلعوا على الخطط، "
            "وعلّقوا على المسودات، وأرسلوا أفكاركم، وتابعوا ما تغيّر بفضل آرائكم."
        ),
        "Every year Riverton City Council takes decisions that shape daily life: bus routes and "
        "cycle lanes, new homes, parks, and how the budget is spent. <b>Townhall</b> is where "
        "you can follow those decisions from the first draft to the final vote, and have your "
        "say along the way.": (
            "يتخذ مجلس مدينة ريفرتون كل عام قرارات تمسّ الحياة اليومية: خطوط الحافلات ومسارات "
            "الدراجات، والمساكن الجديدة، والحدائق، وأوجه إنفاق الميزانية. على منصة "
            "<b>Townhall</b> يمكنكم متابعة هذه القرارات من المسودة الأولى حتى التصويت النهائي، "
            "وإبداء رأيكم في كل مرحلة."
        ),
        "Comments sent online, on paper or at a public meeting count the same. When a "
        "consultation closes, we publish what we heard and what we did about it.": (
            "للتعليقات المرسلة عبر الإنترنت أو على الورق أو خلال الاجتماعات العامة الوزن نفسه. "
            "وعند انتهاء كل استشارة ننشر ما سمعناه منكم وما فعلناه بناءً عليه."
        ),
    },
    "sw": {
        "Home": "Mwanzo",
        "Shape the future of Riverton": "Shiriki kujenga mustakabali wa Riverton",
        HOME["hero_text"]: (
            "Baraza la Jiji la Riverton huwauliza wakazi maoni yao kabla ya kufanya maamuzi. "
            "Soma mipango, toa maoni kuhusu rasimu, tuma mawazo yako na uone kilichobadilika "
            "kutokana na maoni yako."
        ),
        "Every year Riverton City Council takes decisions that shape daily life: bus routes and "
        "cycle lanes, new homes, parks, and how the budget is spent. <b>Townhall</b> is where "
        "you can follow those decisions from the first draft to the final vote, and have your "
        "say along the way.": (
            "Kila mwaka Baraza la Jiji la Riverton hufanya maamuzi yanayogusa maisha ya kila "
            "siku: njia za mabasi na za baiskeli, nyumba mpya, bustani za umma na matumizi ya "
            "bajeti. <b>Townhall</b> ni mahali unapoweza kufuatilia maamuzi hayo tangu rasimu "
            "ya kwanza hadi kura ya mwisho, na kutoa maoni yako katika kila hatua."
        ),
        "Comments sent online, on paper or at a public meeting count the same. When a "
        "consultation closes, we publish what we heard and what we did about it.": (
            "Maoni yanayotumwa mtandaoni, kwa karatasi au katika mkutano wa hadhara yana uzito "
            "sawa. Mashauriano yanapofungwa, tunachapisha tuliyoyasikia na hatua tulizochukua "
            "kutokana nayo."
        ),
    },
}


def get_or_create_home(demo):
    """The English home page as the default site's root, replacing Wagtail's welcome page."""
    english = demo.locales["en"]
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific

    home = HomePage.objects.filter(depth=2, locale=english).first()
    if home is None:
        home = HomePage(
            slug="riverton",
            locale=english,
            hero_image=demo.image(
                "riverton-waterfront",
                title="Riverton waterfront",
                motif="city",
                palette="river",
                description=(
                    "Illustration of Riverton's skyline with the town hall clock tower and "
                    "the footbridge over the River Wend"
                ),
            ),
            **HOME,
        )
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
        home.refresh_from_db()
        demo.log("  created the English home page")

    old_root = site.root_page if site is not None else None
    if site is None:
        site = Site(is_default_site=True)
    site.hostname = "localhost"
    site.port = 8000
    site.site_name = "Riverton Townhall"
    site.root_page = home
    site.save()
    # Wagtail's "Welcome to your new Wagtail site!" page: a plain Page with nothing under it.
    if (
        old_root is not None
        and old_root.pk != home.pk
        and old_root.specific_class is Page
        and not old_root.get_children().exists()
    ):
        old_root.delete()
    return home


def load(demo):
    home = get_or_create_home(demo)
    demo.translate(home, HOME_TRANSLATIONS)
    return home
