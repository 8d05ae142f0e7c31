"""The delivery tests reuse the newsletter fixtures: a newsletter send is the engine's
first kind and the simplest to set up."""

from tests.newsletters.conftest import (  # noqa: F401 - fixtures
    archives,
    topics,
)
