"""Evaluation: measure kg's extraction against gold annotations instead of hoping.

Three gold formats, one report shape (:class:`~kg.evaluate.score.Report`):

* kg's own JSONL gold (docs/gold-format.md): :func:`evaluate_gold`;
* re3d folders (Dstl): :func:`evaluate_re3d`;
* CoNLL04 JSON sentences: :func:`evaluate_conll04`.

Benchmark types come from the ontology's ``skos:closeMatch`` table; see
:mod:`kg.evaluate.mapping`.
"""

from __future__ import annotations

from kg.evaluate.conll04 import evaluate_conll04
from kg.evaluate.gold import evaluate_gold, load_gold, score_gold
from kg.evaluate.re3d import evaluate_re3d
from kg.evaluate.score import Counts, Report, format_report

__all__ = [
    "Counts",
    "Report",
    "evaluate_conll04",
    "evaluate_gold",
    "evaluate_re3d",
    "format_report",
    "load_gold",
    "score_gold",
]
