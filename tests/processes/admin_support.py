"""Comments for the officials' admin tests (tests/processes/test_admin_*.py); the officials
themselves come from ``official_factory`` (tests/processes/factories.py)."""

from processes.models import build_comment


def comment(page, text="A comment", **kwargs):
    kwargs.setdefault("name", "Amina")
    kwargs.setdefault("email", "amina@example.org")
    item = build_comment(page, text, **kwargs)
    item.save()
    return item
