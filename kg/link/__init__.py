"""Link: resolve mentions to canonical actors (reference knowledge base, stable keys)."""
