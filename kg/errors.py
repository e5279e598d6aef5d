"""kg's exceptions. The library raises these; the CLI turns them into one-line errors.

Each message names the bad value and, where there are few, the valid choices.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class of every error kg reports to a user."""

    exit_code = 1


class InputError(KGError):
    """An input path or article cannot be read or has nothing to extract."""

    exit_code = 2


class ModelError(KGError):
    """The spaCy model is missing or cannot be loaded."""

    exit_code = 3


class QueryError(KGError):
    """A SPARQL query is malformed, unknown, or has bad parameters."""

    exit_code = 4


class GraphError(KGError):
    """An RDF file does not parse, or a graph does not conform to the shapes."""

    exit_code = 5


class StoreError(KGError):
    """A triple store path is unusable (a file, not writable, locked)."""

    exit_code = 6
