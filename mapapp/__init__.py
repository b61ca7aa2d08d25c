"""The app layer: the only package (with app.py) that imports streamlit.

Pure parts: ``style`` (layer and precision tables), ``payload`` (incidents -> GeoJSON per
layer), ``mapview`` (the folium map), ``viewport`` (the view it opens on), ``summaries``
(table and chart data), ``uploads`` (limits), ``assets`` (vendored JS/CSS, published
outlines), ``outlines`` (the base map's files). Streamlit parts: ``data`` (cached store
access), ``sidebar`` (filters <-> widgets <-> URL), ``pages``.
"""
