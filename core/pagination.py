"""Pagination of a listing whose first page is kept (``core.cache.cached_for_pages``)."""

from django.core.paginator import Paginator


class FirstPage:
    """The first page's cards standing for the whole list, for a Paginator that is only
    asked for its count and its first page."""

    def __init__(self, count, cards):
        self.total = count
        self.cards = cards

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        return self.cards[index]


def kept_first_page(count, cards, per_page):
    """The first page of a list of ``count`` items whose first cards are ``cards``."""
    return Paginator(FirstPage(count, cards), per_page).page(1)
