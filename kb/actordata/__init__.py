"""Keeping the actor data: importing office holders from other sources, and checking the data.

- `formats`: readers for a Wikidata Query Service result of `office_holders.rq` (JSON or CSV) and for
  Phoenix/PETRARCH actor dictionaries, into `Imported` people with dated offices
- `merge`: imported people matched against the shipped data (by Wikidata id, then by full name within
  a country), the conflicts found, and the people file written to the user's actor folder
- `check`: what must hold across all the actor files (one holder of a single-holder office at a time;
  a name two people of one country answer to while both are in office is flagged in shared_names.toml)

`kb actors import|query|check` (kb.cli) is the thin edge over these; the gazetteer (kb.gazetteer) loads
the user's actor folder after the shipped files.
"""
