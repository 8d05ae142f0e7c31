"""The officials' admin screens in a real browser at 1280 × 800 (issue 10, item 15).

* the moderation queue: its filters do not run into each other and its table, Actions
  column included, fits without being cut off;
* a new consultation opens without an error message (Wagtail's editor reports a block
  minimum live, before anything is typed, so the document declares none).
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from processes.models import Channel
from tests.processes.admin_support import comment

from .conftest import browser_test

DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def admin_user(transactional_db):
    return get_user_model().objects.create_superuser("chief", "chief@riverton.example", "pw")


@pytest.fixture
def queue_comments(
    home_page, consultation_page_factory, process_index_page_factory, process_page_factory
):
    process = process_page_factory(
        parent=process_index_page_factory(parent=home_page),
        title="Riverton Cycling Strategy 2027–2035 and the riverside paths",
    )
    consultation = consultation_page_factory(
        parent=process, title="Draft cycling strategy for consultation"
    )
    items = []
    for i, channel in enumerate([Channel.ONLINE, Channel.PAPER, Channel.MEETING]):
        item = comment(
            consultation,
            "Every school will have a protected route within 400 metres of its gate " * 2,
            name=f"Resident {i}",
            channel=channel,
        )
        item.is_hidden_pending_review = True  # offers Approve, Restore and Hide at once
        item.save()
        items.append(item)
    return items


def boxes(page, selector):
    return page.eval_on_selector_all(
        selector,
        """nodes => nodes.map(node => {
            const box = node.getBoundingClientRect();
            return {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
                    text: (node.textContent || node.value || "").trim().slice(0, 40)};
        })""",
    )


def overlap(a, b):
    across = a["left"] < b["right"] and b["left"] < a["right"]
    down = a["top"] < b["bottom"] and b["top"] < a["bottom"]
    return across and down


@browser_test
@pytest.mark.parametrize("status", ["", "all"])
def test_the_moderation_queue_fits_1280_pixels(open_context, admin_user, queue_comments, status):
    page = open_context(user=admin_user, **DESKTOP).new_page()
    url = reverse("comment_moderation:index") + (f"?status={status}" if status else "")
    page.goto(url)

    # Each filter's control stays inside its own field, so none runs into the next.
    fields = boxes(page, ".th-filters__fields > *")
    controls = boxes(page, ".th-filters__fields select, .th-filters__fields input")
    assert len(fields) == len(controls) == 5
    for field, control in zip(fields, controls, strict=True):
        assert field["left"] - 1 <= control["left"] and control["right"] <= field["right"] + 1, (
            field,
            control,
        )
    for i, first in enumerate(controls):
        for second in controls[i + 1 :]:
            assert not overlap(first, second), (first, second)

    # The table needs no sideways scrolling and every action button can be seen whole.
    scroll, client = page.eval_on_selector(
        ".th-table-wrap", "node => [node.scrollWidth, node.clientWidth]"
    )
    assert scroll <= client
    [wrap] = boxes(page, ".th-table-wrap")
    headers = boxes(page, ".th-queue__table th")
    assert headers[-1]["text"] == "Actions"
    assert headers[-1]["right"] <= wrap["right"] + 1
    buttons = boxes(page, ".th-actions .button")
    assert len(buttons) == 3 * len(queue_comments)
    assert {button["text"] for button in buttons} == {"Approve", "Restore", "Hide…"}
    for button in buttons:
        assert wrap["left"] <= button["left"] and button["right"] <= wrap["right"] + 1, button


@browser_test
def test_a_new_consultation_shows_no_error_before_anything_is_typed(
    open_context, admin_user, home_page, process_index_page_factory, process_page_factory
):
    process = process_page_factory(parent=process_index_page_factory(parent=home_page))
    page = open_context(user=admin_user, **DESKTOP).new_page()
    page.goto(reverse("wagtailadmin_pages:add", args=("processes", "consultationpage", process.pk)))
    page.wait_for_selector("[data-streamfield-stream-container]", state="attached")
    page.wait_for_load_state("networkidle")

    shown = page.eval_on_selector_all(
        ".error-message, .help-critical, .w-field--error",
        "nodes => nodes.filter(node => node.offsetParent !== null)"
        ".map(node => node.textContent.trim())",
    )
    assert shown == []
    assert "minimum number of items" not in page.inner_text("main")
