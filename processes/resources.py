"""Comment export (CSV, XLSX) with django-import-export.

Personal data — the commenter's e-mail and IP addresses — is left out unless the view
asks for it (the exporter ticked the box *and* holds ``processes.export_personal_data``).
The display name stays: it is what the site shows publicly, often a pseudonym.

Every text cell goes through ``core.spreadsheets.clean_cell`` here, in the resource, so
CSV and XLSX are both covered: no cell runs as a formula, and control characters that
XLSX cannot hold are replaced rather than failing the whole export.
"""

from django.utils import timezone
from import_export import fields, resources

from core.spreadsheets import clean_cell
from processes.models import Comment

PERSONAL_FIELDS = ("email", "ip_address")


def _datetime(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class CommentResource(resources.ModelResource):
    """One row per comment, replies included (``parent_id`` says which comment they answer).

    Give it the consultation and process pages by translation key (``pages``) so titles
    and current clause numbers cost no query per row; the queryset should come from
    ``processes.admin.queries.admin_comments()`` (likes and flags annotated).
    """

    id = fields.Field(attribute="pk", column_name="id")
    process = fields.Field(column_name="process")
    consultation = fields.Field(column_name="consultation")
    clause_number = fields.Field(column_name="clause_number")
    clause_in_document = fields.Field(column_name="clause_still_in_document")
    clause_text = fields.Field(
        attribute="clause_text_snapshot", column_name="clause_text_when_commented"
    )
    comment = fields.Field(attribute="comment", column_name="comment")
    language = fields.Field(attribute="language", column_name="language")
    channel = fields.Field(attribute="channel", column_name="channel")
    status = fields.Field(column_name="status")
    submitted = fields.Field(column_name="submitted")
    input_date = fields.Field(column_name="date_given")
    meeting = fields.Field(attribute="meeting_name", column_name="meeting")
    area = fields.Field(column_name="area")
    name = fields.Field(column_name="display_name")
    likes = fields.Field(column_name="likes")
    flags = fields.Field(column_name="flags")
    parent_id = fields.Field(column_name="parent_id")
    email = fields.Field(attribute="user_email", column_name="email")
    ip_address = fields.Field(attribute="ip_address", column_name="ip_address")

    class Meta:
        model = Comment
        fields = (
            "id",
            "process",
            "consultation",
            "clause_number",
            "clause_in_document",
            "clause_text",
            "comment",
            "language",
            "channel",
            "status",
            "submitted",
            "input_date",
            "meeting",
            "area",
            "name",
            "likes",
            "flags",
            "parent_id",
            "email",
            "ip_address",
        )
        export_order = fields

    def __init__(self, *, include_personal_data=False, consultations=None, processes=None):
        super().__init__()
        self.include_personal_data = include_personal_data
        self.consultations = consultations or {}
        self.processes = processes or {}
        self._export_fields = {}  # selected fields -> the columns exported, in order

    def get_export_fields(self, selected_fields=None):
        # import-export asks again for every row it exports; the answer cannot change
        # during an export, and working it out was a fifth of a 100,000-row export's time.
        key = tuple(selected_fields) if selected_fields else None
        if key not in self._export_fields:
            export_fields = super().get_export_fields(selected_fields)
            if not self.include_personal_data:
                export_fields = [
                    field
                    for field in export_fields
                    if self.get_field_name(field) not in PERSONAL_FIELDS
                ]
            self._export_fields[key] = export_fields
        return self._export_fields[key]

    def export_field(self, field, instance, **kwargs):
        return clean_cell(super().export_field(field, instance, **kwargs))

    # -- columns ------------------------------------------------------------------------

    def _clause(self, comment):
        page = self.consultations.get(comment.target_key)
        if page is None or not comment.clause_id:
            return None
        return page.get_clause(comment.clause_id)

    def dehydrate_process(self, comment):
        page = self.processes.get(comment.process_key)
        return page.title if page is not None else ""

    def dehydrate_consultation(self, comment):
        page = self.consultations.get(comment.target_key)
        return page.title if page is not None else ""

    def dehydrate_clause_number(self, comment):
        clause = self._clause(comment)
        return clause.number if clause is not None else comment.clause_number_snapshot

    def dehydrate_clause_in_document(self, comment):
        if not comment.clause_id:
            return ""  # on the whole document
        return "yes" if self._clause(comment) is not None else "no"

    def dehydrate_status(self, comment):
        return comment.moderation_status.value

    def dehydrate_submitted(self, comment):
        return _datetime(comment.submit_date)

    def dehydrate_input_date(self, comment):
        return comment.input_date.isoformat() if comment.input_date else ""

    def dehydrate_area(self, comment):
        return comment.area.name if comment.area_id and comment.area else ""

    def dehydrate_name(self, comment):
        return comment.user_name or (comment.user.get_full_name() if comment.user_id else "")

    def dehydrate_likes(self, comment):
        return getattr(comment, "like_count", 0)

    def dehydrate_flags(self, comment):
        return getattr(comment, "flag_count", 0)

    def dehydrate_parent_id(self, comment):
        return comment.parent_id if comment.is_reply else ""

    def dehydrate_email(self, comment):
        return comment.user_email or ""

    def dehydrate_ip_address(self, comment):
        return comment.ip_address or ""
