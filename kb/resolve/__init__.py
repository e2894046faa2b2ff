"""Resolution: the events reported by many articles, each held once with all its sources.

- `blocks`: the key reports are grouped by (coarse type and the parties' countries)
- `cluster`: which reports of a block tell of the same real-world event (a pure function of the set)
- `consensus`: one merged event from its reports: the best-supported date, place, parties, conflicts
- `resolver`: reads a block's reports from the store, writes its merged events back

Resolution is a function of the set of stored reports, never of the order they arrived in, so
ingesting the same articles in any order gives the same events, and `kb resolve` can redo it all.
"""
