"""System checks for settings that no longer do anything, so a deployment hears about it."""

import os

from django.core.checks import Warning, register


@register()
def removed_settings(app_configs, **kwargs):
    if not os.environ.get("NEWSLETTER_BASE_URL"):
        return []
    return [
        Warning(
            "NEWSLETTER_BASE_URL is no longer read.",
            hint=(
                "Every absolute link (e-mails, feeds, sitemap, robots.txt) is built on the "
                "default Wagtail Site's root URL: set its host name and port in Settings → "
                "Sites (port 443 gives https://), then unset NEWSLETTER_BASE_URL."
            ),
            id="townhall.W001",
        )
    ]
