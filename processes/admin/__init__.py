"""The officials' side of comments in the Wagtail admin.

Moderation queue, offline input, per-consultation reports and exports. The screens are
registered as Wagtail viewsets in processes/wagtail_hooks.py. (Django's admin also
imports this package when it autodiscovers ``<app>.admin``; nothing here registers
with it.)
"""
