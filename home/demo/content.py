"""The foundation's part of the demo, in the order things depend on each other."""

from . import forms, home_page, pages, site, topics


def load(demo):
    home = demo.pages["home"] = home_page.load(demo)
    topics.load(demo)  # before the partnership form, which lists them
    demo.pages["contact"] = forms.load_contact(demo, home)
    demo.pages["dataset-request"] = forms.load_dataset_request(demo, home)
    demo.pages["partnership"] = forms.load_partnership(demo, home)
    demo.pages["about"] = pages.load_about(demo, home)  # links to the contact form
    demo.pages["privacy"] = pages.load_privacy(demo, home)
    home_page.link_pages(demo)
    site.load(demo)
