"""Records -> triples. The only package that knows the RDF model (see ontology/README.md).

- `terms`: IRIs, N-Triples terms and the `Triples` collector every graph is built with
- `article`: one article's graph (the article and the events as it reports them)
- `events`: one merged event's graph (the consensus over its reports, with every source)
- `reference`: the ontology and the actor data
"""

from kb.rdf.article import article_graph, article_triples, report_block, report_blocks, report_iris
from kb.rdf.events import event_triples
from kb.rdf.reference import actors_triples, ontology_triples, person_iri
from kb.rdf.terms import (
    ACTORS_GRAPH,
    KIND_OF_CLASS,
    ONTOLOGY_DIR,
    ONTOLOGY_GRAPH,
    PRECISION_OF_UNIT,
    Triples,
    actor_iri,
    article_iri,
    country_iri,
    event_graph_iri,
    event_iri,
    event_of_graph,
    graph_iri,
    new_graph,
    nt_term,
    place_iri,
    slug,
)

__all__ = [
    "ACTORS_GRAPH", "KIND_OF_CLASS", "ONTOLOGY_DIR", "ONTOLOGY_GRAPH", "PRECISION_OF_UNIT", "Triples", "actor_iri",
    "actors_triples",
    "article_graph", "article_iri", "article_triples", "country_iri", "event_graph_iri", "event_iri", "event_of_graph",
    "event_triples", "graph_iri", "new_graph", "nt_term", "ontology_triples", "person_iri", "place_iri", "report_block",
    "report_blocks",
    "report_iris", "slug",
]
