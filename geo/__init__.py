"""Haitian place names: the gazetteer (data/gazetteer.csv) and the geocoder over it.

normalize (name keys), decoys (what is not a place), gazetteer (load, validate, facade),
matcher (find mentions), resolve (choose a place, with a reason), admin (point -> admin
areas), place and errors (shared records). Entry point: geo.gazetteer.load_gazetteer().
"""
