"""The one model core holds: an export running in the background (core/exports.py)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.conf import setting
from core.storage import export_storage


class ExportJob(models.Model):
    """A CSV or XLSX file being written by a background task, then kept for a while.

    The file is in private storage (never under MEDIA_ROOT): only the person who asked for it,
    or someone with ``core.download_any_export``, may download it, through a view that checks.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Writing the file")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=50)
    params = models.JSONField(default=dict, blank=True)
    file_format = models.CharField(max_length=4)
    title = models.CharField(max_length=255)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(storage=export_storage, upload_to="exports/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        permissions = [("download_any_export", "Can download exports other people asked for")]

    def __str__(self):
        return self.title

    @property
    def expires_at(self):
        return (self.finished_at or self.created_at) + datetime.timedelta(
            seconds=setting("TOWNHALL_EXPORT_RETENTION")
        )

    @property
    def is_finished(self):
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)

    def can_access(self, user):
        """The person who asked for it, or someone allowed to download every export."""
        if not user.is_authenticated:
            return False
        return self.requested_by_id == user.pk or user.has_perm("core.download_any_export")
