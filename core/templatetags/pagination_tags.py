"""Pagination links (templates/components/pagination.html)."""

from django import template

register = template.Library()


@register.simple_tag
def page_links(page_obj, around=2):
    """[(number, "current" | "link" | "gap")] for a page of results: the first and the last
    page, the current one and ``around`` pages either side of it, and a gap (shown as "…")
    where pages are left out. Worked out from those few numbers, not by going through every
    page: a listing of 1,000 processes costs what one of 10 does."""
    current, last = page_obj.number, page_obj.paginator.num_pages
    shown = {1, last, *range(max(1, current - around), min(last, current + around) + 1)}
    links, previous = [], 0
    for number in sorted(shown):
        if number > previous + 1:
            links.append((None, "gap"))
        links.append((number, "current" if number == current else "link"))
        previous = number
    return links
