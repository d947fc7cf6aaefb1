"""Offline analysis of source texts into a `Memo`: `memo.analysis.pipeline.build_memo`.

One pure stage per module: `segment` (spaCy parse, sentences with spans), `cues` (hedges,
figures, dates, outcomes, blame, evaluative words), `actors` (with `gazetteer`), `similarity`
(TF-IDF statements and blocked candidate pairs), `disagreements`, `key_points`, `questions`,
`summary`; `citations` makes the verbatim quotes every stage cites.
"""
