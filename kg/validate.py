"""Check a kg graph against the SHACL shapes of ontologies/shapes.ttl (with pyshacl).

The shapes name their target classes and the relation list explicitly, so validation runs
without RDFS inference and without merging the ontology into the data graph: pyshacl
then reads the data graph in place instead of copying it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.query.sparql import compact
from kg.rdf.taxonomy import ontology_path


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node, which property, what is wrong."""

    focus: str  # compact IRI of the focus node (id:statement/…)
    path: str | None  # compact property path (kg:confidence), None for node constraints
    message: str
    severity: str = "Violation"  # Violation | Warning | Info
    value: str | None = None
    constraint: str = ""  # the SHACL constraint component (MaxInclusiveConstraintComponent)

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}" if self.path else self.focus
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.severity}: {where}: {self.message}{value} [{self.constraint}]"


@dataclass
class ValidationResult:
    """Whether a graph conforms, a readable report, and the violations one by one."""

    conforms: bool
    text: str
    violations: list[Violation] = field(default_factory=list)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The parsed shapes (cached: treat as read-only)."""
    graph = Graph()
    graph.parse(source=str(ontology_path("shapes.ttl")), format="turtle")
    return graph


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1]


def _violations(report: Graph) -> list[Violation]:
    out = []
    for res in report.subjects(SH.resultSeverity, None):
        focus = report.value(res, SH.focusNode)
        path = report.value(res, SH.resultPath)
        value = report.value(res, SH.value)
        messages = sorted(str(m) for m in report.objects(res, SH.resultMessage))
        out.append(
            Violation(
                focus=compact(focus),  # type: ignore[arg-type]
                path=compact(path) if isinstance(path, URIRef) else None,
                message="; ".join(messages) or "does not conform",
                severity=_local(report.value(res, SH.resultSeverity)),
                value=compact(value) if value is not None else None,  # type: ignore[arg-type]
                constraint=_local(report.value(res, SH.sourceConstraintComponent)),
            )
        )
    return sorted(out, key=lambda v: (v.focus, v.path or "", v.message))


def validate(graph: Graph) -> ValidationResult:
    """Validate ``graph`` against kg's shapes.

    >>> from kg.rdf.mapping import to_graph
    >>> validate(to_graph([])).conforms
    True
    """
    from pyshacl import validate as shacl_validate

    conforms, report, _ = shacl_validate(
        graph, shacl_graph=shapes_graph(), inference="none", abort_on_first=False, allow_warnings=True
    )
    assert isinstance(report, Graph)
    violations = _violations(report)
    conforms = bool(conforms) and not any(v.severity == "Violation" for v in violations)
    if conforms:
        text = f"Conforms: {len(graph):,} triples checked against kg's shapes, no violations."
    else:
        n = len(violations)
        lines = [f"Does not conform: {n} violation{'s' if n != 1 else ''}."]
        lines += [f"  {v}" for v in violations]
        text = "\n".join(lines)
    return ValidationResult(conforms=conforms, text=text, violations=violations)
