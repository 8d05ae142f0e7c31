"""The name of an event's time zone for people: "Nairobi time, UTC+03:00", "heure de
New York, UTC−05:00", in the active language.

A zone's database name ("America/New_York") means little to a resident and nothing in
Arabic. Without a locale database (no Babel here) the label is built from two parts:

* the city of the zone (its last part, "New_York" → "New York"), translated for the
  cities listed in ``CITIES`` and kept as written otherwise;
* the offset from UTC at the moment shown (summer time included), written with a true
  minus sign, which needs no translation and is exact.

Zones with no city ("UTC", "Etc/GMT+5") are written by their offset alone. Event pages,
cards, the process timeline, the check-in screen and the e-mails all use
``EventPage.zone_label`` so they name the zone the same way.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy

# The cities of the zones an official is most likely to choose, with the names French,
# Arabic and Swahili readers know them by (locale/*/LC_MESSAGES/django.po, context
# "time zone city"). Any other zone shows its city as the database writes it.
CITIES = {
    "Abidjan": pgettext_lazy("time zone city", "Abidjan"),
    "Addis_Ababa": pgettext_lazy("time zone city", "Addis Ababa"),
    "Algiers": pgettext_lazy("time zone city", "Algiers"),
    "Amman": pgettext_lazy("time zone city", "Amman"),
    "Amsterdam": pgettext_lazy("time zone city", "Amsterdam"),
    "Beirut": pgettext_lazy("time zone city", "Beirut"),
    "Berlin": pgettext_lazy("time zone city", "Berlin"),
    "Brussels": pgettext_lazy("time zone city", "Brussels"),
    "Cairo": pgettext_lazy("time zone city", "Cairo"),
    "Casablanca": pgettext_lazy("time zone city", "Casablanca"),
    "Chicago": pgettext_lazy("time zone city", "Chicago"),
    "Dakar": pgettext_lazy("time zone city", "Dakar"),
    "Dar_es_Salaam": pgettext_lazy("time zone city", "Dar es Salaam"),
    "Denver": pgettext_lazy("time zone city", "Denver"),
    "Dubai": pgettext_lazy("time zone city", "Dubai"),
    "Johannesburg": pgettext_lazy("time zone city", "Johannesburg"),
    "Kampala": pgettext_lazy("time zone city", "Kampala"),
    "Kinshasa": pgettext_lazy("time zone city", "Kinshasa"),
    "Lagos": pgettext_lazy("time zone city", "Lagos"),
    "Lisbon": pgettext_lazy("time zone city", "Lisbon"),
    "London": pgettext_lazy("time zone city", "London"),
    "Los_Angeles": pgettext_lazy("time zone city", "Los Angeles"),
    "Madrid": pgettext_lazy("time zone city", "Madrid"),
    "Mexico_City": pgettext_lazy("time zone city", "Mexico City"),
    "Montreal": pgettext_lazy("time zone city", "Montreal"),
    "Moscow": pgettext_lazy("time zone city", "Moscow"),
    "Nairobi": pgettext_lazy("time zone city", "Nairobi"),
    "New_York": pgettext_lazy("time zone city", "New York"),
    "Paris": pgettext_lazy("time zone city", "Paris"),
    "Riyadh": pgettext_lazy("time zone city", "Riyadh"),
    "Rome": pgettext_lazy("time zone city", "Rome"),
    "Sao_Paulo": pgettext_lazy("time zone city", "São Paulo"),
    "Tokyo": pgettext_lazy("time zone city", "Tokyo"),
    "Toronto": pgettext_lazy("time zone city", "Toronto"),
    "Tunis": pgettext_lazy("time zone city", "Tunis"),
    "Zurich": pgettext_lazy("time zone city", "Zurich"),
}


def utc_offset(zone, moment):
    """ "UTC+03:00", "UTC−05:00", "UTC+05:30" or "UTC" for `moment` in `zone`."""
    offset = timezone.localtime(moment, zone).utcoffset()
    minutes = round(offset.total_seconds() / 60)
    if not minutes:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def city_of(name):
    """The translated city of a zone name, or "" for zones without one (UTC, Etc/…)."""
    if "/" not in name or name.startswith("Etc/"):
        return ""
    city = name.rsplit("/", 1)[1]
    return str(CITIES.get(city, city.replace("_", " ")))


def zone_label(name, zone, moment=None):
    """The label of zone `name` (its ZoneInfo `zone`) at `moment` (default: now), in the
    active language."""
    moment = moment if isinstance(moment, datetime) else timezone.now()
    offset = utc_offset(zone, moment)
    city = city_of(name)
    if not city:
        return offset
    return gettext("%(city)s time, %(offset)s") % {"city": city, "offset": offset}
