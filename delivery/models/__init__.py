"""The delivery app's models: the engine's record state (engine.py)."""

from delivery.models.engine import DeliveryRecord, DeliveryState, Mailing, Notice

__all__ = ["DeliveryRecord", "DeliveryState", "Mailing", "Notice"]
