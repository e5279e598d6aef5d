"""RDF: the kg vocabulary and the mapping of records to triples."""
