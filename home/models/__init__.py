from .pages import FormField, FormPage, HomePage, StandardPage
from .site import FooterText, MainMenu, SiteSettings, SocialLink
from .taxonomy import Topic

__all__ = [
    "FooterText",
    "FormField",
    "FormPage",
    "HomePage",
    "MainMenu",
    "SiteSettings",
    "SocialLink",
    "StandardPage",
    "Topic",
]
