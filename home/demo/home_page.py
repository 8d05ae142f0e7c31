"""The site and its home page: Riverton Townhall at http://localhost:8000/."""

from wagtail.models import Page, Site

from home.models import HomePage

from .framework import Phrasebook

pb = Phrasebook()

HOME = {
    "title": pb("Home", fr="Accueil", ar="الرئيسية", sw="Mwanzo"),
    "hero_title": pb(
        "Shape the future of Riverton",
        fr="Façonnez l’avenir de Riverton",
        ar="شاركوا في صنع مستقبل ريفرتون",
        sw="Shiriki kujenga mustakabali wa Riverton",
    ),
    "hero_text": pb(
        "Riverton City Council asks residents what they think before it decides. Read the "
        "plans, comment on drafts, send your ideas and see what changed because of what you "
        "said.",
        fr="La Ville de Riverton demande l’avis des habitants avant de décider. Lisez les "
        "projets, commentez les textes en préparation, proposez vos idées et voyez ce qui a "
        "changé grâce à vos contributions.",
        ar="يستطلع مجلس مدينة ريفرتون آراء السكان قبل أن يتخذ قراراته. اطّلعوا على الخطط، "
        "وعلّقوا على المسودات، وأرسلوا أفكاركم، وتابعوا ما تغيّر بفضل آرائكم.",
        sw="Baraza la Jiji la Riverton huwauliza wakazi maoni yao kabla ya kufanya maamuzi. "
        "Soma mipango, toa maoni kuhusu rasimu, tuma mawazo yako na uone kilichobadilika "
        "kutokana na maoni yako.",
    ),
    "hero_cta_text": pb(
        "How taking part works",
        fr="Comment participer",
        ar="كيف تشاركون",
        sw="Jinsi ya kushiriki",
    ),
    "introduction": pb.p(
        "Every year Riverton City Council takes decisions that shape daily life: bus routes "
        "and cycle lanes, new homes, parks, and how the budget is spent. <b>Townhall</b> is "
        "where you can follow those decisions from the first draft to the final vote, and "
        "have your say along the way.",
        fr="Chaque année, la Ville de Riverton prend des décisions qui façonnent la vie "
        "quotidienne : lignes de bus et pistes cyclables, nouveaux logements, parcs, "
        "utilisation du budget. <b>Townhall</b> vous permet de suivre ces décisions de la "
        "première version jusqu’au vote final, et de donner votre avis à chaque étape.",
        ar="يتخذ مجلس مدينة ريفرتون كل عام قرارات تمسّ الحياة اليومية: خطوط الحافلات "
        "ومسارات الدراجات، والمساكن الجديدة، والحدائق، وأوجه إنفاق الميزانية. على منصة "
        "<b>Townhall</b> يمكنكم متابعة هذه القرارات من المسودة الأولى حتى التصويت النهائي، "
        "وإبداء رأيكم في كل مرحلة.",
        sw="Kila mwaka Baraza la Jiji la Riverton hufanya maamuzi yanayogusa maisha ya kila "
        "siku: njia za mabasi na za baiskeli, nyumba mpya, bustani za umma na matumizi ya "
        "bajeti. <b>Townhall</b> ni mahali unapoweza kufuatilia maamuzi hayo tangu rasimu ya "
        "kwanza hadi kura ya mwisho, na kutoa maoni yako katika kila hatua.",
    )
    + pb.p(
        "Comments sent online, on paper or at a public meeting count the same. When a "
        "consultation closes, we publish what we heard and what we did about it.",
        fr="Les contributions envoyées en ligne, sur papier ou lors d’une réunion publique "
        "ont le même poids. À la fin de chaque consultation, nous publions ce que nous avons "
        "entendu et ce que nous en avons fait.",
        ar="للتعليقات المرسلة عبر الإنترنت أو على الورق أو خلال الاجتماعات العامة الوزن "
        "نفسه. وعند انتهاء كل استشارة ننشر ما سمعناه منكم وما فعلناه بناءً عليه.",
        sw="Maoni yanayotumwa mtandaoni, kwa karatasi au katika mkutano wa hadhara yana uzito "
        "sawa. Mashauriano yanapofungwa, tunachapisha tuliyoyasikia na hatua tulizochukua "
        "kutokana nayo.",
    ),
}

# name in demo.pages -> short description on the home page card
FEATURED = {
    "about": pb(
        "How the council listens: online and in person, in four languages.",
        fr="Comment la Ville vous écoute : en ligne et en personne, en quatre langues.",
        ar="كيف يصغي المجلس إليكم: عبر الإنترنت وبشكل مباشر، وبأربع لغات.",
        sw="Jinsi Baraza la Jiji linavyowasikiliza: mtandaoni na ana kwa ana, kwa lugha nne.",
    ),
    "dataset-request": pb(
        "Ask for the open data behind our decisions: traffic counts, budgets, air quality.",
        fr="Demandez les données ouvertes qui éclairent nos décisions : comptages de "
        "circulation, budgets, qualité de l’air.",
        ar="اطلبوا البيانات المفتوحة التي تستند إليها قراراتنا: أعداد حركة المرور، "
        "والميزانيات، وجودة الهواء.",
        sw="Omba data huria inayotumika katika maamuzi yetu: takwimu za msongamano wa "
        "magari, bajeti na ubora wa hewa.",
    ),
    "partnership": pb(
        "Run a workshop, a survey or a neighbourhood walk with us.",
        fr="Organisez avec nous un atelier, une enquête ou une balade de quartier.",
        ar="نظّموا معنا ورشة عمل أو استطلاعًا أو جولة في الحي.",
        sw="Andaa pamoja nasi warsha, utafiti au matembezi ya mtaani.",
    ),
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
    """The home page, translated; its links to other pages come later with ``link_pages``."""
    home = get_or_create_home(demo)
    demo.translate(home, pb)
    return home


def link_pages(demo):
    """Once the other pages exist: the hero button and the featured cards (set once)."""
    home = HomePage.objects.get(pk=demo.pages["home"].pk)
    if home.featured or home.hero_cta_page_id:
        return home
    home.hero_cta_page = demo.pages["about"]
    images = {
        "about": demo.image("riverton-meeting", title="Residents meeting", motif="people"),
        "dataset-request": demo.image("riverton-data", title="Open data", motif="abstract"),
        "partnership": demo.image("riverton-river", title="River Wend", motif="river"),
    }
    home.featured = [
        {
            "type": "item",
            "value": {
                "page": demo.pages[name].pk,
                "title": "",
                "text": text,
                "image": {"image": images[name].pk, "alt_text": "", "decorative": True},
            },
        }
        for name, text in FEATURED.items()
    ]
    home.save_revision().publish()
    demo.translate(home, pb)
    return home
