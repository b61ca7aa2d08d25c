"""Extraction: one article in, the incidents a careful coder would record out.

The stages, in the order an article meets them:

- ``article``: bytes on disk (or pasted text) to a clean, dated ``Article``;
- ``sentences``: paragraphs, headings, sentences, the dateline;
- ``candidates``: the gazetteer's resolutions of a sentence as candidate event places;
- ``nlp`` (with ``tagmap``): spaCy's parse of the sentences worth parsing, place mentions
  merged into single tokens, cached by content;
- ``lexicon``: the triggers and word lists of a language, as data (``lexicon/en.toml``);
- ``clauses`` (with ``arguments``, ``cancelling``, ``linking``): the events of a parsed
  sentence (records in ``events``), with their actors, targets, places, dates and figures
  (``figures``); ``actors``: the named actors of a sentence (the table is
  incidents/actors.toml);
- ``dates`` (with ``date_words``): date expressions and what they mean (CODEBOOK §5);
- ``discourse``: events become draft incidents, with what neighbouring sentences lend;
- ``fold``: the drafts of one event folded into one row;
- ``pipeline``: the passes together (``extract``), ``cli``: ``python -m incidents extract``;
- ``evaluate``: the scores on the development corpus (``python -m incidents.extract.evaluate``).

May import ``errors``, ``geo`` and ``incidents.model``/``taxonomy``/``actor_table``/``window``;
never the store, the file formats or the app.
"""
from incidents.extract.pipeline import extract

__all__ = ["extract"]
