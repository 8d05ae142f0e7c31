from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def newsletter_home_section(home_page, request):
    """The home page's sign-up box (registered in HOME_SECTION_PROVIDERS)."""
    from newsletters.forms import SignupForm

    return {
        "template": "newsletters/components/home_section.html",
        "signup_form": SignupForm(language=home_page.locale.language_code),
    }


class NewslettersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        from home.models.pages import HOME_SECTION_PROVIDERS
        from newsletters import receivers  # noqa: F401 - write wishes through to delivery

        if newsletter_home_section not in HOME_SECTION_PROVIDERS:
            HOME_SECTION_PROVIDERS.append(newsletter_home_section)
