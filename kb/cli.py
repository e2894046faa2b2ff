"""The `kb` command: a thin edge that parses options and calls the library."""

from __future__ import annotations

import csv
import json
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kb import __version__
from kb.dump import EXPORT_FORMATS
from kb.settings import SETTINGS, Settings, load_settings
from kb.store import KnowledgeStore, Row, StoreError, open_store

if TYPE_CHECKING:
    from kb.records import Article, Event

STORE_HELP = "Store location: folder, ':memory:' or a SPARQL endpoint URL [env KB_STORE]."


def settings_of(ctx: click.Context) -> Settings:
    return load_settings(ctx.obj or {})


def open_from(ctx: click.Context) -> KnowledgeStore:
    settings = settings_of(ctx)
    try:
        return open_store(settings.store_location, update_url=settings.update_url, gsp_url=settings.gsp_url,
                          remote_user=settings.remote_user, remote_password=settings.remote_password)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store", metavar="LOCATION", help=STORE_HELP)
@click.version_option(__version__, prog_name="kb")
@click.pass_context
def main(ctx: click.Context, store: str | None) -> None:
    """Event-timeline knowledge base: news articles in, sourced RDF events out."""
    ctx.obj = {"store": store}


WORKERS_HELP = "Processes that read and extract articles (0: one per core)."


def worker_count(workers: int) -> int:
    return workers if workers > 0 else os.cpu_count() or 1


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the summary.")
@click.option("--workers", "-j", type=click.IntRange(min=0), default=1, show_default=True, help=WORKERS_HELP)
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Articles written to the store together (default 1000; larger: faster, more memory).")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], quiet: bool, workers: int, batch_size: int | None
           ) -> None:
    """Read articles (.txt, .html, .jsonl files and folders) into the knowledge base.

    Each article becomes one named graph, stored atomically; unchanged articles are skipped,
    so a re-run after an interruption finishes the job. Exits 1 if any input failed.
    """
    from kb.ingest import BATCH
    from kb.ingest import ingest as run_ingest

    def progress(count: int, source: str) -> None:
        if not quiet and count % 100 == 0:
            click.echo(f"  {count} articles read (last: {source})", err=True)

    with open_from(ctx) as store:
        report = run_ingest(paths, store, progress=progress, workers=worker_count(workers),
                            batch_size=batch_size or BATCH)
        for failure in report.failures:
            click.echo(f"error: {failure}", err=True)
        click.echo(f"stored {report.stored} article(s), {report.unchanged} unchanged, "
                   f"{len(report.failures)} failed; {report.events} event(s); "
                   f"{store.quad_count()} quads in {store.location}", err=True)
    if not report.ok:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "text"]), default="jsonl", show_default=True,
              help="jsonl: one event record per line (../shared/eval/SCHEMA.md); text: one line per event.")
@click.option("--workers", "-j", type=click.IntRange(min=0), default=1, show_default=True, help=WORKERS_HELP)
def extract(paths: tuple[Path, ...], fmt: str, workers: int) -> None:
    """Print the events found in articles, without storing anything."""
    from kb.gazetteer import load_gazetteer
    from kb.ingest import read_and_extract

    failed = False
    for item in read_and_extract(paths, load_gazetteer(), worker_count(workers)):
        if not isinstance(item, tuple):
            click.echo(f"error: {item}", err=True)
            failed = True
            continue
        article, events = item
        for event in events:
            click.echo(json.dumps(event.record(article.source), ensure_ascii=False) if fmt == "jsonl"
                       else describe(event, article))
    if failed:
        sys.exit(1)


def describe(event: Event, article: Article) -> str:
    names = " / ".join(p.name for p in event.participants)
    when = event.date.value if event.date else "undated"
    return f"{article.source}\t{event.type}\t{event.status}\t{when}\t{names}\t{event.evidence.quote}"


@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "text"]), default="text", show_default=True,
              help="jsonl: one record per merged event in the ../shared/eval/SCHEMA.md shape, sources in `articles`.")
@click.pass_context
def events(ctx: click.Context, fmt: str) -> None:
    """Print the knowledge base's merged events: each real-world event once, with all its sources."""
    from kb.resolve.records import merged_records

    with open_from(ctx) as store:
        for record in merged_records(store):
            if fmt == "jsonl":
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                names = " / ".join(p["name"] for p in record["participants"])
                click.echo(f"{record['date'] or 'undated'}\t{record['type']}\t{record['status']}\t{names}\t"
                           f"{len(record['articles'])} source(s)")


@main.command()
@click.pass_context
def resolve(ctx: click.Context) -> None:
    """Recompute every merged event from the stored reports, and the actor graph's people (after the actor
    data or rules change, or articles were removed), without re-reading articles."""
    from kb.gazetteer import load_gazetteer
    from kb.ingest import ensure_reference_graphs
    from kb.resolve.resolver import resolve as resolve_store

    with open_from(ctx) as store:
        report = resolve_store(store)
        ensure_reference_graphs(store, load_gazetteer(), rescan=True)
    click.echo(f"{report.events} merged event(s) in {report.blocks} block(s): {report.written} written, "
               f"{report.removed} removed")


@main.command()
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="turtle",
              show_default=True, help="RDF serialisation.")
@click.option("--article", "article_id", metavar="ID", help="Export only this article's graph.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File (default stdout).")
@click.pass_context
def export(ctx: click.Context, fmt: str, article_id: str | None, output: Path | None) -> None:
    """Write the whole knowledge base, or one article's graph, as RDF."""
    from kb.rdf import graph_iri

    with open_from(ctx) as store:
        graph = str(graph_iri(article_id)) if article_id else None
        if graph and graph not in store.graphs():
            raise click.ClickException(f"no article {article_id!r} in {store.location}")
        if output:
            with output.open("wb") as handle:
                store.export(handle, fmt, graph)
        else:
            store.export(sys.stdout.buffer, fmt, graph)
            sys.stdout.buffer.flush()


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a file.")
@click.option("--name", "-n", help="Run a named query (see --list).")
@click.option("--list", "list_names", is_flag=True, help="List the named queries.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.pass_context
def query(ctx: click.Context, sparql: str | None, query_file: Path | None, name: str | None,
          list_names: bool, fmt: str) -> None:
    """Run a SPARQL SELECT query over all graphs (the KB's prefixes are predeclared)."""
    from kb.queries import named_queries, named_query

    if list_names:
        for named in named_queries().values():
            click.echo(f"{named.name}\t{named.title}: {named.description}")
        return
    if name:
        try:
            sparql = named_query(name).sparql
        except KeyError as exc:
            raise click.ClickException(str(exc.args[0])) from exc
    elif query_file:
        sparql = query_file.read_text(encoding="utf-8")
    if not sparql:
        raise click.UsageError("give a query, --file or --name")
    with open_from(ctx) as store:
        try:
            names, rows = store.select(sparql)
        except (SyntaxError, ValueError, OSError, StoreError) as exc:
            raise click.ClickException(f"query failed: {exc}") from exc
    print_rows(names, rows, fmt)


def print_rows(names: list[str], rows: list[Row], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps([{k: str(v) for k, v in row.items()} for row in rows], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([[str(row.get(n, "")) for n in names] for row in rows])
    else:
        table = [names] + [[str(row.get(n, "")) for n in names] for row in rows]
        widths = [min(60, max(len(line[i]) for line in table)) for i in range(len(names))]
        for line in table:
            click.echo("  ".join(cell[:60].ljust(width) for cell, width in zip(line, widths, strict=True)))
        click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)


@main.command()
@click.option("--article", "article_id", metavar="ID", help="Validate only this article's graph.")
@click.pass_context
def validate(ctx: click.Context, article_id: str | None) -> None:
    """Check the knowledge base against the SHACL shapes; exits 1 on any violation."""
    from kb.rdf import graph_iri
    from kb.validate import validate_store

    with open_from(ctx) as store:
        result = validate_store(store, str(graph_iri(article_id)) if article_id else None)
    if not result.conforms:
        click.echo(result.report, err=True)
        raise click.ClickException(f"{result.triples} triples do not conform to ontology/shapes.ttl")
    click.echo(f"{result.triples} triples conform to ontology/shapes.ttl")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Counts of articles, events (by type), actors, outlets and quads."""
    from kb.stats import kb_stats

    with open_from(ctx) as store:
        numbers = kb_stats(store)
    if fmt == "json":
        click.echo(json.dumps(numbers, indent=1))
        return
    for key, value in numbers.items():
        if isinstance(value, dict):
            for sub, count in value.items():
                click.echo(f"{key}.{sub}: {count}")
        else:
            click.echo(f"{key}: {value}")


@main.command()
@click.option("--host", help="Address to listen on [env KB_HOST, default 127.0.0.1].")
@click.option("--port", type=int, help="Port [env KB_PORT, default 8080].")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Serve the web app (timeline, SPARQL, exports) with a production WSGI server."""
    from waitress import serve as waitress_serve

    from kb.web import create_app, warm_up

    settings = load_settings({**(ctx.obj or {}), "host": host, "port": port})
    app = create_app(settings)
    warm_up(app, lambda message: click.echo(f"kb: {message}", err=True))
    click.echo(f"kb serving {settings.store_location} at http://{settings.host}:{settings.port}/", err=True)
    # On SIGTERM exit normally, so atexit stops the query workers (one may be deep in a long query).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # Waitress would otherwise buffer a body of up to 1 GB before the app can refuse it (413).
    body_limit = max(int(settings.max_upload_bytes), 1 << 20)
    waitress_serve(app, host=settings.host, port=settings.port, threads=settings.threads, _quiet=True,
                   max_request_body_size=body_limit)


@main.command("settings")
@click.pass_context
def show_settings(ctx: click.Context) -> None:
    """List every setting, its environment variable, current value and meaning."""
    current = settings_of(ctx)
    for setting in SETTINGS:
        value = current.values[setting.name]
        if ("password" in setting.name or "token" in setting.name) and value:
            value = "********"
        click.echo(f"{setting.env} = {value!r}\n    {setting.help}")


def _add_groups() -> None:
    from kb.cli_actors import actors

    main.add_command(actors)


_add_groups()
