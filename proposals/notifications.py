"""Proposals' e-mails, all through the delivery engine (docs/delivery.md), built with
core/email.py in the reader's language:

* ``proposal-confirmation``: the link an anonymous author or supporter follows to confirm
  (``data``: ``{"proposal": id}`` or ``{"support": id}``);
* ``proposal-answer``: the state or answer of a proposal changed, or it was merged into
  another; to its author and to the supporters who asked to hear, each in their language
  (``data``: ``{"proposal": id, "merged": bool}``).
"""

import base64
import uuid
from urllib.parse import urlencode

from django.db.models import Q
from django.utils.translation import gettext
from django_tasks import task

from core import email as emails
from core import signing
from core.conf import setting
from delivery import engine

from .models import Proposal, ProposalsPage, Support

CONFIRM_SALT = "proposals.confirm"
STOP_SALT = "proposals.stop-updates"
WITHDRAW_SALT = "proposals.withdraw-support"


def confirm_token(kind, pk):
    """A signed token in letters, digits, "-" and "_" only: Wagtail serves page routes
    only for such path segments, and the signer's ":" is not one of them."""
    token = signing.make_token(f"{kind}:{pk}", salt=CONFIRM_SALT)
    return base64.urlsafe_b64encode(token.encode()).decode().rstrip("=")


def read_confirm_token(token):
    """(value, None) or (None, "expired" | "invalid"), as core.signing.read_token."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None, signing.INVALID
    return signing.read_token(
        raw, salt=CONFIRM_SALT, max_age=setting("PROPOSAL_CONFIRMATION_MAX_AGE")
    )


def page_in(language, page_key):
    """The proposals page in `language`, else in any language."""
    pages = ProposalsPage.objects.live().filter(translation_key=page_key).select_related("locale")
    chosen = None
    for page in pages:
        if page.locale.language_code == language:
            return page
        chosen = chosen or page
    return chosen


def confirm_url(page, kind, pk):
    return emails.page_url(page) + page.reverse_subpage(
        "confirm", kwargs={"token": confirm_token(kind, pk)}
    )


def withdraw_url(page, support):
    """The link that withdraws `support` without an account: it names the support's own
    random token, signed (core.signing), and never expires; the page asks before it acts."""
    token = signing.dumps({"w": str(support.token)}, salt=WITHDRAW_SALT)
    path = page.reverse_subpage("unsupport", kwargs={"pk": support.proposal_id})
    return emails.page_url(page) + path + "?" + urlencode({"token": token})


def support_from_link(token):
    """The support a withdraw link names, or None (a bad or forged token)."""
    data = signing.loads(token or "", salt=WITHDRAW_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("w"), str):
        return None
    try:
        key = uuid.UUID(data["w"])
    except ValueError:
        return None
    return Support.objects.filter(token=key).first()


def confirmation_message(record, connection=None):
    data = record.data or {}
    if "proposal" in data:
        proposal = Proposal.objects.filter(pk=data["proposal"], confirmed_at__isnull=True).first()
        if proposal is None:
            raise engine.Skip("The proposal is confirmed or gone.")
        kind, pk, name = "proposal", proposal.pk, proposal.author_name
    else:
        support = (
            Support.objects.filter(pk=data.get("support"), confirmed_at__isnull=True)
            .select_related("proposal")
            .first()
        )
        if support is None:
            raise engine.Skip("The support is confirmed or gone.")
        proposal, kind, pk, name = support.proposal, "support", support.pk, support.name
    page = page_in(record.language, proposal.page_key)
    if page is None:
        raise engine.Skip("The proposals page is gone.")
    context = {
        "name": name,
        "is_support": kind == "support",
        "title": proposal.title,
        "confirm_url": confirm_url(page, kind, pk),
        "withdraw_url": withdraw_url(page, support) if kind == "support" else "",
        "page_url": emails.page_url(page),
    }
    subject, text, html = emails.render(
        "proposals/email/confirm",
        record.language,
        lambda: (
            (
                gettext("Please confirm your support for “%(title)s”")
                if kind == "support"
                else gettext("Please confirm your proposal “%(title)s”")
            )
            % {"title": proposal.title}
        ),
        context,
    )
    return emails.message(
        record.email, subject, text, html, language=record.language, connection=connection
    )


class ProposalConfirmationKind(engine.NoticeKind):
    name = "proposal-confirmation"

    def build(self, record, context, connection):
        return confirmation_message(record, connection=connection)


def stop_url(page, proposal, email):
    token = signing.dumps({"p": proposal.pk, "e": email.strip().lower()}, salt=STOP_SALT)
    path = page.reverse_subpage("stop", kwargs={"pk": proposal.pk})
    return emails.page_url(page) + path + "?" + urlencode({"token": token})


def answer_message(record, connection=None):
    data = record.data or {}
    proposal = (
        Proposal.objects.filter(pk=data.get("proposal")).select_related("merged_into").first()
    )
    if proposal is None:
        raise engine.Skip("The proposal is gone.")
    page = page_in(record.language, proposal.page_key)
    if page is None:
        raise engine.Skip("The proposals page is gone.")
    if not wants_updates(proposal, record.email):
        raise engine.Skip("Stopped following this proposal.")
    target = proposal.merged_into if data.get("merged") else None
    shown = target or proposal
    stop = stop_url(page, proposal, record.email)
    answer, answer_language = shown.answer_in(record.language)
    context = {
        "title": proposal.title,
        "state": shown.state_label,
        "answer": answer,
        "answer_language": answer_language if answer_language != record.language else "",
        "merged_title": target.title if target else "",
        "proposal_url": emails.page_url(page) + page.proposal_path(shown),
        "page_url": emails.page_url(page),
        "stop_url": stop,
    }
    subject, text, html = emails.render(
        "proposals/email/answer",
        record.language,
        lambda: (
            (
                gettext("Your proposal “%(title)s” was merged with a similar one")
                if target
                else gettext("News about the proposal “%(title)s”: %(state)s")
            )
            % {"title": proposal.title, "state": shown.state_label}
        ),
        context,
    )
    return emails.message(
        record.email,
        subject,
        text,
        html,
        language=record.language,
        stop_url=stop,
        connection=connection,
    )


class ProposalAnswerKind(engine.NoticeKind):
    name = "proposal-answer"

    def build(self, record, context, connection):
        return answer_message(record, connection=connection)


def wants_updates(proposal, email):
    address = (email or "").strip().lower()
    if (proposal.author_email or "").lower() == address or (
        proposal.author_id and (proposal.author.email or "").lower() == address
    ):
        return proposal.wants_updates
    return (
        Support.objects.active()
        .filter(following(proposal), wants_updates=True)
        .filter(Q(email__iexact=address) | Q(user__email__iexact=address))
        .exists()
    )


def following(proposal):
    """Q on Support: the supports through which someone hears about `proposal`: its own,
    those a merge moved away from it, and, once merged, those on the proposal it joined
    (a supporter of both keeps the one there)."""
    query = Q(proposal=proposal) | Q(moved_from=proposal)
    if proposal.merged_into_id:
        query |= Q(proposal_id=proposal.merged_into_id)
    return query


def audience(proposal):
    """[(email, language)] of the author and the supporters who asked, each once."""
    seen = {}
    if proposal.wants_updates:
        address = proposal.author.email if proposal.author_id else proposal.author_email
        if address and proposal.confirmed_at:
            seen[address.lower()] = proposal.language
    supports = (
        Support.objects.active()
        .filter(proposal=proposal, wants_updates=True)
        .select_related("user")
        .order_by("pk")
    )
    for support in supports:
        address = support.user.email if support.user_id else support.email
        if address:
            seen.setdefault(address.lower(), support.language)
    return list(seen.items())


@task()
def send_confirmation(kind, pk):
    """Ask an anonymous author or supporter to confirm (kind: "proposal" or "support")."""
    model = Proposal if kind == "proposal" else Support
    row = model.objects.filter(pk=pk, confirmed_at__isnull=True).first()
    if row is None:
        return 0
    email = row.author_email if kind == "proposal" else row.email
    ProposalConfirmationKind().notify(uuid.uuid4().hex, [(email, row.language, {kind: row.pk})])
    return 1


@task()
def send_answer_notices(proposal_id, change_key, merged=False):
    """Tell the author and the supporters who asked that the answer changed (once per
    change: `change_key` names it)."""
    proposal = Proposal.objects.filter(pk=proposal_id).select_related("author").first()
    if proposal is None:
        return 0
    recipients = [
        (email, language, {"proposal": proposal.pk, "merged": merged})
        for email, language in audience(proposal)
    ]
    if recipients:
        ProposalAnswerKind().notify(f"proposal:{proposal.pk}:{change_key}", recipients)
    return len(recipients)
