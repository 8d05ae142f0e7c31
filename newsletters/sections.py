"""The home page's newsletter sign-up box (see home.models.pages.HOME_SECTION_HOOK)."""

from newsletters.forms import SignupForm


def newsletter_home_section(home_page, request):
    return {
        "template": "newsletters/components/home_section.html",
        "id": "newsletter",
        "signup_form": SignupForm(language=home_page.locale.language_code),
    }
