"""The delivery app's models: the engine's record state (engine.py)."""

from delivery.models.engine import DeliveryRecord

__all__ = ["DeliveryRecord"]
