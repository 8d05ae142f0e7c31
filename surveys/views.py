"""The public side of a survey: answering (in steps without JavaScript, in place with it),
the links that start or resume a response, the public results and the printable paper.

Without JavaScript the survey is served one step at a time (surveys.questionnaire.steps):
the answers of earlier steps travel signed in the form (``carried``), so nothing is stored
before the response is sent. With JavaScript (static/surveys/survey.js) the later steps,
sent inside <template> elements, join the form and conditions apply in place; the form
then says ``inplace=1`` and the server checks the visible questions of the whole survey.
Either way only the answers to the questions shown are stored.
"""

import uuid

from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core import signing

from . import measures, results, rules
from .forms import EmailForm, SurveyForm, initial_from, new_order_seed, posted_order_seed
from .models import Access, Answer, Response, Status
from .notifications import link_url, read_link, send_survey_link
from .questionnaire import steps, storable, visible_keys

CARRIED_SALT = "surveys.carried"
COOKIE = "th-surveys"
COOKIE_SALT = "surveys.browser"
TEMPLATE = "surveys/survey_page.html"


def session_key(page):
    return f"survey-response:{page.translation_key}"


def answered_in_browser(request, page):
    keys = request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT).split(",")
    return str(page.translation_key) in keys


def _remember_browser(request, http_response, page):
    keys = [
        k for k in request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT).split(",") if k
    ]
    keys.append(str(page.translation_key))
    http_response.set_signed_cookie(
        COOKIE,
        ",".join(keys[-50:]),
        salt=COOKIE_SALT,
        max_age=3 * 365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
    )


def sent_key(page):
    return f"survey-sent:{page.translation_key}"


def current_response(request, page):
    """The draft this visitor opened from a link (kept in the session), if any."""
    pk = request.session.get(session_key(page))
    if pk is None:
        return None
    return Response.objects.filter(pk=pk, survey_key=page.translation_key).first()


def sent_response(request, page):
    """The response this browser sent (its link is used), if any."""
    pk = request.session.get(sent_key(page))
    if pk is None:
        return None
    return Response.objects.filter(pk=pk, survey_key=page.translation_key).first()


def answers_posted(request):
    """Whether the request sends answers (a step of the form), not an e-mail address."""
    return request.method == "POST" and "step" in request.POST


def already_answered(request, page, response):
    """A sentence when this visitor has sent a response already, else ''."""
    if response is not None and response.status == Status.SUBMITTED:
        return gettext("This link was already used: the answers given with it were sent.")
    if page.access == Access.SIGNED_IN and request.user.is_authenticated:
        if (
            Response.objects.of(page)
            .submitted()
            .filter(user=request.user, channel="online")
            .exists()
        ):
            return gettext("You have already answered this survey. Thank you!")
    if page.access == Access.OPEN and answered_in_browser(request, page):
        return gettext("This survey has already been answered from this browser. Thank you!")
    return ""


def _context(page, request, **extra):
    survey = page.questionnaire
    context = {
        "page": page,
        "self": page,
        "request": request,
        "survey": survey,
        "decision": rules.answer_decision(request.user, page),
        "has_public_results": any(page.results_visible(q) for q in survey.questions),
    }
    context.update(extra)
    return context


def _render(request, page, **extra):
    return TemplateResponse(request, TEMPLATE, _context(page, request, **extra))


def _step_questions(survey, all_steps, index, answers):
    shown = visible_keys(survey, answers)
    return [q for q in all_steps[index] if q.key in shown]


def _next_step(survey, all_steps, index, answers):
    for following in range(index + 1, len(all_steps)):
        if _step_questions(survey, all_steps, following, answers):
            return following
    return None


def order_seed(request, survey):
    """(seed, chosen now) of the order this visitor sees options in (surveys.forms): the seed
    their form carried, else a new one; (None, False) when no question is in random order."""
    if not hasattr(request, "_survey_order"):
        posted = posted_order_seed(request.POST) if request.method == "POST" else None
        if not any(question.shuffle for question in survey.questions):
            request._survey_order = (None, False)
        else:
            request._survey_order = (posted or new_order_seed(), posted is None)
    return request._survey_order


def _step_form(page, request, all_steps, index, carried, *, data=None, initial=None):
    survey = page.questionnaire
    return SurveyForm(
        data,
        questions=_step_questions(survey, all_steps, index, carried),
        order_seed=order_seed(request, survey)[0],
        honeypot=page.access == Access.OPEN,
        initial=initial,
    )


def sections_of(survey, groups):
    """[(section, [(question, [BoundField])])]: a form's questions under their sections."""
    by_section = {}
    for question, fields in groups:
        by_section.setdefault(question.section_key, []).append((question, fields))
    return [(s, by_section[s.key]) for s in survey.sections if s.key in by_section]


def _render_step(request, page, all_steps, index, carried, form, **extra):
    seed, chosen_now = order_seed(request, page.questionnaire)
    later = []
    if index == 0 and len(all_steps) > 1 and not request.POST.get("inplace"):
        # Sent for JavaScript to show in place; inert (never submitted) without it.
        later_questions = [q for step in all_steps[1:] for q in step]
        later = SurveyForm(questions=later_questions, order_seed=seed).groups()
    return _render(
        request,
        page,
        form=form,
        sections=sections_of(page.questionnaire, form.groups()),
        later_sections=sections_of(page.questionnaire, later),
        is_last=index == len(all_steps) - 1 or request.POST.get("inplace") == "1",
        step=index,
        step_count=len(all_steps),
        carried=signing.dumps(carried, salt=CARRIED_SALT),
        later=later,
        order_seed=seed,
        order_chosen_now=chosen_now,
        **extra,
    )


def _posted_form(request, page, all_steps):
    """(form, step index, carried answers, in place) of the answers posted."""
    survey = page.questionnaire
    carried = signing.loads(request.POST.get("carried", ""), salt=CARRIED_SALT) or {}
    try:
        index = min(max(int(request.POST.get("step", 0)), 0), len(all_steps) - 1)
    except ValueError:
        index = 0
    inplace = request.POST.get("inplace") == "1"
    if inplace:
        probe = SurveyForm(request.POST, questions=survey.questions)
        probe.is_valid()
        shown = visible_keys(survey, probe.answers())
        questions = [q for q in survey.questions if q.key in shown]
        form = SurveyForm(
            request.POST,
            questions=questions,
            order_seed=order_seed(request, survey)[0],
            honeypot=page.access == Access.OPEN,
        )
    else:
        form = _step_form(page, request, all_steps, index, carried, data=request.POST)
    return form, index, carried, inplace


def _refused(request, page, all_steps, message):
    """The posted answers back in their fields, with why they cannot be sent."""
    form, index, carried, _inplace = _posted_form(request, page, all_steps)
    form.is_valid()
    return _render_step(request, page, all_steps, index, carried, form, refused=message)


def answer(request, page):
    survey = page.questionnaire
    if not request.session.session_key and request.method == "POST":
        # The survey's first page sets no cookie and can be cached (core/cache.py), options
        # in random order included (their order travels in the form: order_seed); the
        # session starts with the first answers sent.
        request.session.save()
    all_steps = steps(survey) or [[]]
    response = current_response(request, page)
    if response is None and page.access == Access.TOKEN and answers_posted(request):
        # Answers sent with a link this browser already used (from a second tab, say).
        response = sent_response(request, page)
    decision = rules.answer_decision(request.user, page)
    done = already_answered(request, page, response)
    if done:
        if answers_posted(request):
            return _refused(request, page, all_steps, done)
        return _render(request, page, notice=done)
    if page.access == Access.TOKEN and response is None:
        return _ask_email(request, page, decision)
    initial = initial_from(survey.questions, response.draft) if response is not None else None
    if request.method != "POST" and not decision:
        return _render(request, page)
    if request.method != "POST":
        form = _step_form(page, request, all_steps, 0, {}, initial=initial)
        return _render_step(request, page, all_steps, 0, {}, form)

    form, index, carried, inplace = _posted_form(request, page, all_steps)

    if not decision:
        # Closed (or not open) while it was being filled in: keep what was typed, say so.
        form.is_valid()
        return _render_step(
            request, page, all_steps, index, carried, form, refused=decision.message
        )

    valid = form.is_valid()
    answers = {**carried, **form.answers()}
    if request.POST.get("action") == "save":
        return _save_for_later(request, page, response, answers)
    if not valid:
        return _render_step(request, page, all_steps, index, carried, form)
    following = None if inplace else _next_step(survey, all_steps, index, answers)
    if following is not None:
        next_form = _step_form(page, request, all_steps, following, answers, initial=initial)
        return _render_step(request, page, all_steps, following, answers, next_form)
    if form.is_bot():
        return _render(request, page, sent=True)  # the bot learns nothing; nothing is stored
    sent = _submit(request, page, response, answers)
    if sent is None:  # sent meanwhile, from another tab or device
        message = gettext("You have already answered this survey. Thank you!")
        return _render_step(request, page, all_steps, index, carried, form, refused=message)
    return sent


def kept_answers(survey, answers):
    """Only the answers to questions shown for these answers (hidden ones are dropped)."""
    shown = visible_keys(survey, answers)
    return {key: value for key, value in answers.items() if key.split(":")[0] in shown}


def store(
    page,
    response,
    answers,
    *,
    language,
    channel="online",
    user=None,
    given_on=None,
    entered_by=None,
):
    """Write `response` (a new or draft Response) as sent, with one Answer row per answer;
    the caller handles IntegrityError (the once-per-person constraints)."""
    survey = page.questionnaire
    answers = kept_answers(survey, answers)
    process = page.process
    response.survey_key = page.translation_key
    response.process_key = process.translation_key if process is not None else None
    response.page = page
    response.language = language
    response.channel = channel
    response.status = Status.SUBMITTED
    response.submitted_at = timezone.now()
    response.given_on = given_on
    response.draft = {}
    if user is not None and user.is_authenticated:
        response.user = user
        response.email = response.email or user.email
    response.entered_by = entered_by
    with transaction.atomic():
        response.save()
        response.answers.all().delete()
        Answer.objects.bulk_create(
            [
                Answer(response=response, question=q.key, option=option, text=text, number=number)
                for q in survey.questions
                for option, text, number in storable(q, answers)
            ]
        )
    return response


def _submit(request, page, response, answers):
    """The thank-you page, or None when this person has already answered (the
    once-per-person constraints)."""
    response = response or Response()
    try:
        store(page, response, answers, language=translation.get_language(), user=request.user)
    except IntegrityError:
        return None
    request.session.pop(session_key(page), None)
    if page.access == Access.TOKEN:
        request.session[sent_key(page)] = response.pk  # its link is used
    http_response = _render(request, page, sent=True)
    _remember_browser(request, http_response, page)
    return http_response


def _save_for_later(request, page, response, answers):
    survey = page.questionnaire
    if response is None:
        response = Response(survey_key=page.translation_key, page=page)
        if request.user.is_authenticated:
            response.user = request.user
            response.email = request.user.email
    response.language = translation.get_language()
    response.page = page
    response.draft = {
        k: v for k, v in answers.items() if k.split(":")[0] in {q.key for q in survey.questions}
    }
    response.save()
    request.session[session_key(page)] = response.pk
    if response.email:
        send_survey_link.enqueue(response.pk, "resume")
    return _render(request, page, saved_url=link_url(page, response), saved_email=response.email)


def _ask_email(request, page, decision):
    form = EmailForm(request.POST if request.method == "POST" and "email" in request.POST else None)
    if form.is_bound and decision and form.is_valid():
        email = form.cleaned_data["email"]
        response = Response.objects.of(page).filter(
            email__iexact=email, status=Status.DRAFT
        ).first() or Response.objects.create(
            survey_key=page.translation_key,
            page=page,
            email=email,
            language=translation.get_language(),
        )
        send_survey_link.enqueue(response.pk, "confirm")
        return _render(request, page, link_sent=email)
    return _render(request, page, email_form=form)


def _link(request, page, token):
    response, reason = read_link(token)
    if response is None or response.survey_key != page.translation_key:
        message = (
            gettext("This link has expired. Ask for a new one below.")
            if reason == signing.EXPIRED
            else gettext(
                "This link does not work. Check that it was copied whole, "
                "or ask for a new one below."
            )
        )
        return _render(request, page, notice=message, link_failed=True)
    if response.status == Status.SUBMITTED:
        return _render(
            request,
            page,
            notice=gettext("This link was already used: the answers given with it were sent."),
        )
    request.session[session_key(page)] = response.pk
    return redirect(page.url)


def confirm(request, page, token):
    return _link(request, page, token)


def resume(request, page, token):
    return _link(request, page, token)


def with_measures(page, items, *, public):
    """`items` (results.present) each with its perception measure's mark, when tagged."""
    marks = measures.marks(page, [item["question"] for item in items], public=public)
    for item in items:
        item["measure"] = marks.get(item["question"].key)
    return items


def public_results(request, page):
    numbers = results.public_aggregate(page)
    items = results.present(page, numbers, public=True)
    return TemplateResponse(
        request,
        "surveys/results_page.html",
        {
            "page": page,
            "self": page,
            "total": results.shown(numbers["total"], True),
            "items": with_measures(page, items, public=True),
        },
    )


def printable(request, page):
    return TemplateResponse(
        request,
        "surveys/print_page.html",
        {
            "page": page,
            "self": page,
            "survey": page.questionnaire,
            "printed_id": uuid.uuid4().hex[:8],
        },
    )
