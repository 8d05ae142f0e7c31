"""Charts and data blocks: drawn server-side as SVG with an accessible table beside them."""
