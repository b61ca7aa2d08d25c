"""The app layer: the only package (with app.py) that imports streamlit.

Pure parts: ``style`` (layer and precision tables), ``payload`` (incidents -> GeoJSON per
layer), ``mapview`` (the folium map), ``summaries`` (table and chart data), ``uploads``
(limits), ``assets`` (vendored JS/CSS), ``outlines`` (the base map's files). Streamlit parts:
``data`` (cached store access), ``sidebar`` (filters <-> widgets <-> URL), ``pages``.
"""
