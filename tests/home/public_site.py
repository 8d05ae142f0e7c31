"""A small site with every public page that reads a query parameter or a form, for the bad
input and fuzz tests: what each address reads, and what each form posts.

``QUERY_PARAMETERS`` lists, per page, the parameters its view reads from ``request.GET``
(``grep -rn request.GET`` over the apps: the admin's are left out, they are not public).
``forms()`` gives each public form's address and a valid submission, so a test can change
one field at a time and still reach the code behind the form.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from home.models import Topic
from newsletters.models import NewsletterIndexPage, Subscriber
from processes.forms import CommentForm
from tests.blog.factories import BlogIndexPageFactory, BlogPageFactory
from tests.factories import FormPageFactory
from tests.processes.factories import (
    ConsultationPageFactory,
    ProcessIndexPageFactory,
    ProcessPageFactory,
    bulk_comments,
    clause_ids,
)


@dataclass
class PublicForm:
    name: str
    url: str
    data: dict
    fields: list = field(default_factory=list)  # the fields a visitor types into


@dataclass
class PublicSite:
    query_pages: dict  # address -> parameters its view reads
    forms: list


def build_public_site(home_page):
    topic = Topic.objects.create(name="Transport", slug="transport", locale=home_page.locale)
    news = BlogIndexPageFactory(parent=home_page)
    news.save_revision().publish()
    post = BlogPageFactory(parent=news, title="New bike lanes", slug="bike-lanes")
    post.save_revision().publish()

    index = ProcessIndexPageFactory(parent=home_page)
    process = ProcessPageFactory(parent=index, topic=topic)
    consultation = ConsultationPageFactory(parent=process)
    clause = clause_ids(consultation)[0]
    bulk_comments(consultation, 1, clause_id=clause)
    comment_id = consultation_comment_id()

    archive = home_page.add_child(
        instance=NewsletterIndexPage(title="Newsletter", slug="newsletter", locale=home_page.locale)
    )
    archive.save_revision().publish()
    contact = FormPageFactory(parent=home_page, title="Contact us", slug="contact")
    subscriber = Subscriber.objects.create(email="amina@example.org", status="confirmed")
    get_user_model().objects.create_user("amina", "amina@example.org", "a long pass phrase")

    thread = consultation.url + consultation.thread_path(clause)
    query_pages = {
        "/en/search/": ["q", "page"],
        news.url: ["topic", "type", "page"],
        news.url + "feed/rss/": ["topic"],
        news.url + "feed/atom/": ["topic"],
        index.url: ["status", "topic", "level", "page"],
        thread: ["before", "after", "reply", "follow"],
        consultation.url + consultation.thread_path(""): ["before", "after", "reply"],
        archive.url: ["page"],
        "/en/subscribe/": ["from"],
        f"/en/subscription/preferences/{subscriber.link_token}/": ["saved"],
        "/en/account/sign-in/": ["next"],
        "/en/account/sign-up/": ["next"],
        "/en/account/confirm-again/": ["next", "email"],
    }

    comment_form = CommentForm(consultation)
    security = {
        key: comment_form.initial[key]
        for key in ("content_type", "object_pk", "timestamp", "security_hash")
    }
    comment = {
        **security,
        "name": "Amina",
        "email": "amina@example.org",
        "comment": "Please add a crossing near the school.",
        "clause_id": clause,
        "reply_to": 0,
        "honeypot": "",
    }
    forms = [
        PublicForm("comment", thread, comment, ["name", "email", "comment", "clause_id"]),
        PublicForm("reply", thread, {**comment, "reply_to": comment_id}, ["comment", "name"]),
        PublicForm(
            "like", consultation.url + f"comment/{comment_id}/like/", {"next": thread}, ["next"]
        ),
        PublicForm(
            "flag",
            consultation.url + f"comment/{comment_id}/flag/",
            {"reason": "abuse", "next": thread},
            ["reason", "next"],
        ),
        PublicForm(
            "newsletter sign-up",
            "/en/subscribe/",
            {"email": "new@example.org", "language": "en", "source": ""},
            ["email", "language", "source", "topics", "process"],
        ),
        PublicForm(
            "newsletter preferences",
            f"/en/subscription/preferences/{subscriber.link_token}/",
            {"language": "fr"},
            ["language", "topics", "processes", "action"],
        ),
        PublicForm(
            "sign-up",
            "/en/account/sign-up/",
            {
                "display_name": "Amina Y",
                "email": "new-resident@example.org",
                "password": "a long pass phrase 42",
            },
            ["display_name", "email", "password", "next"],
        ),
        PublicForm(
            "sign-in",
            "/en/account/sign-in/",
            {"email": "amina@example.org", "password": "wrong"},
            ["email", "password", "next"],
        ),
        PublicForm(
            "confirm again", "/en/account/confirm-again/", {"email": "x@example.org"}, ["email"]
        ),
        PublicForm(
            "password reset",
            "/en/account/password-reset/",
            {"email": "amina@example.org"},
            ["email"],
        ),
        PublicForm(
            "contact",
            contact.url,
            {
                "your_name": "Amina Yusuf",
                "your_e_mail_address": "amina@example.org",
                "your_message": "Please add a bench at the tram stop.",
            },
            ["your_name", "your_e_mail_address", "your_message"],
        ),
    ]
    return PublicSite(query_pages=query_pages, forms=forms)


def consultation_comment_id():
    from processes.models import Comment

    return Comment.objects.order_by("pk").values_list("pk", flat=True).first()
