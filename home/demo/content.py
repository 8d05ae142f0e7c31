"""The foundation's part of the demo, in the order things depend on each other."""

from . import home_page, topics


def load(demo):
    demo.pages["home"] = home_page.load(demo)
    topics.load(demo)
