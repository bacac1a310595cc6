"""The map: a view's layers, styles and legend as a Folium map, with its shapes and Leaflet."""
