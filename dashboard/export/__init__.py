"""Offline exports of a view or a tour: standalone HTML and data files (GeoJSON, CSV)."""
