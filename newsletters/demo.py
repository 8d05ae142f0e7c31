"""Riverton's newsletter in the demo: the archive, two sent issues in four languages and
about fifty subscribers with varied languages, topics and statuses.

The sends are recorded as they would be after a real send (one delivery per recipient)
without mailing anyone: running the demo must not flood the console or a mail server.
"""

import datetime
import unicodedata

from newsletters.consent import BASIS_WEB_FORM, BASIS_WEB_REQUEST, CONSENT_VERSION
from newsletters.models import (
    ConsentRecord,
    Delivery,
    NewsletterIndexPage,
    NewsletterPage,
    NewsletterSend,
    Subscriber,
)

INDEX = {
    "title": "Newsletter",
    "introduction": (
        "<p>Our newsletter tells you when a consultation opens, what people said and what the "
        "city did with it. Read past issues here, or subscribe to get the next one in your "
        "language.</p>"
    ),
}

CTA = {
    "title": "Not subscribed yet?",
    "text": "Get the next issue in your language, on the topics you choose.",
    "button_text": "Subscribe",
}

MARCH = {
    "slug": "2025-03-have-your-say-on-cycling",
    "title": "Riverton news: have your say on cycling",
    "preview_text": "The draft cycling strategy is open for your comments.",
    "sent": datetime.datetime(2025, 3, 5, 9, 0, tzinfo=datetime.UTC),
    "paragraphs": [
        "This spring the city is asking for your views on the draft cycling strategy: safer "
        "routes to school, secure parking at stations and a redesigned ring road.",
        "You can comment on each part of the draft online, or come to one of our public "
        "meetings. Every comment is read, and we will publish what we did with them.",
    ],
    "figure": {
        "figure": "18",
        "units": "%",
        "label": "of residents already cycle to work or school",
        "context": "Up from 11% five years ago.",
        "source": "Riverton travel survey 2024",
    },
}

JUNE = {
    "slug": "2025-06-what-you-told-us-about-cycling",
    "title": "What you told us about cycling",
    "preview_text": (
        "Over a thousand residents took part. Here is what they said, and what happens next."
    ),
    "sent": datetime.datetime(2025, 6, 12, 9, 0, tzinfo=datetime.UTC),
    "intro": (
        "Thank you to everyone who took part in the cycling consultation. We received "
        "comments online, on paper and at four public meetings."
    ),
    "heading": "What happens next",
    "next": (
        "The council will discuss the final strategy in September. We will write to everyone "
        "who asked to hear back, and publish what changed and why."
    ),
}

T = {
    "fr": {
        "Newsletter": "Lettre d’information",
        INDEX["introduction"]: (
            "Notre lettre d’information vous dit quand une consultation s’ouvre, ce que les "
            "habitants ont dit et ce que la ville en a fait. Retrouvez ici les numéros "
            "précédents, ou abonnez-vous pour recevoir le prochain dans votre langue."
        ),
        CTA["title"]: "Pas encore abonné ?",
        CTA["text"]: "Recevez le prochain numéro dans votre langue, sur les thèmes de votre choix.",
        CTA["button_text"]: "S’abonner",
        MARCH["title"]: "Nouvelles de Riverton : donnez votre avis sur le vélo",
        MARCH["preview_text"]: "Le projet de stratégie vélo est ouvert à vos commentaires.",
        MARCH["paragraphs"][0]: (
            "Ce printemps, la ville vous demande votre avis sur le projet de stratégie vélo : "
            "des trajets plus sûrs vers l’école, des parkings sécurisés dans les gares et un "
            "boulevard périphérique repensé."
        ),
        MARCH["paragraphs"][1]: (
            "Vous pouvez commenter chaque partie du projet en ligne, ou venir à l’une de nos "
            "réunions publiques. Chaque commentaire est lu, et nous publierons ce que nous en "
            "avons fait."
        ),
        MARCH["figure"]["label"]: "des habitants vont déjà au travail ou à l’école à vélo",
        MARCH["figure"]["context"]: "Contre 11 % il y a cinq ans.",
        MARCH["figure"]["source"]: "Enquête sur les déplacements à Riverton, 2024",
        JUNE["title"]: "Ce que vous nous avez dit sur le vélo",
        JUNE["preview_text"]: (
            "Plus de mille habitants ont participé. Voici ce qu’ils ont dit, et la suite."
        ),
        JUNE["intro"]: (
            "Merci à toutes celles et ceux qui ont participé à la consultation sur le vélo. "
            "Nous avons reçu des commentaires en ligne, sur papier et lors de quatre réunions "
            "publiques."
        ),
        JUNE["heading"]: "La suite",
        JUNE["next"]: (
            "Le conseil municipal examinera la stratégie finale en septembre. Nous écrirons à "
            "toutes les personnes qui ont demandé une réponse, et publierons ce qui a changé "
            "et pourquoi."
        ),
    },
    "ar": {
        "Newsletter": "النشرة الإخبارية",
        INDEX["introduction"]: (
            "تخبركم نشرتنا الإخبارية متى تُفتح استشارة، وماذا قال السكان، وماذا فعلت المدينة "
            "بملاحظاتهم. اقرؤوا الأعداد السابقة هنا، أو اشتركوا ليصلكم العدد القادم بلغتكم."
        ),
        CTA["title"]: "ألم تشتركوا بعد؟",
        CTA["text"]: "احصلوا على العدد القادم بلغتكم، وفي المواضيع التي تختارونها.",
        CTA["button_text"]: "اشتركوا",
        MARCH["title"]: "أخبار ريفرتون: شاركوا برأيكم في ركوب الدراجات",
        MARCH["preview_text"]: "مسودة استراتيجية الدراجات مفتوحة لتعليقاتكم.",
        MARCH["paragraphs"][0]: (
            "تطلب المدينة هذا الربيع رأيكم في مسودة استراتيجية الدراجات: طرق أكثر أمانًا إلى "
            "المدارس، ومواقف آمنة في المحطات، وطريق دائري أُعيد تصميمه."
        ),
        MARCH["paragraphs"][1]: (
            "يمكنكم التعليق على كل جزء من المسودة عبر الإنترنت، أو حضور أحد اجتماعاتنا العامة. "
            "نقرأ كل تعليق، وسننشر ما فعلناه بملاحظاتكم."
        ),
        MARCH["figure"]["label"]: "من السكان يذهبون بالفعل إلى العمل أو المدرسة بالدراجة",
        MARCH["figure"]["context"]: "بعد أن كانت النسبة 11% قبل خمس سنوات.",
        MARCH["figure"]["source"]: "مسح التنقل في ريفرتون 2024",
        JUNE["title"]: "ما قلتموه لنا عن ركوب الدراجات",
        JUNE["preview_text"]: "شارك أكثر من ألف من السكان. إليكم ما قالوه، وما الخطوات التالية.",
        JUNE["intro"]: (
            "شكرًا لكل من شارك في الاستشارة حول ركوب الدراجات. تلقينا تعليقات عبر الإنترنت "
            "وعلى الورق وفي أربعة اجتماعات عامة."
        ),
        JUNE["heading"]: "الخطوات التالية",
        JUNE["next"]: (
            "سيناقش مجلس المدينة الاستراتيجية النهائية في سبتمبر. سنكتب إلى كل من طلب أن يصله رد، "
            "وسننشر ما تغيّر ولماذا."
        ),
    },
    "sw": {
        "Newsletter": "Jarida",
        INDEX["introduction"]: (
            "Jarida letu linakujulisha mashauriano yanapofunguliwa, wakazi walisema nini na "
            "jiji lilifanya nini na mrejesho wao. Soma matoleo yaliyopita hapa, au jisajili "
            "kupokea toleo lijalo kwa lugha yako."
        ),
        CTA["title"]: "Bado hujajisajili?",
        CTA["text"]: "Pokea toleo lijalo kwa lugha yako, kuhusu mada unazochagua.",
        CTA["button_text"]: "Jisajili",
        MARCH["title"]: "Habari za Riverton: toa maoni yako kuhusu uendeshaji baiskeli",
        MARCH["preview_text"]: "Rasimu ya mkakati wa baiskeli iko wazi kwa maoni yako.",
        MARCH["paragraphs"][0]: (
            "Msimu huu jiji linaomba maoni yako kuhusu rasimu ya mkakati wa baiskeli: njia "
            "salama zaidi kwenda shuleni, maegesho salama kwenye vituo na barabara ya mzunguko "
            "iliyoundwa upya."
        ),
        MARCH["paragraphs"][1]: (
            "Unaweza kutoa maoni kuhusu kila sehemu ya rasimu mtandaoni, au kuhudhuria mojawapo "
            "ya mikutano yetu ya hadhara. Kila maoni yanasomwa, na tutachapisha tulichofanya "
            "nayo."
        ),
        MARCH["figure"]["label"]: "ya wakazi tayari huenda kazini au shuleni kwa baiskeli",
        MARCH["figure"]["context"]: "Kutoka asilimia 11 miaka mitano iliyopita.",
        MARCH["figure"]["source"]: "Utafiti wa usafiri wa Riverton 2024",
        JUNE["title"]: "Mliyotuambia kuhusu uendeshaji baiskeli",
        JUNE["preview_text"]: (
            "Zaidi ya wakazi elfu moja walishiriki. Haya ndiyo waliyosema, na kinachofuata."
        ),
        JUNE["intro"]: (
            "Asante kwa kila mtu aliyeshiriki katika mashauriano kuhusu baiskeli. Tulipokea "
            "maoni mtandaoni, kwenye karatasi na katika mikutano minne ya hadhara."
        ),
        JUNE["heading"]: "Kinachofuata",
        JUNE["next"]: (
            "Baraza litajadili mkakati wa mwisho mwezi Septemba. Tutawaandikia wote walioomba "
            "kupata majibu, na kuchapisha kilichobadilika na sababu zake."
        ),
    },
}

PEOPLE = {
    "en": [
        "Grace Miller", "Tom Baker", "Aisha Khan", "Peter Walsh", "Helen Carter", "James Osei",
        "Lucy Brown", "Sam Taylor", "Ruth Adams", "Mark Ellis", "Nora Quinn", "David Price",
        "Ella Ward", "Omar Farah",
    ],
    "fr": [
        "Claire Dubois", "Julien Martin", "Fatou Ndiaye", "Sophie Laurent", "Karim Benali",
        "Élodie Moreau", "Luc Girard", "Awa Diop", "Hugo Lefèvre", "Marie Petit",
        "Thomas Roux", "Inès Faure",
    ],
    "ar": [
        "Layla Haddad", "Youssef Mansour", "Mariam Saleh", "Khaled Nasser", "Rania Aziz",
        "Samir Khoury", "Huda Karim", "Tariq Fadel", "Nour Sabbagh", "Ahmed Zayed",
        "Salma Yousef", "Bilal Rahman",
    ],
    "sw": [
        "Neema Mwangi", "Baraka Otieno", "Zawadi Njeri", "Juma Hamisi", "Rehema Atieno",
        "Hassan Mohamed", "Imani Wanjiru", "Kassim Ali", "Amani Kiprono", "Subira Achieng",
        "Musa Kombo", "Halima Said",
    ],
}  # fmt: skip
DOMAINS = ["example.org", "example.net", "example.com"]
PAPER_BASIS = "Paper sign-up sheet, Old Port public meeting, 12 February 2025"
UNSUBSCRIBED_ON = datetime.datetime(2025, 4, 20, 18, 30, tzinfo=datetime.UTC)
BOUNCE_REASON = "The mail server refused the address (code 550)."


def load(demo):
    home = demo.home_pages["en"]
    index = demo.get_or_create_page(home, NewsletterIndexPage, "newsletter", **INDEX)
    demo.translate(index, T)
    demo.pages["newsletter"] = index
    demo.add_menu_item(index)

    process = _demo_process()
    story = _demo_story()
    march = demo.get_or_create_page(
        index,
        NewsletterPage,
        MARCH["slug"],
        title=MARCH["title"],
        subject=MARCH["title"],
        preview_text=MARCH["preview_text"],
        body=_march_body(process, index),
    )
    june = demo.get_or_create_page(
        index,
        NewsletterPage,
        JUNE["slug"],
        title=JUNE["title"],
        subject=JUNE["title"],
        preview_text=JUNE["preview_text"],
        body=_june_body(story, index),
    )
    issues = [
        (march, MARCH["sent"], {"en": march, **demo.translate(march, T)}),
        (june, JUNE["sent"], {"en": june, **demo.translate(june, T)}),
    ]

    subscribers = _subscribers(demo, process)
    sent = 0
    for _source, sent_at, versions in issues:
        for page in versions.values():
            sent += _record_send(page.specific, sent_at, subscribers)
    demo.log(
        f"  newsletter: {len(issues)} issues in {len(demo.locales)} languages, "
        f"{len(subscribers)} subscribers, {sent} deliveries recorded"
    )


def _demo_process():
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


def _demo_story():
    try:
        from blog.models import DataStoryPage
    except ImportError:
        return None
    return DataStoryPage.objects.live().filter(locale__language_code="en").order_by("path").first()


def _rich(text):
    return {"type": "rich_text", "value": f"<p>{text}</p>"}


def _cta(index):
    return {"type": "call_to_action", "value": {**CTA, "page": index.pk, "url": ""}}


def _march_body(process, index):
    body = [_rich(text) for text in MARCH["paragraphs"]]
    if process is not None:
        body.append(
            {
                "type": "featured_process",
                "value": {"process": process.pk, "text": "", "button_text": ""},
            }
        )
    body.append({"type": "key_figure", "value": MARCH["figure"]})
    body.append({"type": "latest_news", "value": {"heading": "", "posts": [], "count": 3}})
    body.append(_cta(index))
    return body


def _june_body(story, index):
    body = [_rich(JUNE["intro"])]
    if story is not None:
        body.append(
            {"type": "data_story", "value": {"story": story.pk, "text": "", "button_text": ""}}
        )
    body.append({"type": "heading", "value": {"text": JUNE["heading"], "level": "h2"}})
    body.append(_rich(JUNE["next"]))
    body.append({"type": "latest_news", "value": {"heading": "", "posts": [], "count": 3}})
    body.append(_cta(index))
    return body


def _address(name, number):
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return f"{plain.replace(' ', '.')}@{DOMAINS[number % len(DOMAINS)]}"


def _subscribers(demo, process):
    """About fifty people: mostly confirmed, some pending, unsubscribed or bounced."""
    topics = list(demo.topics.values())
    people = []
    number = 0
    for offset, (language, names) in enumerate(PEOPLE.items()):
        for position, name in enumerate(names):
            # A week apart within each language, so some joined after the first issue.
            signed_up = datetime.datetime(2025, 1, 6, 10, 0, tzinfo=datetime.UTC) + (
                datetime.timedelta(days=7 * position + offset, hours=number % 9)
            )
            people.append((number, language, name, signed_up))
            number += 1
    result = []
    for number, language, name, signed_up in people:
        email = _address(name, number)
        status = Subscriber.Status.CONFIRMED
        if number % 10 == 7:
            status = Subscriber.Status.PENDING
        elif number % 10 == 8:
            status = Subscriber.Status.UNSUBSCRIBED
        elif number % 17 == 5:
            status = Subscriber.Status.BOUNCED
        subscriber, created = Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "language": language,
                "status": status,
                "created_at": signed_up,
                "confirmed_at": (
                    signed_up + datetime.timedelta(minutes=12)
                    if status != Subscriber.Status.PENDING
                    else None
                ),
                "unsubscribed_at": UNSUBSCRIBED_ON
                if status == Subscriber.Status.UNSUBSCRIBED
                else None,
            },
        )
        if created:
            if number % 3 != 0 and topics:
                chosen = {topics[number % len(topics)], topics[(number * 5 + 2) % len(topics)]}
                subscriber.set_topics(chosen)
            if process is not None and number % 6 == 1:
                subscriber.set_processes([process])
            _consents(demo, subscriber, number, signed_up)
        result.append(subscriber)
    return result


def _consents(demo, subscriber, number, signed_up):
    from django.utils import translation

    from newsletters.consent import consent_wording

    with translation.override(subscriber.language):
        wording = consent_wording()
    records = []
    if number % 4 == 0:
        records.append(
            ConsentRecord(
                subscriber=subscriber,
                action=ConsentRecord.Action.IMPORTED,
                basis=PAPER_BASIS,
                language=subscriber.language,
                created_at=signed_up,
            )
        )
    else:
        records.append(
            ConsentRecord(
                subscriber=subscriber,
                action=ConsentRecord.Action.REQUESTED,
                basis=BASIS_WEB_REQUEST,
                wording=wording,
                wording_version=CONSENT_VERSION,
                source_url=f"/{subscriber.language}/",
                language=subscriber.language,
                created_at=signed_up,
            )
        )
    if subscriber.confirmed_at:
        records.append(
            ConsentRecord(
                subscriber=subscriber,
                action=ConsentRecord.Action.CONFIRMED,
                basis=BASIS_WEB_FORM,
                wording=wording,
                wording_version=CONSENT_VERSION,
                source_url=f"/{subscriber.language}/",
                language=subscriber.language,
                created_at=subscriber.confirmed_at,
            )
        )
    if subscriber.unsubscribed_at:
        records.append(
            ConsentRecord(
                subscriber=subscriber,
                action=ConsentRecord.Action.WITHDRAWN,
                basis="Unsubscribe link in an e-mail",
                language=subscriber.language,
                created_at=subscriber.unsubscribed_at,
            )
        )
    ConsentRecord.objects.bulk_create(records)


def _record_send(page, sent_at, subscribers):
    """A finished send of one language version, as the sender would have left it."""
    if NewsletterSend.objects.filter(page=page).exists():
        return 0
    language = page.locale.language_code
    # Bounced addresses failed on the first issue and were left out afterwards.
    recipients = [
        s
        for s in subscribers
        if s.language == language
        and s.confirmed_at is not None
        and s.confirmed_at < sent_at
        and (s.unsubscribed_at is None or s.unsubscribed_at > sent_at)
        and (s.status != Subscriber.Status.BOUNCED or sent_at <= MARCH["sent"])
    ]
    send = NewsletterSend.objects.create(
        page=page,
        revision=page.live_revision,
        issue_key=page.translation_key,
        subject=page.subject,
        language=language,
        created_at=sent_at,
        prepared_at=sent_at,
        progress_at=sent_at + datetime.timedelta(minutes=3),
        finished_at=sent_at + datetime.timedelta(minutes=3),
        recipient_count=len(recipients),
    )
    deliveries = []
    for order, subscriber in enumerate(recipients):
        bounced = subscriber.status == Subscriber.Status.BOUNCED
        deliveries.append(
            Delivery(
                send=send,
                subscriber=subscriber,
                issue_key=send.issue_key,
                status=Delivery.Status.FAILED if bounced else Delivery.Status.SENT,
                attempts=1,
                error=BOUNCE_REASON if bounced else "",
                sent_at=None if bounced else sent_at + datetime.timedelta(seconds=2 * order),
            )
        )
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    return len(deliveries)
