"""Demo content: the fictional city of Riverton, in English, French, Arabic and Swahili.

``manage.py load_demo`` builds a ``Demo`` (see framework.py and README.md), loads the
foundation's content with ``load(demo)`` below, then each app's ``<app>.demo.load(demo)``.
"""

from .content import load
from .framework import Demo, DemoTranslationError, Phrasebook

__all__ = ["Demo", "DemoTranslationError", "Phrasebook", "load"]
