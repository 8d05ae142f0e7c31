"""The one delivery engine: every e-mail kind goes out through it, and it heals itself."""
