"""`kb actors ...`: the actor data's commands (import, the Wikidata query, check), thin over kb.actordata."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group()
def actors() -> None:
    """The actor data: import office holders, print the Wikidata query, check the data."""


@actors.command("query")
def print_query() -> None:
    """Print the Wikidata Query Service query whose result `kb actors import` reads."""
    click.echo((Path(__file__).parent / "actordata" / "office_holders.rq").read_text(encoding="utf-8"), nl=False)


@actors.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["auto", "wikidata", "phoenix"]), default="auto",
              show_default=True, help="wikidata: a Query Service result (JSON or CSV) of `kb actors query`; "
              "phoenix: a Phoenix/PETRARCH actor dictionary.")
@click.option("--into", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write to (default: KB_ACTORS_DIR, ~/.local/share/kb-events/actors).")
@click.option("--dry-run", is_flag=True, help="Report what would be imported; write nothing.")
def import_actors(paths: tuple[Path, ...], fmt: str, into: Path | None, dry_run: bool) -> None:
    """Merge office holders from FILES with the actor data: each file becomes a people file of the user's
    actor folder (re-importing replaces it). Bad rows and conflicts are reported; exits 1 if there were any."""
    from kb.actordata.formats import ImportError_, read_file
    from kb.actordata.merge import merge, people_toml
    from kb.gazetteer import load_gazetteer, user_actor_dir
    from kb.store import write_atomically

    folder = into or user_actor_dir()
    if folder is None and not dry_run:
        raise click.UsageError("KB_ACTORS_DIR is 'off': name a folder with --into")
    gazetteer = load_gazetteer()
    troubled = False
    for path in paths:
        try:
            reading = read_file(path, fmt, gazetteer)
        except ImportError_ as exc:
            click.echo(f"error: {exc}", err=True)
            troubled = True
            continue
        merged = merge(reading.people, gazetteer)
        for line in reading.problems + merged.conflicts:
            click.echo(f"  {line}", err=True)
        troubled |= bool(reading.problems or merged.conflicts)
        target = (folder / f"{path.stem}.toml") if folder else None
        if target is not None and not dry_run and merged.people:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, people_toml(merged.people, path.name))
        click.echo(f"{path}: {len(reading.people)} people read ({merged.matched} already known), "
                   f"{merged.new} new, {merged.added} terms and {merged.aliases} aliases added, "
                   f"{len(reading.problems)} bad rows, {len(merged.conflicts)} conflicts"
                   + (f", {reading.skipped} non-person entries skipped" if reading.skipped else "")
                   + ("" if dry_run or not merged.people else f" -> {target}"))
    if troubled:
        sys.exit(1)


@actors.command("check")
def check_actors() -> None:
    """Check the actor data (shipped and the user's): single-holder offices held by one person at a time,
    names two people of one country share while in office flagged. Exits 1 on a finding."""
    from kb.actordata.check import findings
    from kb.gazetteer import load_gazetteer

    found = findings(load_gazetteer())
    for line in found:
        click.echo(line)
    click.echo(f"{len(found)} finding(s)")
    if found:
        sys.exit(1)
