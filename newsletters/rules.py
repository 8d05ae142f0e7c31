"""Who may do what with newsletters in the admin: the one place the admin views, buttons and
menus ask, so a button is never shown for a view that refuses (tested in
tests/newsletters/test_admin.py).

* send an issue, and pause, resume or retry a send: ``newsletters.send_newsletter``;
* import subscribers from a spreadsheet: ``newsletters.import_subscriber``;
* export subscribers (with their e-mail addresses): ``newsletters.export_subscriber``.

Seeing subscribers and sends follows Wagtail's model permissions (their viewsets).
Superusers have every permission.
"""

SEND = "newsletters.send_newsletter"
IMPORT_SUBSCRIBERS = "newsletters.import_subscriber"
EXPORT_SUBSCRIBERS = "newsletters.export_subscriber"


def can_send(user):
    return user.has_perm(SEND)


def can_import_subscribers(user):
    return user.has_perm(IMPORT_SUBSCRIBERS)


def can_export_subscribers(user):
    return user.has_perm(EXPORT_SUBSCRIBERS)
