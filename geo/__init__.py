"""Places: Haitian place names, the gazetteer (data/gazetteer.csv) and the geocoder over it.

Owns, from the bottom up:
- place: the Place, Mention and Resolution records;
- calendar_words: weekday and month names (a table incidents reads too);
- normalize (name keys), decoys (words that are not places), descriptors ("the capital"),
  derived (numbered neighbourhoods, facilities named after their town);
- index: the passive Index of one gazetteer's places; loader: read and validate the CSV
  into an Index; containment: which place lies in which; nearest: a nearest-place grid;
- matcher: find mentions in text, given an Index; resolve: one place per mention, with a
  reason, given an Index and its Matcher; gazetteer: the Gazetteer the app calls;
- admin: point -> department, commune, section, from the CNIGS layer (used by the ACLED
  import and the app's review placing); __main__: ``python -m geo``.
Entry point: geo.gazetteer.load_gazetteer().

May import: the standard library, the project's errors module (the exception family),
shapely (admin) and rapidfuzz (lookup's nearest names).
Never incidents, mapapp or streamlit: geo is the top of the pipeline.
"""
