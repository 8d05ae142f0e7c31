"""Subscriber import and export with django-import-export.

Import rules: every row is checked before anything is stored (a dry run inside a
transaction); one bad row (invalid address, unknown language or topic, the same address
twice) and the whole file is refused with the list of problems. Addresses already on
the list are left exactly as they are: an import never re-subscribes someone who
unsubscribed, nor overrides choices a subscriber made. New addresses start "pending"
and get a confirmation e-mail unless the official states that each person confirmed.

Export rule: text cells that a spreadsheet would run as a formula are neutralised, by
``core.spreadsheets.escape_formula`` on every cell (the library's own setting only strips
a leading "=").
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from core.conf import setting
from core.forms import normalize_email, validated_email
from core.participation import ExportTable
from core.spreadsheets import escape_formula, sheet_title
from home.models import Topic
from newsletters.models import (
    ConsentRecord,
    Subscriber,
    canonical_topics,
)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class EmailWidget(widgets.CharWidget):
    """Normalises addresses; validation happens per row so errors name the row."""

    def clean(self, value, row=None, **kwargs):
        return normalize_email(_text(value))


class LanguageWidget(widgets.CharWidget):
    def __init__(self, default=None, **kwargs):
        self.default = default or settings.LANGUAGE_CODE
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        code = _text(value).lower()
        if not code:
            return self.default
        codes = dict(settings.LANGUAGES)
        if code in codes:
            return code
        names = {str(name).lower(): key for key, name in settings.LANGUAGES}
        if code in names:
            return names[code]
        raise ValueError(
            _("Unknown language “%(value)s”. Use one of: %(codes)s.")
            % {"value": _text(value)[:50], "codes": ", ".join(codes)}
        )


class TopicsWidget(widgets.Widget):
    """Topics by slug or name (any language), separated by ";" or ","."""

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return []
        wanted = [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]
        found, unknown = [], []
        for item in wanted:
            topic = (
                Topic.objects.filter(Q(slug__iexact=item) | Q(name__iexact=item))
                .order_by("pk")
                .first()
            )
            if topic is None:
                unknown.append(item)
            else:
                found.append(topic)
        if unknown:
            raise ValueError(
                _("Unknown topic: %(topics)s.") % {"topics": ", ".join(u[:50] for u in unknown)}
            )
        return canonical_topics(found)

    def render(self, value, obj=None, **kwargs):
        return ";".join(topic.slug for topic in value or [])


class TopicsField(fields.Field):
    """Parsed on import into instance._import_topics; set after the subscriber is saved."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance._import_topics = self.clean(row, **kwargs)


class SubscriberResource(resources.ModelResource):
    email = fields.Field(attribute="email", column_name="email", widget=EmailWidget())
    language = fields.Field(attribute="language", column_name="language", widget=LanguageWidget())
    topics = TopicsField(attribute="topics", column_name="topics", widget=TopicsWidget())
    status = fields.Field(attribute="status", column_name="status", readonly=True)
    created_at = fields.Field(
        attribute="created_at",
        column_name="signed_up",
        readonly=True,
        widget=widgets.DateTimeWidget("%Y-%m-%d %H:%M"),
    )
    confirmed_at = fields.Field(
        attribute="confirmed_at",
        column_name="confirmed",
        readonly=True,
        widget=widgets.DateTimeWidget("%Y-%m-%d %H:%M"),
    )

    class Meta:
        model = Subscriber
        fields = ("email", "language", "topics", "status", "created_at", "confirmed_at")
        import_id_fields = ("email",)
        instance_loader_class = CachedInstanceLoader
        skip_diff = True
        use_transactions = True

    def __init__(
        self, *, consent_basis="", consent_confirmed=False, default_language=None, user=None
    ):
        super().__init__()
        self.consent_basis = consent_basis
        self.consent_confirmed = consent_confirmed
        self.default_language = default_language or settings.LANGUAGE_CODE
        self.fields["language"].widget = LanguageWidget(default=self.default_language)
        self.user = user if user is not None and user.is_authenticated else None
        self.pending_ids = []
        self._seen = {}

    # Export --------------------------------------------------------------------------------

    def get_queryset(self):
        return Subscriber.objects.prefetch_related("topics").order_by("email")

    def dehydrate_topics(self, subscriber):
        return ";".join(sorted(topic.slug for topic in subscriber.topics.all()))

    def dehydrate_status(self, subscriber):
        return subscriber.status

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    # Import --------------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        self._seen = {}
        self.pending_ids = []

    def before_import_row(self, row, **kwargs):
        number = kwargs.get("row_number")
        raw = _text(row.get("email"))
        if not raw:
            raise ValidationError({"email": _("The e-mail address is missing.")})
        try:
            email = validated_email(raw)
        except ValidationError as error:
            raise ValidationError({"email": error.messages}) from None
        if email in self._seen:
            raise ValidationError(
                {
                    "email": _("This address is already in row %(row)s of the file.")
                    % {"row": self._seen[email]}
                }
            )
        self._seen[email] = number
        row["email"] = email

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            instance.language = self.default_language

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        # Already on the list: leave the subscriber and their own choices untouched.
        return instance.pk is not None

    def before_save_instance(self, instance, row, **kwargs):
        if self.consent_confirmed:
            instance.status = Subscriber.Status.CONFIRMED
            instance.confirmed_at = timezone.now()
        else:
            instance.status = Subscriber.Status.PENDING

    def after_save_instance(self, instance, row, **kwargs):
        instance.topics.set(getattr(instance, "_import_topics", []))
        now = timezone.now()
        records = [
            ConsentRecord(
                subscriber=instance,
                action=ConsentRecord.Action.IMPORTED,
                basis=self.consent_basis[:500],
                language=instance.language,
                recorded_by=self.user,
                created_at=now,
            )
        ]
        if self.consent_confirmed:
            records.append(
                ConsentRecord(
                    subscriber=instance,
                    action=ConsentRecord.Action.CONFIRMED,
                    basis=self.consent_basis[:500],
                    language=instance.language,
                    recorded_by=self.user,
                    created_at=now,
                )
            )
        else:
            self.pending_ids.append(instance.pk)
        ConsentRecord.objects.bulk_create(records)


def row_problems(result):
    """[(row number, message), …] for every invalid or failed row of an import result."""
    problems = []
    for invalid in result.invalid_rows:
        for field_name, messages in invalid.error_dict.items():
            for message in messages:
                label = "" if field_name == "__all__" else f"{field_name}: "
                problems.append((invalid.number, f"{label}{message}"))
    for number, errors in result.row_errors():
        for error in errors:
            problems.append(
                (
                    number,
                    _("This row could not be read: %(error)s") % {"error": str(error.error)[:200]},
                )
            )
    for error in result.base_errors:
        problems.append((None, str(error.error)[:300]))
    return sorted(problems, key=lambda item: item[0] or 0)


def subscriber_table(job):
    """The subscribers export (core/exports.py kind "subscribers"): params status and
    language filter it; rows are read a chunk at a time, topics prefetched per chunk."""
    queryset = Subscriber.objects.order_by("email")
    if job.params.get("status"):
        queryset = queryset.filter(status=job.params["status"])
    if job.params.get("language"):
        queryset = queryset.filter(language=job.params["language"])
    resource = SubscriberResource()
    chunk_size = setting("TOWNHALL_EXPORT_CHUNK_SIZE")

    def rows():
        for subscriber in queryset.prefetch_related("topics").iterator(chunk_size=chunk_size):
            yield resource.export_resource(subscriber)

    return ExportTable(
        title=sheet_title(_("Subscribers")),
        columns=resource.get_export_headers(),
        rows=rows(),
        name="subscribers",
        count=queryset.count(),
    )
