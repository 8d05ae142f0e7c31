"""System checks for core's settings: a mistyped proxy network stops the start, not a request."""

import ipaddress

from django.core.checks import Error, register

from core.conf import setting


@register()
def trusted_proxies(app_configs, **kwargs):
    errors = []
    for entry in setting("TRUSTED_PROXIES"):
        try:
            ipaddress.ip_network(str(entry).strip(), strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"TRUSTED_PROXIES has {entry!r}, which is not an IP network.",
                    hint="Write networks such as 10.0.0.0/8 or single addresses such as "
                    "127.0.0.1, separated by commas (core/clients.py).",
                    id="townhall.E001",
                )
            )
    return errors
