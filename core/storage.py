"""Private file storage for exports: a folder outside MEDIA_ROOT, never served by URL."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject

from core.conf import setting


class PrivateFileSystemStorage(FileSystemStorage):
    """Files with no public address: they are only read by a view that checks who asks."""

    def url(self, name):
        raise ValueError("A private file has no URL: serve it through a view that checks access.")


class ExportStorage(LazyObject):
    """TOWNHALL_EXPORT_DIR, or "private-exports" next to MEDIA_ROOT."""

    def _setup(self):
        location = setting("TOWNHALL_EXPORT_DIR") or (
            Path(settings.MEDIA_ROOT).parent / "private-exports"
        )
        self._wrapped = PrivateFileSystemStorage(location=location)


_storage = ExportStorage()


def export_storage():
    """The storage of export files (a callable, so migrations do not record the path)."""
    return _storage
