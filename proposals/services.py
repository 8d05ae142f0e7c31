"""What changes proposals and supports, in one place for the resident views, the admin
screens and the demo: submit, support, confirm, answer, merge, implementation updates."""

import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import signing
from processes import metrics
from processes.rules import published_on_arrival

from . import notifications
from .models import ImplementationUpdate, Proposal, Support


def new_proposal(page, *, title, description, user=None, name="", email="", **fields):
    """An unsaved proposal on `page`, confirmed at once unless its author must confirm."""
    process = page.process
    now = timezone.now()
    known = bool(user and user.is_authenticated)
    proposal = Proposal(
        page_key=page.translation_key,
        process_key=process.translation_key if process is not None else None,
        title=title,
        description=description,
        author=user if known else None,
        author_name=(user.get_full_name() or user.get_username()) if known else name,
        author_email=user.email if known else email,
        created_at=now,
        confirmed_at=now if known or fields.get("channel", "online") != "online" else None,
        is_approved=published_on_arrival(page),
        **fields,
    )
    return proposal


def submit(page, **kwargs):
    proposal = new_proposal(page, **kwargs)
    proposal.save()
    if proposal.confirmed_at is None:
        transaction.on_commit(
            lambda: notifications.send_confirmation.enqueue("proposal", proposal.pk)
        )
    return proposal


class DuplicateSupport(Exception):
    """This person already supports this proposal."""


def existing_support(proposal, *, user=None, email=""):
    supports = Support.objects.filter(proposal=proposal, withdrawn_at__isnull=True)
    if user is not None and user.is_authenticated:
        return supports.filter(user=user).first()
    if email:
        return supports.filter(email__iexact=email.strip()).first()
    return None


def support(proposal, *, user=None, email="", name="", language="en", wants_updates=False, **extra):
    """Record a support (one per person: DuplicateSupport otherwise). Anonymous online
    supporters confirm by e-mail; signed-in and offline ones count at once."""
    known = bool(user and user.is_authenticated)
    if existing_support(proposal, user=user if known else None, email=email) is not None:
        raise DuplicateSupport
    now = timezone.now()
    offline = extra.get("channel", "online") != "online"
    row = Support(
        proposal=proposal,
        user=user if known else None,
        email="" if known else email.strip().lower(),
        name=name,
        language=language,
        wants_updates=wants_updates,
        confirmed_at=now if known or offline else None,
        **extra,
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:  # two clicks at once: the constraint decides
        raise DuplicateSupport from error
    if row.confirmed_at is None:
        transaction.on_commit(lambda: notifications.send_confirmation.enqueue("support", row.pk))
    return row


def withdraw_support(proposal, *, user=None, email="", support=None):
    """Withdraw a person's support (found by user or e-mail, or given); False when none."""
    current = support or existing_support(proposal, user=user, email=email)
    if current is None or current.withdrawn_at is not None:
        return False
    current.withdrawn_at = timezone.now()
    current.save(update_fields=["withdrawn_at"])
    return True


def confirm(token):
    """Confirm what a link names: (row, None) or (None, "expired" | "invalid")."""
    value, problem = notifications.read_confirm_token(token)
    if problem:
        return None, problem
    kind, _sep, pk = value.partition(":")
    model = {"proposal": Proposal, "support": Support}.get(kind)
    if model is None or not pk.isdigit():
        return None, signing.INVALID
    row = model.objects.filter(pk=int(pk)).first()
    if row is None:
        return None, signing.INVALID
    if row.confirmed_at is None:
        row.confirmed_at = timezone.now()
        row.save(update_fields=["confirmed_at"])
    return row, None


def answer(proposals, *, state, text, language="", translations=None, notify=True):
    """Give each proposal `state` and public reason `text`, written in `language`, with its
    `translations` ({code: text}); tell who asked, once per change."""
    now = timezone.now()
    language = (language or settings.LANGUAGE_CODE) if text else ""
    translations = {k: v for k, v in (translations or {}).items() if v and k != language}
    changed = []
    for proposal in proposals:
        if (
            proposal.state == state
            and proposal.answer == text
            and proposal.answer_language == language
            and (proposal.answer_translations or {}) == translations
        ):
            continue
        proposal.state = state
        proposal.answer = text
        proposal.answer_language = language
        proposal.answer_translations = translations
        proposal.answered_at = now
        proposal.first_answered_at = proposal.first_answered_at or now
        proposal.save(
            update_fields=[
                "state",
                "answer",
                "answer_language",
                "answer_translations",
                "answered_at",
                "first_answered_at",
            ]
        )
        changed.append(proposal.pk)
    if notify and changed:
        change = uuid.uuid4().hex[:12]

        def enqueue():
            for pk in changed:
                notifications.send_answer_notices.enqueue(pk, change)

        transaction.on_commit(enqueue)
    return changed


def merge(source, target):
    """Merge duplicate `source` into `target`: its supports move across (nobody twice),
    its page says where it went, and its author and supporters are told."""
    if source.pk == target.pk or target.merged_into_id:
        raise ValueError("A proposal cannot be merged into itself or into a merged one.")
    also_told = []
    with transaction.atomic():
        already = set()
        for row in Support.objects.active().filter(proposal=target):
            already.add(row.identity)
        if target.identity:
            already.add(target.identity)
        now = timezone.now()
        for row in Support.objects.filter(proposal=source, withdrawn_at__isnull=True):
            identity = row.identity
            if identity is not None and identity in already:
                # Counted once: the copy on the duplicate is closed, the target's stays and
                # carries the wish to hear about the idea (they are told of the merge too).
                row.withdrawn_at = now
                row.save(update_fields=["withdrawn_at"])
                if row.wants_updates:
                    kept = Support.objects.active().filter(proposal=target)
                    kept = (
                        kept.filter(user_id=row.user_id)
                        if row.user_id
                        else kept.filter(email__iexact=row.email)
                    )
                    kept.update(wants_updates=True)
                    address = row.user.email if row.user_id else row.email
                    if address:
                        also_told.append((address.lower(), row.language))
                continue
            if identity is not None:
                already.add(identity)
            Support.objects.filter(pk=row.pk).update(proposal=target, moved_from=source)
        # The duplicate's author supports the idea it was merged into.
        if source.identity and source.identity not in already and source.confirmed_at:
            Support.objects.create(
                proposal=target,
                user=source.author,
                email="" if source.author_id else source.author_email.lower(),
                name=source.author_name,
                language=source.language,
                wants_updates=source.wants_updates,
                channel=source.channel,
                confirmed_at=now,
                moved_from=source,
            )
        source.merged_into = target
        # Merging answers it (its author is told where it went).
        source.first_answered_at = source.first_answered_at or now
        source.save(update_fields=["merged_into", "first_answered_at"])
        # Tell them now, before their supports live on the target (the audience is read
        # from the duplicate's author and the supports that moved).
        recipients = notifications.audience(source) + also_told
        for row in Support.objects.active().filter(moved_from=source, wants_updates=True):
            address = row.user.email if row.user_id else row.email
            if address:
                recipients.append((address.lower(), row.language))
    unique = dict(recipients)
    if unique:
        transaction.on_commit(
            lambda: notifications.ProposalAnswerKind().notify(
                f"proposal:{source.pk}:merged",
                [
                    (email, language, {"proposal": source.pk, "merged": True})
                    for email, language in unique.items()
                ],
            )
        )
    return target


def add_update(proposal, *, progress, text, date=None):
    update = ImplementationUpdate.objects.create(
        proposal=proposal, progress=progress, text=text, date=date or timezone.localdate()
    )
    Proposal.objects.filter(pk=proposal.pk).update(progress=progress)
    proposal.progress = progress
    return update


def invalidate(proposal):
    """Forget the process's cached figures (after a bulk write, which sends no signal)."""
    metrics.invalidate(proposal.process_key)
