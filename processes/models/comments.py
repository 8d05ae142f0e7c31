"""The site's one comment model (django-comments-xtd's XtdComment, extended) and what hangs off it.

Settings: ``COMMENTS_XTD_MODEL = "processes.models.Comment"`` makes comments-xtd's views
and template tags use this model. Anonymous comments wait in PendingComment until their
author confirms them (processes/models/pending_comments.py).

Visibility, in one place (see ``CommentQuerySet``):

* *counted*: approved and not hidden — online and offline input alike. Counts and
  metrics use this.
* *shown publicly*: counted, and either written online or entered offline by an official
  who chose to show it (labelled with its channel).
* ``moderation_status`` is derived from ``is_public`` / ``is_removed`` /
  ``is_hidden_pending_review``; change it only through ``approve``, ``hide``,
  ``restore`` and ``auto_hide`` so every change is logged in ModerationAction.
"""

import threading
from contextlib import contextmanager, nullcontext
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, router, transaction
from django.db.models import Count, Max, Q
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from django_comments.models import Comment as BaseComment
from django_comments_xtd.models import (
    XtdComment,
    XtdCommentManager,
    publish_or_unpublish_on_pre_save,
)

from core.conf import setting


def flag_threshold():
    """How many flags hide a comment until a moderator reviews it."""
    return int(setting("TOWNHALL_COMMENT_FLAG_THRESHOLD"))


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")
    MEETING = "meeting", _("Public meeting")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    PUBLISHED = "published", _("Published")
    FLAGGED = "flagged", _("Hidden until reviewed")
    HIDDEN = "hidden", _("Hidden by a moderator")


def status_of(is_public, is_removed, is_hidden_pending_review):
    """The moderation status of a comment with these three flags (CommentQuerySet.with_status
    selects the same)."""
    if is_removed:
        return ModerationStatus.HIDDEN
    if is_hidden_pending_review:
        return ModerationStatus.FLAGGED
    if not is_public:
        return ModerationStatus.PENDING
    return ModerationStatus.PUBLISHED


#: The fields a comment's count key (CommentCount, PublishedCommentCount) is made of.
COUNTED_FIELDS = (
    "target_key",
    "clause_id",
    "is_public",
    "is_removed",
    "is_hidden_pending_review",
    "channel",
    "language",
)


class CountKey(NamedTuple):
    """What one comment is counted under: its page, clause and status in CommentCount,
    and — when published — its clause, channel and language in PublishedCommentCount."""

    target_key: object
    clause_id: str
    status: str
    channel: str
    language: str


def count_key_of(values):
    """The CountKey of a comment with these COUNTED_FIELDS values (None without a page)."""
    if not values["target_key"]:
        return None
    status = status_of(
        values["is_public"], values["is_removed"], values["is_hidden_pending_review"]
    )
    return CountKey(
        values["target_key"],
        values["clause_id"] or "",
        status.value,
        values["channel"],
        values["language"],
    )


class CommentQuerySet(models.QuerySet):
    def for_target(self, target):
        """Comments on a page in any of its languages (a page or its translation key)."""
        key = getattr(target, "comment_key", None) or getattr(target, "translation_key", target)
        return self.filter(target_key=key)

    def for_process(self, process):
        key = getattr(process, "translation_key", process)
        return self.filter(process_key=key)

    def for_clause(self, clause_id):
        return self.filter(clause_id=clause_id or "")

    def counted(self):
        return self.filter(is_public=True, is_removed=False, is_hidden_pending_review=False)

    def shown_publicly(self):
        return self.counted().filter(Q(channel=Channel.ONLINE) | Q(show_publicly_with_channel=True))

    def listed_publicly(self):
        """What a public thread lists: shown comments, and placeholders for hidden ones."""
        offline_ok = Q(channel=Channel.ONLINE) | Q(show_publicly_with_channel=True)
        shown = Q(is_public=True, is_removed=False, is_hidden_pending_review=False)
        hidden = Q(is_removed=True) | Q(is_public=True, is_hidden_pending_review=True)
        return self.filter(offline_ok & (shown | hidden))

    def with_status(self, status):
        if status == ModerationStatus.PENDING:
            return self.filter(is_public=False, is_removed=False, is_hidden_pending_review=False)
        if status == ModerationStatus.PUBLISHED:
            return self.counted()
        if status == ModerationStatus.FLAGGED:
            return self.filter(is_hidden_pending_review=True, is_removed=False)
        if status == ModerationStatus.HIDDEN:
            return self.filter(is_removed=True)
        return self.none()

    def needing_review(self):
        """The moderation queue: awaiting approval or hidden by flags.

        Written as the union of the two small sets, each read through its own index (the
        partial index ``queue_awaiting_approval`` of migration 0014, and the one on
        ``is_hidden_pending_review``), rather than an OR across two tables, which the
        database can only answer by reading every comment: the queue then costs the same
        with 1,000 or 100,000 published comments.
        """
        awaiting = (
            BaseComment.objects.filter(is_public=False, is_removed=False).order_by().values("pk")
        )
        flagged = (
            Comment.objects.filter(is_hidden_pending_review=True, is_removed=False)
            .order_by()
            .values("pk")
        )
        return self.filter(pk__in=awaiting.union(flagged, all=True))


class CommentManager(XtdCommentManager.from_queryset(CommentQuerySet)):
    pass


# comments-xtd re-publishes or hides every reply whenever a comment is saved (its
# pre_save handler). That would publish replies still awaiting pre-moderation when their
# parent is approved, flagged or edited, and undo a moderator's hiding of a reply when its
# parent is restored. Each comment here is moderated on its own, so the handler is
# detached for this model before the first save (it is connected in comments-xtd's
# ready(), which runs after ours).
_cascade_detached = False


def _detach_xtd_cascade():
    global _cascade_detached
    if not _cascade_detached:
        pre_save.disconnect(publish_or_unpublish_on_pre_save, sender=Comment)
        _cascade_detached = True


# SQLite has a single writer: our threads queue here instead of failing with "database is
# locked" (it also ignores SELECT … FOR UPDATE, so this lock is what orders its replies).
_sqlite_write_lock = threading.RLock()


def writes_in_turn(using=DEFAULT_DB_ALIAS):
    """A context in which this process's writes to SQLite take turns; nothing elsewhere.

    For views whose writes must not interleave with comments' own saves on SQLite (for
    example two clicks on one confirmation link); PostgreSQL orders them by row locks.
    """
    return _sqlite_write_lock if connections[using].vendor == "sqlite" else nullcontext()


@contextmanager
def _thread_lock(using, thread_id):
    """Serialise replies to one thread while comments-xtd renumbers it (PostgreSQL).

    comments-xtd reads MAX(order) and shifts later rows without a lock, so two replies
    saved at once got the same order. The thread's first comment is locked with
    SELECT … FOR UPDATE until the transaction ends, so replies to one thread take turns
    while other threads go on in parallel.
    """
    with transaction.atomic(using=using):
        list(
            XtdComment.norel_objects.using(using)
            .select_for_update()
            .filter(pk=thread_id)
            .values_list("pk", flat=True)
        )
        yield


class Comment(XtdComment):
    """A comment on a clause of a consultation (or on a whole page), online or offline."""

    # Whether the author ticked "tell me what happened", until the first save records it
    # as their OUTCOME subscription (build_comment sets it; not a database column).
    wants_outcome = False

    xtdcomment_ptr = models.OneToOneField(
        XtdComment,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="townhall_comment",
    )
    # What the comment is about, independent of the language it was written in.
    target_key = models.UUIDField(
        _("page"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The translation key shared by every language version of the page."),
    )
    process_key = models.UUIDField(_("process"), null=True, blank=True, db_index=True)
    clause_id = models.CharField(
        _("clause"),
        max_length=64,
        blank=True,
        help_text=_("The clause's block id; blank for the whole document."),
    )
    clause_number_snapshot = models.CharField(
        _("clause number when commented"), max_length=20, blank=True
    )
    clause_text_snapshot = models.TextField(_("clause text when commented"), blank=True)
    language = models.CharField(
        _("language"), max_length=12, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entered_comments",
    )
    meeting_name = models.CharField(_("meeting"), max_length=200, blank=True)
    input_date = models.DateField(_("date given"), null=True, blank=True)
    area = models.ForeignKey(
        "processes.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    show_publicly_with_channel = models.BooleanField(
        _("show publicly"),
        default=False,
        help_text=_("Offline input only: show it on the public page, labelled with its channel."),
    )
    is_hidden_pending_review = models.BooleanField(
        _("hidden until reviewed"), default=False, db_index=True
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    objects = CommentManager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        # A thread's pages walk this index from a comment id (processes/pagination.py).
        indexes = [
            models.Index(
                fields=["target_key", "clause_id", "xtdcomment_ptr"], name="comment_thread_window"
            )
        ]
        # Checked by the officials' admin (processes/rules.py).
        permissions = [
            ("moderate_comment", _("Can moderate comments and enter offline input")),
            ("export_personal_data", _("Can export commenters' e-mail and IP addresses")),
        ]

    # -- saving -------------------------------------------------------------------

    def save(self, *args, **kwargs):
        _detach_xtd_cascade()
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        if connections[using].vendor == "sqlite":
            lock = _sqlite_write_lock
        elif self.pk is None and self.parent_id:
            parent = XtdComment.norel_objects.using(using).filter(pk=self.parent_id).first()
            thread_id = parent.thread_id if parent else self.parent_id
            lock = _thread_lock(using, thread_id)
        else:
            lock = nullcontext()
        # The counters change in the same transaction as the comment (CommentCount).
        with lock, transaction.atomic(using=using):
            update_fields = kwargs.get("update_fields")
            stored = self._stored_counted_fields(using, update_fields)
            result = super().save(*args, **kwargs)
            if stored is not False:
                self._count_change(stored, update_fields, using)
        return result

    # -- what the counters count it under -------------------------------------------

    @property
    def count_key(self):
        """The CountKey (page, clause, status, channel, language) of this instance."""
        return count_key_of({field: getattr(self, field) for field in COUNTED_FIELDS})

    def _stored_counted_fields(self, using, update_fields=None):
        """{field: value} of COUNTED_FIELDS as the row stores them now, read under a row
        lock; None when new, False when `update_fields` writes none of them.

        Read from the database, not from this instance, which may have been loaded before
        another moderator or a reader's flag changed the comment.
        """
        if update_fields is not None and not set(update_fields) & set(COUNTED_FIELDS):
            return False
        if self.pk is None or self._state.adding:
            return None
        return (
            Comment.objects.using(using)
            .select_for_update(of=("self",))
            .filter(pk=self.pk)
            .values(*COUNTED_FIELDS)
            .first()
        )

    def _count_change(self, stored, update_fields, using):
        """Move this comment in the counters from what the row stored (`stored`, None when
        new) to what it stores now: those values, with the fields this save wrote."""
        now = dict(stored or {})
        for field in COUNTED_FIELDS:
            if stored is None or update_fields is None or field in update_fields:
                now[field] = getattr(self, field)
        before, after = count_key_of(stored) if stored else None, count_key_of(now)
        if before != after:
            CommentCount.move(
                before,
                after,
                using=using,
                snapshot=(self.clause_number_snapshot, self.clause_text_snapshot)
                if before is None
                else None,
            )

    def _counted_as(self, using):
        """The CountKey of the row as stored now, read under a row lock (None when new)."""
        stored = self._stored_counted_fields(using)
        return count_key_of(stored) if stored else None

    # -- what it is ---------------------------------------------------------------

    @property
    def is_offline(self):
        return self.channel != Channel.ONLINE

    @property
    def given_on(self):
        """The day offline input was given (entered by the official), None for online input.

        Public pages show this date, not the moment it was typed in. Input entered before
        the date was asked for falls back to the day it was typed in.
        """
        if not self.is_offline:
            return None
        if self.input_date:
            return self.input_date
        return timezone.localdate(self.submit_date) if self.submit_date else None

    @property
    def is_reply(self):
        return bool(self.parent_id) and self.parent_id != self.pk

    @property
    def moderation_status(self):
        return status_of(self.is_public, self.is_removed, self.is_hidden_pending_review)

    @property
    def is_counted(self):
        return self.moderation_status == ModerationStatus.PUBLISHED

    @property
    def is_shown_publicly(self):
        return self.is_counted and (not self.is_offline or self.show_publicly_with_channel)

    def get_content_object_url(self):
        page = self.content_object
        if page is not None and hasattr(page, "thread_url"):
            return page.thread_url(self.clause_id)
        return super().get_content_object_url()

    @property
    def thread_window(self):
        """The ``?before=`` value of the thread page that shows this comment's conversation.

        Threads are paged from a comment id (processes/pagination.py), so an old
        conversation is reached directly, not by counting pages.
        """
        thread = self.thread_id or self.pk
        return thread + 1 if thread else None

    @property
    def in_thread(self):
        """Query string and anchor of the thread page that shows this comment."""
        window = self.thread_window
        return f"?before={window}#c{self.pk}" if window else ""

    def get_absolute_url(self, anchor_pattern=None):
        url = self.get_content_object_url()
        if anchor_pattern is not None:
            return url + (anchor_pattern % {"id": self.pk})
        return url + self.in_thread if url else url

    # -- moderation ---------------------------------------------------------------

    def _moderate(self, action, actor, reason="", **changes):
        with transaction.atomic():
            for field, value in changes.items():
                setattr(self, field, value)
            self.save(update_fields=list(changes))
            ModerationAction.objects.create(comment=self, action=action, actor=actor, reason=reason)
            if action in {ModerationAction.Action.APPROVE, ModerationAction.Action.RESTORE}:
                # Flags already weighed by a person do not count towards hiding it again.
                self.abuse_flags.filter(resolved=False).update(resolved=True)

    def approve(self, actor, reason=""):
        self._moderate(
            ModerationAction.Action.APPROVE,
            actor,
            reason,
            is_public=True,
            is_removed=False,
            is_hidden_pending_review=False,
            hidden_reason="",
        )

    def hide(self, actor, reason):
        if not (reason or "").strip():
            raise ValueError("A moderator must give a reason for hiding a comment.")
        self._moderate(
            ModerationAction.Action.HIDE,
            actor,
            reason,
            is_removed=True,
            is_hidden_pending_review=False,
            hidden_reason=reason.strip(),
        )

    def restore(self, actor, reason=""):
        self._moderate(
            ModerationAction.Action.RESTORE,
            actor,
            reason,
            is_public=True,
            is_removed=False,
            is_hidden_pending_review=False,
            hidden_reason="",
        )

    def auto_hide(self):
        self._moderate(ModerationAction.Action.AUTO_HIDE, None, is_hidden_pending_review=True)

    def record_flag(self, *, user=None, browser_key="", reason=""):
        """Store one reader's flag; hide the comment for review at the threshold.

        Returns True when this flag is new (a reader flags a comment once).
        """
        lookup = {"user": user} if user is not None else {"browser_key": browser_key}
        if not lookup.get("user") and not lookup.get("browser_key"):
            raise ValueError("A flag needs a user or a browser key.")
        with transaction.atomic():
            _flag, created = Flag.objects.get_or_create(
                comment=self, **lookup, defaults={"reason": reason}
            )
            if created and not self.is_hidden_pending_review and not self.is_removed:
                open_flags = self.abuse_flags.filter(resolved=False).count()
                if open_flags >= flag_threshold():
                    self.auto_hide()
        return created


# Open CommentCount.batched() blocks of this thread, innermost last.
_batches = threading.local()


def _add_to_row(model, using, lookup, changes, initial):
    """Apply `changes` ({field: F expression}) to the counter row `lookup`, or create it
    with `initial` when it is the first."""
    rows = model.objects.using(using).filter(**lookup)
    if rows.update(**changes):
        return
    try:
        # A savepoint: a comment saved at the same moment may create the row first.
        with transaction.atomic(using=using):
            model.objects.using(using).create(**lookup, **initial)
    except IntegrityError:
        rows.update(**changes)


class CommentCount(models.Model):
    """How many comments one clause of a page has in each moderation status.

    Kept by the one way a comment's status, page or clause changes, ``Comment.save``
    (creation, approve, hide, restore, auto_hide after flags, edits), in the same
    transaction and under the comment's row lock, and by the post_delete signal
    (processes/signals.py): the officials' report reads its summary, per-clause counts and
    deleted clauses here instead of counting every comment. The same moves keep
    PublishedCommentCount (the report's channels and languages). Code that writes comments
    without ``save()`` (``QuerySet.update()``, raw inserts) must call ``recount(page)``;
    ``manage.py recount_comments`` rebuilds every row of both.

    ``clause_id`` "" is the whole document. ``snapshot_number`` and ``snapshot_text`` are
    the clause's number and words as the newest comment on it copied them: what the report
    shows for a clause an editor has deleted since.
    """

    target_key = models.UUIDField(_("page"))
    clause_id = models.CharField(_("clause"), max_length=64, blank=True)
    pending = models.IntegerField(ModerationStatus.PENDING.label, default=0)
    published = models.IntegerField(ModerationStatus.PUBLISHED.label, default=0)
    flagged = models.IntegerField(ModerationStatus.FLAGGED.label, default=0)
    hidden = models.IntegerField(ModerationStatus.HIDDEN.label, default=0)
    snapshot_number = models.CharField(_("clause number when commented"), max_length=20, blank=True)
    snapshot_text = models.TextField(_("clause text when commented"), blank=True)

    class Meta:
        verbose_name = _("comment count")
        verbose_name_plural = _("comment counts")
        constraints = [
            models.UniqueConstraint(fields=["target_key", "clause_id"], name="comment_count_clause")
        ]

    def __str__(self):
        return f"{self.target_key} {self.clause_id or '—'}: {self.total}"

    @property
    def total(self):
        return self.pending + self.published + self.flagged + self.hidden

    @classmethod
    def for_target(cls, target):
        """The rows of a page in any of its languages (a page or its translation key)."""
        return cls.objects.filter(target_key=_target_key(target))

    @classmethod
    def move(cls, before, after, *, using=DEFAULT_DB_ALIAS, snapshot=None):
        """One comment leaves CountKey `before` and joins `after` (either may be None).

        Inside ``batched()`` the change waits for the end of the block.
        """
        cls._apply({before: -1, after: 1} if before != after else {}, using, snapshot, after)

    @classmethod
    def add(cls, key, n=1, *, using=DEFAULT_DB_ALIAS, snapshot=None):
        """`n` comments more under CountKey `key`."""
        cls._apply({key: n}, using, snapshot, key)

    @classmethod
    def _apply(cls, changes, using, snapshot, snapshot_key):
        """Add up {CountKey: n} into the changes of each counter row, and write them (or
        keep them for the end of the ``batched()`` block)."""
        clauses, published = {}, {}
        for key, n in changes.items():
            if key is None:
                continue
            deltas = clauses.setdefault((key.target_key, key.clause_id), {})
            deltas[key.status] = deltas.get(key.status, 0) + n
            if key.status == ModerationStatus.PUBLISHED:
                origin = (key.target_key, key.clause_id, key.channel, key.language)
                published[origin] = published.get(origin, 0) + n
        batch = getattr(_batches, "stack", None)
        for (target_key, clause_id), deltas in clauses.items():
            row_snapshot = (
                snapshot
                if snapshot_key is not None and snapshot_key[:2] == (target_key, clause_id)
                else None
            )
            if batch:
                pending = batch[-1][0].setdefault((using, target_key, clause_id), [{}, None])
                for status, delta in deltas.items():
                    pending[0][status] = pending[0].get(status, 0) + delta
                pending[1] = row_snapshot or pending[1]
            else:
                cls._change(using, target_key, clause_id, deltas, row_snapshot)
        for origin, delta in sorted(published.items(), key=lambda item: _origin_order(item[0])):
            if batch:
                batch[-1][1][(using, *origin)] = batch[-1][1].get((using, *origin), 0) + delta
            else:
                PublishedCommentCount.change(using, origin, delta)

    @classmethod
    @contextmanager
    def batched(cls):
        """Add up the changes of the comments saved in this block and write them at its
        end, each row once, in one order (the clauses' rows, then their channels' and
        languages'): two moderators acting on many comments at once then lock the counter
        rows in the same order (never each holding the row the other waits for). Use it
        inside the transaction that saves the comments."""
        stack = _batches.__dict__.setdefault("stack", [])
        stack.append(({}, {}))
        try:
            yield
            clauses, published = stack[-1]
        finally:
            stack.pop()
        for (using, target_key, clause_id), (deltas, snapshot) in sorted(
            clauses.items(), key=lambda item: (item[0][0], str(item[0][1]), item[0][2])
        ):
            deltas = {status: delta for status, delta in deltas.items() if delta}
            if deltas or snapshot:
                cls._change(using, target_key, clause_id, deltas, snapshot)
        for (using, *origin), delta in sorted(
            published.items(), key=lambda item: (item[0][0], *_origin_order(item[0][1:]))
        ):
            PublishedCommentCount.change(using, tuple(origin), delta)

    @classmethod
    def _change(cls, using, target_key, clause_id, deltas, snapshot):
        """Add `deltas` ({status: n}) to a clause's row, creating it when it is the first."""
        deltas = {status: delta for status, delta in deltas.items() if delta}
        changes = {status: models.F(status) + delta for status, delta in deltas.items()}
        if snapshot is not None and snapshot[1]:
            changes.update(snapshot_number=snapshot[0], snapshot_text=snapshot[1])
        if not changes:
            return
        if not any(delta > 0 for delta in deltas.values()):
            # No row to create when only taking away: one counted before the counters were
            # (recount_comments) keeps what it has.
            cls.objects.using(using).filter(target_key=target_key, clause_id=clause_id).update(
                **changes
            )
            return
        initial = dict(deltas)
        if snapshot is not None:
            initial.update(snapshot_number=snapshot[0], snapshot_text=snapshot[1])
        _add_to_row(
            cls, using, {"target_key": target_key, "clause_id": clause_id}, changes, initial
        )

    @classmethod
    def recount(cls, target, *, using=DEFAULT_DB_ALIAS):
        """Count a page's comments again from scratch (a page, or its translation key):
        its status counters and its published comments by channel and language."""
        key = _target_key(target)
        comments = Comment.objects.using(using).filter(target_key=key).order_by()
        rows = {}
        for status in ModerationStatus:
            for clause_id, n in (
                comments.with_status(status).values_list("clause_id").annotate(n=Count("pk"))
            ):
                rows.setdefault(clause_id, {})[status.value] = n
        latest = dict(
            comments.exclude(clause_id="").values_list("clause_id").annotate(latest=Max("pk"))
        )
        snapshots = {
            clause_id: (number, text)
            for clause_id, number, text in Comment.objects.using(using)
            .filter(pk__in=latest.values())
            .order_by()
            .values_list("clause_id", "clause_number_snapshot", "clause_text_snapshot")
        }
        origins = comments.counted().values_list("clause_id", "channel", "language")
        with transaction.atomic(using=using):
            cls.objects.using(using).filter(target_key=key).delete()
            cls.objects.using(using).bulk_create(
                cls(
                    target_key=key,
                    clause_id=clause_id,
                    snapshot_number=snapshots.get(clause_id, ("", ""))[0],
                    snapshot_text=snapshots.get(clause_id, ("", ""))[1],
                    **counts,
                )
                for clause_id, counts in rows.items()
            )
            PublishedCommentCount.objects.using(using).filter(target_key=key).delete()
            PublishedCommentCount.objects.using(using).bulk_create(
                PublishedCommentCount(
                    target_key=key, clause_id=clause_id, channel=channel, language=language, count=n
                )
                for clause_id, channel, language, n in origins.annotate(n=Count("pk"))
            )


def _target_key(target):
    """The key comments file a page under (a page in any language, or the key itself)."""
    return getattr(target, "comment_key", None) or getattr(target, "translation_key", target)


def _origin_order(origin):
    """The order PublishedCommentCount rows are written in (page, clause, channel, language)."""
    target_key, clause_id, channel, language = origin
    return (str(target_key), clause_id, channel, language)


class PublishedCommentCount(models.Model):
    """How many published comments — what the report counts (CommentQuerySet.counted) —
    one clause of a page has from each channel in each language.

    Moved with CommentCount by every save and deletion of a comment (``CommentCount.move``,
    under the same lock and in the same transaction) and rebuilt with it by
    ``CommentCount.recount``: the officials' report adds up a page's rows for its "by
    channel" and "by language" figures instead of counting every comment. A row per
    clause rather than per page, so comments on different clauses do not wait for one row.
    """

    target_key = models.UUIDField(_("page"))
    clause_id = models.CharField(_("clause"), max_length=64, blank=True)
    channel = models.CharField(_("channel"), max_length=10)
    language = models.CharField(_("language"), max_length=12)
    count = models.IntegerField(_("published comments"), default=0)

    class Meta:
        verbose_name = _("published comment count")
        verbose_name_plural = _("published comment counts")
        constraints = [
            models.UniqueConstraint(
                fields=["target_key", "clause_id", "channel", "language"],
                name="published_count_origin",
            )
        ]

    def __str__(self):
        origin = f"{self.clause_id or '—'} {self.channel} {self.language}"
        return f"{self.target_key} {origin}: {self.count}"

    @classmethod
    def for_target(cls, target):
        """The rows of a page in any of its languages (a page or its translation key)."""
        return cls.objects.filter(target_key=_target_key(target))

    @classmethod
    def totals(cls, target):
        """({channel: n}, {language: n}) of a page's published comments, leaving out zeros:
        one query over its rows (a few per clause), however many comments it has."""
        by_channel, by_language = {}, {}
        rows = cls.for_target(target).filter(count__gt=0).order_by()
        for channel, language, n in rows.values_list("channel", "language").annotate(
            n=models.Sum("count")
        ):
            by_channel[channel] = by_channel.get(channel, 0) + n
            by_language[language] = by_language.get(language, 0) + n
        return by_channel, by_language

    @classmethod
    def change(cls, using, origin, delta):
        """Add `delta` to the row of `origin` (page, clause, channel, language)."""
        if not delta:
            return
        target_key, clause_id, channel, language = origin
        lookup = {
            "target_key": target_key,
            "clause_id": clause_id,
            "channel": channel,
            "language": language,
        }
        changes = {"count": models.F("count") + delta}
        if delta < 0:
            cls.objects.using(using).filter(**lookup).update(**changes)
        else:
            _add_to_row(cls, using, lookup, changes, {"count": delta})


def build_comment(
    page,
    text,
    *,
    clause_id="",
    language=None,
    channel=Channel.ONLINE,
    name="",
    email="",
    user=None,
    area=None,
    wants_outcome=False,
    parent_id=0,
    is_public=True,
    site_id=None,
    **extra,
):
    """An unsaved Comment on `page` with every derived field filled in (online or offline).

    The clause number and text are copied from the page as it is now, so a comment on a
    clause that an editor later deletes still says what it answered.
    """
    clause = page.get_clause(clause_id) if clause_id and hasattr(page, "get_clause") else None
    process = getattr(page, "process", None)
    comment = Comment(
        content_type=ContentType.objects.get_for_model(page),
        object_pk=force_str(page.pk),
        site_id=site_id or settings.SITE_ID,
        user=user,
        user_name=(name or "")[:50],
        user_email=email or "",
        comment=text,
        submit_date=timezone.now(),
        is_public=is_public,
        is_removed=False,
        parent_id=parent_id or 0,
        target_key=getattr(page, "comment_key", page.translation_key),
        process_key=process.translation_key if process is not None else None,
        clause_id=clause_id or "",
        clause_number_snapshot=clause.number if clause else "",
        clause_text_snapshot=clause.plain_text if clause else "",
        language=language or page.locale.language_code,
        channel=channel,
        area=area,
        **extra,
    )
    # The "tell me what happened" box is not stored on the comment: on its first save it
    # becomes the author's OUTCOME subscription for the process (processes/signals.py),
    # the one record of that wish (delivery.subscriptions).
    comment.wants_outcome = wants_outcome
    return comment


class CommentReaction(models.Model):
    """A "like": one per signed-in user, or per anonymous browser, per comment."""

    class Kind(models.TextChoices):
        LIKE = "like", _("Like")

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LIKE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comment_reactions",
    )
    browser_key = models.CharField(_("browser key"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "kind", "user"],
                condition=Q(user__isnull=False),
                name="reaction_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["comment", "kind", "browser_key"],
                condition=~Q(browser_key=""),
                name="reaction_once_per_browser",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.comment_id}"


class Flag(models.Model):
    """A reader's report that a comment is abusive; enough of them hide it until reviewed."""

    class Reason(models.TextChoices):
        ABUSE = "abuse", _("Abusive or offensive")
        SPAM = "spam", _("Spam or advertising")
        PERSONAL = "personal", _("Shares someone's personal details")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="abuse_flags"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comment_abuse_flags",
    )
    browser_key = models.CharField(_("browser key"), max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    created_at = models.DateTimeField(_("flagged"), default=timezone.now)
    resolved = models.BooleanField(
        _("reviewed"), default=False, help_text=_("A moderator has reviewed the comment since.")
    )

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"],
                condition=Q(user__isnull=False),
                name="flag_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["comment", "browser_key"],
                condition=~Q(browser_key=""),
                name="flag_once_per_browser",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display() or self._meta.verbose_name} #{self.comment_id}"


class ModerationAction(models.Model):
    """The log of every moderation action: who, when, what and why."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        AUTO_HIDE = "auto-hide", _("Hidden automatically after flags")
        OFFLINE_ENTRY = "offline-entry", _("Offline input entered")

    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comment_moderation_actions",
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} #{self.comment_id}"


def create_offline_comment(
    page,
    text,
    *,
    channel,
    entered_by,
    clause_id="",
    input_date=None,
    meeting_name="",
    language=None,
    area=None,
    show_publicly=False,
    name="",
    email="",
    wants_outcome=False,
):
    """Store paper, meeting, e-mail or phone input typed in by an official, and log it.

    It is approved as entered (the official is the moderator) and counted beside online
    input; it is shown on the public page only when `show_publicly` is set.
    """
    if channel == Channel.ONLINE:
        raise ValueError("Offline input needs a channel other than online.")
    if clause_id and (not hasattr(page, "get_clause") or page.get_clause(clause_id) is None):
        raise ValueError(f"{clause_id!r} is not a clause of {page}.")
    with transaction.atomic():
        comment = build_comment(
            page,
            text,
            clause_id=clause_id,
            language=language,
            channel=channel,
            name=name,
            email=email,
            area=area,
            wants_outcome=wants_outcome,
            entered_by=entered_by,
            input_date=input_date or timezone.localdate(),
            meeting_name=meeting_name,
            show_publicly_with_channel=show_publicly,
        )
        comment.save()
        ModerationAction.objects.create(
            comment=comment,
            action=ModerationAction.Action.OFFLINE_ENTRY,
            actor=entered_by,
            reason=meeting_name,
        )
    return comment
