"""The page's panels: time controls, sources, record cards, dossier, timeline, table, presenter."""
