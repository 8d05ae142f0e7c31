"""Site-wide pieces every app may use; core imports no other Townhall app (docs/architecture.md)."""
