"""The ontology folder, installed as the package ``kg.ontologies`` so its files ship with kg."""
