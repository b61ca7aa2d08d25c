"""The app layer: the only package (with app.py) that imports streamlit.

``style`` (layer and precision tables), ``payload`` (pure: incidents -> GeoJSON per layer),
``mapview`` (folium map from payloads), ``assets`` (vendored JS/CSS), ``charts``, ``uploads``,
``state`` (filters <-> widgets <-> URL) and ``pages`` (explore, review, add articles).
"""
