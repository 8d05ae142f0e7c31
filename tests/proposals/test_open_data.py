"""Proposals in the process's open-data package: what the public sees, with supports by
channel, and nothing personal."""

import io
import json
import zipfile

import pytest
from django.utils import timezone
from frictionless import validate

from impact import opendata
from proposals.models import Proposal, Support

pytestmark = pytest.mark.django_db


def proposal(ideas, title, **fields):
    fields.setdefault("confirmed_at", timezone.now())
    return Proposal.objects.create(
        page_key=ideas.translation_key,
        process_key=ideas.get_parent().translation_key,
        title=title,
        description="Shade trees along the river path.",
        language="sw",
        author_name="Amina Haddad",
        author_email="amina.haddad@example.org",
        **fields,
    )


def test_the_package_lists_visible_proposals_with_supports_by_channel(ideas, process, tmp_path):
    shown = proposal(ideas, "More shade")
    proposal(ideas, "Hidden idea", is_hidden=True, hidden_reason="Insults")
    proposal(ideas, "Unconfirmed idea", confirmed_at=None)
    for n, channel in enumerate(["online", "online", "paper"]):
        Support.objects.create(
            proposal=shown,
            email=f"supporter{n}@example.org",
            name=f"Supporter {n}",
            channel=channel,
            confirmed_at=timezone.now(),
        )
    with zipfile.ZipFile(io.BytesIO(opendata.build_bytes(process))) as archive:
        archive.extractall(tmp_path)
        rows = json.loads(archive.read("data/proposals.json"))
        everything = "".join(archive.read(name).decode() for name in archive.namelist())
    assert validate(str(tmp_path / "datapackage.json")).valid
    assert [(r["title"], r["supports_online"], r["supports_paper"]) for r in rows] == [
        ("More shade", 2, 1)
    ]
    for secret in ("Amina Haddad", "amina.haddad", "supporter0", "Supporter 1", "Hidden idea"):
        assert secret not in everything
