from .pages import NewsletterIndexPage, NewsletterPage
from .sending import Delivery, NewsletterSend
from .subscribers import (
    ConsentRecord,
    Subscriber,
    canonical_pages,
    canonical_topics,
)

__all__ = [
    "ConsentRecord",
    "Delivery",
    "NewsletterIndexPage",
    "NewsletterPage",
    "NewsletterSend",
    "Subscriber",
    "canonical_pages",
    "canonical_topics",
]
