"""Event-timeline knowledge base: news articles in, sourced RDF events out.

The data flow, one module a step: articles -> extract -> (resolve) -> rdf -> store -> web / cli.
"""

__version__ = "0.1.0"
