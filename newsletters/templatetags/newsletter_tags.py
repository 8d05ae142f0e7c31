"""Tags for the public newsletter templates (sign-up forms in the footer and on pages)."""

from django import template

from newsletters.consent import consent_wording

register = template.Library()


@register.simple_tag
def newsletter_consent_wording():
    return consent_wording()
