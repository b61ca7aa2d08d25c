"""Build data/gazetteer.csv from the open data in ../shared/data.

Run by scripts/build_gazetteer.py.

Owns, in build order: tables (the hand-kept names, spellings and crisis zones), sources (the
raw layers and tables, read once), names (alias cleaning and row formatting), area_rows
(country, departments, arrondissements, communes, sections), place_rows (towns, curated
sites, GeoNames places), build (the named steps and the files written).

May import: geo (records, name keys, decoy words, the loader's COLUMNS), geopandas, pandas,
shapely, pyspellchecker and geotext. Only this build does; the app never imports it.
"""
