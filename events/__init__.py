"""Sources and what they say: excerpts, events, relationships, organisations, tours, packs."""
