"""The public SPARQL 1.1 endpoint's library side: guard, formats, execution.

- `guard`     reads a query's tokens before anything runs and refuses what must never run
              (SERVICE, LOAD, updates, FROM / FROM NAMED naming anything but the KB's graphs)
- `formats`   result and graph formats, content negotiation, the service description
- `engine`    runs one checked query and serialises its results with the engine's serialisers
- `executor`  where queries run: killable worker processes for the on-disk store, a thread for
              the in-memory store, an HTTP forward with a timeout for a remote server
- `worker`    the worker process (`python -m kb.sparql.worker LOCATION`)
"""
