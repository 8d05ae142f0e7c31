"""Editors: the page forms open, offer only the process's phases, and previews render."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from processes.models import ConsultationPage


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@riverton.example", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_consultation_form_offers_only_the_phases_of_its_process(
    editor_client, process_index, process, process_page_factory
):
    other = process_page_factory(parent=process_index, title="Another process")
    own_phase = process.phases.get()
    other_phase = other.phases.get()
    url = reverse("wagtailadmin_pages:add", args=("processes", "consultationpage", process.pk))
    body = editor_client.get(url).content.decode()
    assert f'value="{own_phase.pk}"' in body
    assert f'value="{other_phase.pk}"' not in body


@pytest.mark.django_db
def test_a_consultation_needs_a_phase_or_its_own_dates(process):
    from processes.models.consultation import ConsultationPageForm

    form_class = ConsultationPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, ConsultationPageForm)
    form = form_class(
        data={"title": "Draft", "slug": "draft", "body-count": "0"},
        instance=ConsultationPage(),
        parent_page=process,
        for_user=None,
    )
    assert not form.is_valid()
    assert "phase" in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize("page_name", ["process_index", "process", "consultation"])
def test_edit_views_and_previews_render(editor_client, request, page_name):
    page = request.getfixturevalue(page_name)
    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert edit.status_code == 200
    preview = page.make_preview_request()
    assert preview.status_code == 200


@pytest.mark.django_db
def test_a_new_consultation_can_be_previewed_before_it_is_saved(process):
    page = ConsultationPage(
        title="Unsaved draft",
        slug="unsaved-draft",
        body=[("clause", {"text": "<p>A first clause.</p>"})],
        phase=process.phases.get(),
    )
    page.path = process.path + "9999"
    page.depth = process.depth + 1
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "A first clause." in response.content.decode()


@pytest.mark.django_db
def test_a_consultation_can_only_live_under_a_process(
    process_index, process, consultation_page_factory
):
    assert ConsultationPage.can_create_at(process)
    assert not ConsultationPage.can_create_at(process_index)
    assert consultation_page_factory(parent=process).get_parent().specific == process
