"""Incidents: what the articles report, read, kept and shared.

The package follows the pipeline, one sub-package per stage:

- ``incidents.extract``: article text in, ``Incident`` records out (reading, sentences, the NLP
  layer, the lexicon, clause reading, discourse, folding, evaluation);
- ``incidents.store``: the incidents kept, merged across reports and reviewed (SQLite for one
  laptop, PostgreSQL/PostGIS for a team);
- the file formats the store exports and imports (GeoJSON, GeoPackage, CSV, ACLED).

Beside them, the records every stage passes on (``model``: ``Article``, ``Incident``,
``Extraction``), the event types (``taxonomy``), the named actors (``actor_table``, read from
``actors.toml``), the filters users set (``filters``) and the sane window of dates
(``window``). Imports point down the pipeline: this package may import ``errors`` and
``geo``, never ``mapapp``; ``extract`` never imports the store or the formats.
"""
