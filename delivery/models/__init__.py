"""The delivery app's models, one module per concept (the engine's models join this package)."""

from .subscriptions import Subscription

__all__ = ["Subscription"]
