"""Private file storage for exports: a folder outside MEDIA_ROOT, never served by URL."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject

from core.conf import setting


class ExportStorage(LazyObject):
    """TOWNHALL_EXPORT_DIR, or "private-exports" next to MEDIA_ROOT; no base URL."""

    def _setup(self):
        location = setting("TOWNHALL_EXPORT_DIR") or (
            Path(settings.MEDIA_ROOT).parent / "private-exports"
        )
        self._wrapped = FileSystemStorage(location=location, base_url=None)


_storage = ExportStorage()


def export_storage():
    """The storage of export files (a callable, so migrations do not record the path)."""
    return _storage
