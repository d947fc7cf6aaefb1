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
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

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
class SimilarityIndex:
    """Statements, their vectors, their centrality and their nearest statements in other sources."""

    statements: list[Statement]
    statement_of: dict[int, int]
    """Sentence index -> statement index, for the sentences that are claims."""
    vectors: sparse.csr_matrix
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
        return float(self.vectors[a].multiply(self.vectors[b]).sum())


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _leave_one_out(rows: sparse.csr_matrix, groups: np.ndarray, totals: sparse.csr_matrix) -> np.ndarray:
    """Cosine of each unit-length row with (the summed vector of its group minus itself)."""
    dots = np.zeros(rows.shape[0])
    order = np.argsort(groups, kind="stable")
    bounds = np.flatnonzero(np.diff(groups[order])) + 1
    for part in np.split(order, bounds):
        if len(part):
            dots[part] = (rows[part] @ totals[groups[part[0]]].T).toarray().ravel()
    norms_sq = np.asarray(totals.multiply(totals).sum(axis=1)).ravel()[groups]
    rest = np.sqrt(np.maximum(norms_sq - 2 * dots + 1.0, 0.0))
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
        empty = sparse.csr_matrix((0, 1))
        return SimilarityIndex([], {}, empty, np.zeros(0), np.zeros(0), [], {})

    tokens = [
        list(sentences[s.members[0]].terms) + [f"@{k}" for k in features[s.members[0]]]
        for s in statements
    ]
    # Statements without any content word still need a column so the vectoriser has a vocabulary.
    tokens = [t or ["<empty>"] for t in tokens]
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2", dtype=np.float64)
    vectors = sparse.csr_matrix(vectorizer.fit_transform(tokens))

    docs_of_rows: list[tuple[int, int]] = [(s.index, d) for s in statements for d in s.docs]
    n_docs = max(d for _, d in docs_of_rows) + 1
    membership = sparse.csr_matrix(
        (np.ones(len(docs_of_rows)), ([d for _, d in docs_of_rows], [s for s, _ in docs_of_rows])),
        shape=(n_docs, n),
    )
    doc_totals = sparse.csr_matrix(membership @ vectors)
    pair_rows = np.array([s for s, _ in docs_of_rows])
    pair_docs = np.array([d for _, d in docs_of_rows])
    per_pair = _leave_one_out(vectors[pair_rows], pair_docs, doc_totals)
    centrality = np.zeros(n)
    np.maximum.at(centrality, pair_rows, per_pair)
    corpus_total = sparse.csr_matrix(vectors.sum(axis=0))
    corpus_centrality = _leave_one_out(vectors, np.zeros(n, dtype=int), corpus_total)

    idf = dict(zip(vectorizer.get_feature_names_out().tolist(), vectorizer.idf_.tolist(), strict=True))
    neighbours = _neighbours(statements, vectors, idf, tokens, block_keys)
    return SimilarityIndex(statements, statement_of, vectors, centrality, corpus_centrality,
                           neighbours, idf)


def _neighbours(
    statements: list[Statement],
    vectors: sparse.csr_matrix,
    idf: dict[str, float],
    tokens: list[list[str]],
    block_keys: Sequence[Sequence[str]],
) -> list[list[tuple[int, float]]]:
    n = len(statements)
    keys_of: list[list[str]] = []
    for statement, words in zip(statements, tokens, strict=True):
        rare = sorted(set(words), key=lambda w: (-idf[w], w))[:_KEYS_PER_STATEMENT]
        keys_of.append(rare + [f"#{k}" for k in block_keys[statement.members[0]]])
    document_frequency: dict[str, int] = {}
    for keys in keys_of:
        for key in set(keys):
            document_frequency[key] = document_frequency.get(key, 0) + 1
    # Keys shared by too many statements say nothing about a pair and would make the work
    # quadratic; keys held by one statement cannot pair anything.
    cap = max(50, int(4 * math.sqrt(n)))
    columns: dict[str, int] = {}
    rows, cols = [], []
    for i, keys in enumerate(keys_of):
        for key in set(keys):
            if 2 <= document_frequency[key] <= cap:
                rows.append(i)
                cols.append(columns.setdefault(key, len(columns)))
    # Pairs sharing a cue key ("#q:missing") are kept whatever their cosine: the detectors check
    # them on their own terms, and "six remain missing" shares few words with "20 still missing".
    cue_columns = np.array(sorted(c for k, c in columns.items() if k.startswith("#")), dtype=int)
    found: list[dict[int, float]] = [dict() for _ in range(n)]
    if not columns:
        return [[] for _ in range(n)]
    blocks = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(columns)))
    cue_blocks = blocks[:, cue_columns] if len(cue_columns) else None
    first_doc = np.array([s.docs[0] for s in statements])
    multi_doc = np.array([len(s.docs) > 1 for s in statements])
    for chunk_start in range(0, n, _CHUNK):
        chunk = slice(chunk_start, min(n, chunk_start + _CHUNK))
        shared = sparse.coo_matrix(blocks[chunk] @ blocks.T)
        i = shared.row + chunk_start
        j = shared.col
        counts = shared.data
        keep = (i != j) & ((first_doc[i] != first_doc[j]) | multi_doc[i] | multi_doc[j])
        i, j, counts = i[keep], j[keep], counts[keep]
        # Best candidates per row: most shared keys first, ties by position.
        order = np.lexsort((j, -counts, i))
        i, j = i[order], j[order]
        if len(i) == 0:
            continue
        row_start = np.r_[0, np.flatnonzero(np.diff(i)) + 1]
        rank = np.arange(len(i)) - np.repeat(row_start, np.diff(np.r_[row_start, len(i)]))
        keep = rank < _CANDIDATES_PER_STATEMENT
        i, j = i[keep], j[keep]
        cosines = np.asarray(vectors[i].multiply(vectors[j]).sum(axis=1)).ravel()
        cued = (np.asarray(cue_blocks[i].multiply(cue_blocks[j]).sum(axis=1)).ravel() > 0
                if cue_blocks is not None else np.zeros(len(i), dtype=bool))
        for a, b, cosine, by_cue in zip(i.tolist(), j.tolist(), cosines.tolist(), cued.tolist(), strict=True):
            if (cosine < _MIN_COSINE and not by_cue) or set(statements[a].docs) & set(statements[b].docs):
                continue
            found[a][b] = cosine
            found[b][a] = cosine
    return [sorted(d.items(), key=lambda item: (-item[1], item[0])) for d in found]
