"""Which claims say the same thing, and which sentences of different sources are worth comparing.

Sentences with the same words are first folded into one *statement* (wire copy repeated by many
outlets costs nothing more). Statements get TF-IDF vectors over content lemmas and actor keys.
Candidate pairs come from blocking, never from all pairs: two statements are compared only if
they share one of their rarest terms (or an actor or cue key) that is itself not too common, so the
work grows with the corpus, not with its square.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from memo.analysis.segment import Sentence

# Rarest terms of each statement used as blocking keys.
_KEYS_PER_STATEMENT = 8
# Candidates kept per statement before cosines are computed.
_CANDIDATES_PER_STATEMENT = 25
# Pairs less similar than this are not worth keeping at all.
_MIN_COSINE = 0.08
_CHUNK = 1000

_NORMALISE = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Statement:
    """One claim: a sentence, and its verbatim repeats in other places."""

    index: int
    members: tuple[int, ...]
    """Sentence indices, in corpus order; the first is the one quoted."""
    docs: tuple[int, ...]
    """Sources carrying it, in order."""


@dataclass(frozen=True)
class Rows:
    """Sparse rows of equal length, stored compressed: row `r` has the values `data[k]` in the
    columns `indices[k]` for `k` in `indptr[r]:indptr[r + 1]`, each column once.

    Written with numpy alone: scipy's sparse module took 0.2 s to import, a tenth of the start-up
    of a small build, for the few operations needed here.
    """

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    width: int

    @classmethod
    def from_entries(cls, rows: np.ndarray, cols: np.ndarray, data: np.ndarray, height: int, width: int) -> Rows:
        """The rows holding `data[k]` at (`rows[k]`, `cols[k]`); each cell given once."""
        order = np.lexsort((cols, rows))
        indptr = np.zeros(height + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=height), out=indptr[1:])
        return cls(indptr, cols[order].astype(np.int64), data[order].astype(np.float64), width)

    def entries(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For the rows `rows` (repeats allowed): the position in `rows` and the storage index of
        every value they hold."""
        lengths = self.indptr[rows + 1] - self.indptr[rows]
        owner = np.repeat(np.arange(len(rows)), lengths)
        starts = np.repeat(self.indptr[rows] - np.cumsum(lengths) + lengths, lengths)
        return owner, starts + np.arange(len(owner))

    def dots(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The dot product of row `a[k]` with row `b[k]`, for every `k`."""
        owner_a, at_a = self.entries(a)
        owner_b, at_b = self.entries(b)
        _, hit_a, hit_b = np.intersect1d(owner_a * self.width + self.indices[at_a],
                                         owner_b * self.width + self.indices[at_b],
                                         assume_unique=True, return_indices=True)
        return np.bincount(owner_a[hit_a], weights=self.data[at_a[hit_a]] * self.data[at_b[hit_b]],
                           minlength=len(a))


@dataclass(frozen=True)
class SimilarityIndex:
    """Statements, their vectors, their centrality and their nearest statements in other sources."""

    statements: list[Statement]
    statement_of: dict[int, int]
    """Sentence index -> statement index, for the sentences that are claims."""
    vectors: Rows
    """Unit-length TF-IDF vectors, one row per statement."""
    centrality: np.ndarray
    """Cosine of each statement with the rest of its own source (leave-one-out centroid)."""
    corpus_centrality: np.ndarray
    """Cosine of each statement with the rest of the corpus."""
    neighbours: list[list[tuple[int, float]]]
    """Per statement, statements of other sources with their cosine, most similar first."""
    idf: dict[str, float]
    """Inverse document frequency of each term over statements (rarer terms score higher)."""

    def cosine(self, a: int, b: int) -> float:
        """Cosine similarity of statements `a` and `b`."""
        return float(self.vectors.dots(np.array([a]), np.array([b]))[0])


def _tfidf(tokens: list[list[str]]) -> tuple[Rows, dict[str, float]]:
    """Unit-length TF-IDF rows (sublinear term frequency, smoothed idf) and the idf of each term.

    The weighting is scikit-learn's `TfidfVectorizer(sublinear_tf=True)`, written out here: that
    package alone took over a second to import, more than the whole analysis of a few articles.
    """
    vocabulary: dict[str, int] = {}
    rows, cols, counts = [], [], []
    for row, words in enumerate(tokens):
        for word, count in Counter(words).items():
            rows.append(row)
            cols.append(vocabulary.setdefault(word, len(vocabulary)))
            counts.append(count)
    n = len(tokens)
    row_of = np.array(rows, dtype=np.int64)
    column = np.array(cols, dtype=np.int64)
    document_frequency = np.bincount(column, minlength=len(vocabulary))
    idf = np.log((1.0 + n) / (1.0 + document_frequency)) + 1.0
    weights = (1.0 + np.log(np.array(counts, dtype=np.float64))) * idf[column]
    norms = np.sqrt(np.bincount(row_of, weights=weights * weights, minlength=n))
    weights /= np.where(norms > 0, norms, 1.0)[row_of]
    vectors = Rows.from_entries(row_of, column, weights, n, len(vocabulary))
    return vectors, dict(zip(vocabulary, idf.tolist(), strict=True))


def _leave_one_out(vectors: Rows, rows: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Cosine of each unit-length row `rows[k]` with the sum of the rows of its group `groups[k]`
    minus itself."""
    owner, at = vectors.entries(rows)
    cells = groups[owner] * vectors.width + vectors.indices[at]
    unique, inverse = np.unique(cells, return_inverse=True)
    totals = np.bincount(inverse, weights=vectors.data[at])
    dots = np.bincount(owner, weights=vectors.data[at] * totals[inverse], minlength=len(rows))
    group_norms_sq = np.bincount(unique // vectors.width, weights=totals * totals,
                                 minlength=int(groups.max()) + 1 if len(groups) else 0)
    rest = np.sqrt(np.maximum(group_norms_sq[groups] - 2 * dots + 1.0, 0.0))
    safe = np.where(rest > 1e-9, rest, 1.0)
    return np.where(rest > 1e-9, (dots - 1.0) / safe, 0.0)


def build_index(
    sentences: Sequence[Sentence],
    eligible: Sequence[bool],
    features: Sequence[Sequence[str]],
    block_keys: Sequence[Sequence[str]],
) -> SimilarityIndex:
    """Fold eligible sentences into statements and find their cross-source candidate pairs.

    `features` are the extra vector features of each sentence (actor keys); `block_keys` are extra
    blocking keys (cue keys such as the verb a figure belongs to).
    """
    groups: dict[str, list[int]] = {}
    for sentence in sentences:
        if eligible[sentence.index]:
            key = _NORMALISE.sub(" ", sentence.text.lower()).strip()
            groups.setdefault(key, []).append(sentence.index)
    statements = []
    statement_of: dict[int, int] = {}
    for members in sorted(groups.values()):
        index = len(statements)
        docs = tuple(dict.fromkeys(sentences[m].doc for m in members))
        statements.append(Statement(index=index, members=tuple(members), docs=docs))
        for member in members:
            statement_of[member] = index
    n = len(statements)
    if n == 0:
        empty = Rows(np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0), 1)
        return SimilarityIndex([], {}, empty, np.zeros(0), np.zeros(0), [], {})

    tokens = [
        list(sentences[s.members[0]].terms) + [f"@{k}" for k in features[s.members[0]]]
        for s in statements
    ]
    # Statements without any content word still need a column so the vectoriser has a vocabulary.
    tokens = [t or ["<empty>"] for t in tokens]
    vectors, idf = _tfidf(tokens)
    # A statement carried by several sources is central in each; it keeps the best.
    pairs = [(s.index, d) for s in statements for d in s.docs]
    pair_rows = np.array([s for s, _ in pairs], dtype=np.int64)
    per_pair = _leave_one_out(vectors, pair_rows, np.array([d for _, d in pairs], dtype=np.int64))
    centrality = np.zeros(n)
    np.maximum.at(centrality, pair_rows, per_pair)
    corpus_centrality = _leave_one_out(vectors, np.arange(n), np.zeros(n, dtype=np.int64))

    neighbours = _neighbours(statements, vectors, idf, tokens, block_keys)
    return SimilarityIndex(statements, statement_of, vectors, centrality, corpus_centrality,
                           neighbours, idf)


def _neighbours(
    statements: list[Statement],
    vectors: Rows,
    idf: dict[str, float],
    tokens: list[list[str]],
    block_keys: Sequence[Sequence[str]],
) -> list[list[tuple[int, float]]]:
    n = len(statements)
    # Keys shared by too many statements say nothing about a pair and would make the work
    # quadratic; keys held by one statement cannot pair anything.
    cap = max(50, int(4 * math.sqrt(n)))
    term_frequency = Counter(word for words in tokens for word in set(words))
    keys_of: list[list[str]] = []
    for statement, words in zip(statements, tokens, strict=True):
        # The rarest of the words some other statement also uses: a word no other statement
        # uses would take a key's place and pair nothing.
        shared = [w for w in set(words) if 2 <= term_frequency[w] <= cap]
        rare = sorted(shared, key=lambda w: (-idf[w], w))[:_KEYS_PER_STATEMENT]
        keys_of.append(rare + [f"#{k}" for k in block_keys[statement.members[0]]])
    document_frequency = Counter(key for keys in keys_of for key in set(keys))
    columns: dict[str, int] = {}
    rows, cols = [], []
    for i, keys in enumerate(keys_of):
        for key in sorted(set(keys)):
            if 2 <= document_frequency[key] <= cap:
                rows.append(i)
                cols.append(columns.setdefault(key, len(columns)))
    if not columns:
        return [[] for _ in range(n)]
    # Pairs sharing a cue key ("#q:missing") are kept whatever their cosine: the detectors check
    # them on their own terms, and "six remain missing" shares few words with "20 still missing".
    is_cue = np.array([key.startswith("#") for key in columns])
    by_row = Rows.from_entries(np.array(rows), np.array(cols), np.ones(len(rows)), n, len(columns))
    by_key = Rows.from_entries(np.array(cols), np.array(rows), np.ones(len(rows)), len(columns), n)
    first_doc = np.array([s.docs[0] for s in statements])
    multi_doc = np.array([len(s.docs) > 1 for s in statements])
    found: list[dict[int, float]] = [{} for _ in range(n)]
    for chunk_start in range(0, n, _CHUNK):
        # Every (statement, other statement) that share a key, with how many keys they share.
        chunk = np.arange(chunk_start, min(n, chunk_start + _CHUNK))
        owner, at = by_row.entries(chunk)
        keys = by_row.indices[at]
        key_owner, key_at = by_key.entries(keys)
        i = chunk[owner[key_owner]]
        j = by_key.indices[key_at]
        codes, counts = np.unique(i * n + j, return_counts=True)
        cue_codes = np.unique((i * n + j)[is_cue[keys[key_owner]]])
        i, j = codes // n, codes % n
        keep = (i != j) & ((first_doc[i] != first_doc[j]) | multi_doc[i] | multi_doc[j])
        i, j, counts, codes = i[keep], j[keep], counts[keep], codes[keep]
        if len(i) == 0:
            continue
        # Best candidates per row: most shared keys first, ties by position.
        order = np.lexsort((j, -counts, i))
        i, j, codes = i[order], j[order], codes[order]
        row_start = np.r_[0, np.flatnonzero(np.diff(i)) + 1]
        rank = np.arange(len(i)) - np.repeat(row_start, np.diff(np.r_[row_start, len(i)]))
        keep = rank < _CANDIDATES_PER_STATEMENT
        i, j, codes = i[keep], j[keep], codes[keep]
        cosines = vectors.dots(i, j)
        cued = np.isin(codes, cue_codes)
        for a, b, cosine, by_cue in zip(i.tolist(), j.tolist(), cosines.tolist(), cued.tolist(), strict=True):
            if (cosine < _MIN_COSINE and not by_cue) or set(statements[a].docs) & set(statements[b].docs):
                continue
            found[a][b] = cosine
            found[b][a] = cosine
    return [sorted(d.items(), key=lambda item: (-item[1], item[0])) for d in found]
