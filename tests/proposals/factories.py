"""Factories for proposals pages and builders for proposals and supports."""

import uuid

import factory
from django.utils import timezone

from proposals.models import Proposal, ProposalsPage, Support
from tests.processes.factories import PublishedPageFactory

CRITERIA = [
    ("criterion", {"title": "Cost", "text": "What it costs to build and to run."}),
    ("criterion", {"title": "Environment", "text": "Its effect on nature and the climate."}),
]


class ProposalsPageFactory(PublishedPageFactory):
    """A proposals page under a process, open during the process's first phase unless
    ``phase`` or ``opens_at`` and ``closes_at`` say otherwise."""

    title = "Ideas for Riverside Park"
    slug = factory.LazyFunction(lambda: f"ideas-{uuid.uuid4().hex[:8]}")
    introduction = "<p>What should the park become?</p>"
    criteria = factory.LazyFunction(lambda: CRITERIA)

    class Meta:
        model = ProposalsPage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if "phase" not in kwargs and not ("opens_at" in kwargs and "closes_at" in kwargs):
            kwargs["phase"] = kwargs["parent"].phases.order_by("sort_order").first()
        return super()._create(model_class, *args, **kwargs)


def make_proposal(page, title="More benches by the river", **fields):
    process = page.get_parent()
    now = timezone.now()
    defaults = {
        "page_key": page.translation_key,
        "process_key": process.translation_key,
        "title": title,
        "description": fields.pop("description", f"{title}. It would help everyone."),
        "author_name": "Amina",
        "author_email": "amina@example.org",
        "confirmed_at": now,
        "language": "en",
    }
    defaults.update(fields)
    return Proposal.objects.create(**defaults)


def make_support(proposal, **fields):
    defaults = {"proposal": proposal, "confirmed_at": timezone.now()}
    defaults.update(fields)
    return Support.objects.create(**defaults)
