"""The delivery app's models: the engine's records (engine.py) and who asked for what
(subscriptions.py)."""

from delivery.models.engine import DeliveryRecord, DeliveryState, Mailing, Notice
from delivery.models.subscriptions import Subscription

__all__ = ["DeliveryRecord", "DeliveryState", "Mailing", "Notice", "Subscription"]
