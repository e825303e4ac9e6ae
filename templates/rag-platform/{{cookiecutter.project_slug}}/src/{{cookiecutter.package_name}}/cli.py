"""Command line: serve, quickstart, ingest, ask, eval and API keys. Each command calls the core."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .access.keys import SCOPES
from .config import Settings
from .errors import RagError
from .ingestion.catalog import CLI, check_collection
from .ingestion.pipeline import IngestResult
from .logs import setup_logging
from .observability.evaluation import evaluate, load_golden
from .services import Services, build_services

PROG = "{{ cookiecutter.project_slug }}"
SAMPLE_DOCS = Path("sample_docs")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="{{ cookiecutter.project_name }}: a RAG service.")
    parser.add_argument(
        "--offline",
        action="store_true",
        default=None,
        help="never call Ollama (offline fallback embedder and answers)",
    )
    parser.add_argument("--data-dir", type=Path, help="local state folder (default .rag_data)")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP API")
    quick = sub.add_parser(
        "quickstart", help="ingest the sample corpus, make an admin key, evaluate, serve"
    )
    for p in (serve, quick):
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8000)
    quick.add_argument("--docs", type=Path, default=SAMPLE_DOCS, help="folder to ingest first")

    ingest = sub.add_parser(
        "ingest", help="ingest files or folders (.md .txt .pdf .html); the relative path is the id"
    )
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument("--collection", help="collection to ingest into (default: default)")

    delete = sub.add_parser("delete", help="delete a document by id")
    delete.add_argument("doc_id")
    delete.add_argument("--collection")

    ask = sub.add_parser("ask", help="answer a question with citations (streamed)")
    ask.add_argument("question")
    ask.add_argument("--top-k", type=int)
    ask.add_argument("--collection")
    ask.add_argument(
        "--source", action="append", dest="sources", help="only this document (repeatable)"
    )

    ev = sub.add_parser("eval", help="recall@k, MRR, abstention (and faithfulness) on a golden set")
    ev.add_argument("--golden", type=Path, help="golden set JSON (default eval/golden.json)")
    ev.add_argument("--k", type=int, help="cut-off for recall@k (default: top_k)")
    ev.add_argument("--no-judge", action="store_true", help="skip LLM-judged faithfulness")
    ev.add_argument(
        "--distractors",
        type=int,
        default=300,
        help="also score among this many unrelated documents (default 300; 0 skips)",
    )

    sub.add_parser("reembed", help="embed every stored chunk with the live embedder")

    keys = sub.add_parser("keys", help="manage API keys").add_subparsers(
        dest="keys_command", required=True
    )
    create = keys.add_parser("create", help="create a key (printed once; only its hash is stored)")
    create.add_argument("--name", required=True)
    create.add_argument(
        "--scope",
        action="append",
        dest="scopes",
        choices=SCOPES,
        help="query, ingest or admin (repeatable; default query)",
    )
    create.add_argument(
        "--collection",
        action="append",
        dest="collections",
        help="limit the key to this collection (repeatable; default: all)",
    )
    keys.add_parser("list", help="list keys (never the keys themselves)")
    revoke = keys.add_parser("revoke", help="revoke a key by id")
    revoke.add_argument("key_id")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env(offline=args.offline, data_dir=args.data_dir)
        # JSON logs at the configured level while serving; quiet for one-shot commands.
        serving = args.command in ("serve", "quickstart") or "RAG_LOG_LEVEL" in os.environ
        setup_logging(settings.log_level if serving else "WARNING")
        return _run(args, settings)
    except RagError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "keys":
        return _keys(args, settings)
    services = build_services(settings)
    try:
        if args.command in ("ask", "eval", "serve", "quickstart"):
            warn_if_index_incomplete(services)
        if args.command == "ingest":
            return _ingest(services, args.paths, args.collection)
        if args.command == "delete":
            return _delete(services, args.doc_id, args.collection)
        if args.command == "reembed":
            print(f"re-embedding into {services.embedder.key} ({services.embedder.label})")
            print(f"{services.ingestor.reembed()} chunks embedded")
            return 0
        if args.command == "ask":
            return _ask(services, args)
        if args.command == "eval":
            return _eval(services, args)
        if args.command == "quickstart":
            _quickstart(services, args.docs)
        return _serve(services, args.host, args.port)
    finally:
        services.close()


def warn_if_index_incomplete(services: Services) -> None:
    """Never answer silently from an index that lacks stored chunks (after an embedder switch)."""
    report = services.index_report()
    if "reembed" in report:
        print(f"warning: {report['reembed']}", file=sys.stderr)


def _collection(services: Services, name: str | None) -> str:
    return check_collection(name or services.settings.default_collection)


def _ingest(services: Services, paths: Sequence[Path], collection: str | None = None) -> int:
    name = _collection(services, collection)
    print(f"embedder: {services.embedder.label}; store: {services.store.describe()}")
    failed = 0

    def show(result: IngestResult) -> None:
        nonlocal failed
        failed += result.status == "failed"
        chunks = f"  {result.chunks} chunks" if result.chunks else ""
        detail = f"  ({result.detail})" if result.detail else ""
        print(f"{result.status:>9}  {result.source}{chunks}{detail}")

    for path in paths:
        services.ingestor.ingest_path(path, name, CLI, show)
    docs = services.catalog.documents([name])
    print(f"{sum(d.chunks for d in docs)} chunks in {len(docs)} documents in {name!r}")
    return 1 if failed else 0


def _delete(services: Services, doc_id: str, collection: str | None) -> int:
    name = _collection(services, collection)
    doc = services.ingestor.delete(name, doc_id, CLI)
    if doc is None:
        raise RagError(f"no document {doc_id!r} in {name!r}")
    print(f"deleted {doc_id} ({doc.chunks} chunks) from {name!r}")
    return 0


def _ask(services: Services, args: argparse.Namespace) -> int:
    citations = []
    collection = _collection(services, args.collection)
    for event in services.rag.stream(args.question, args.top_k, args.sources, collection):
        if event["type"] == "citations":
            citations = event["citations"]
        elif event["type"] == "token":
            print(event["text"], end="", flush=True)
        elif event["type"] == "error":
            print(f"\n[stream interrupted: {event['message']}]", end="")
    print("\n")
    for c in citations:
        where = (
            [c["source"]]
            + ([f"p. {c['page']}"] if c["page"] else [])
            + ([c["heading"]] if c["heading"] else [])
        )
        print(f"[{c['n']}] " + " > ".join(where))
    return 0


def _eval(services: Services, args: argparse.Namespace) -> int:
    settings = services.settings
    items = load_golden(args.golden or settings.golden_set)
    judge = None if args.no_judge else services.chat
    run = evaluate(
        services.rag,
        items,
        args.k or settings.top_k,
        judge,
        distractors=max(0, args.distractors),
        ingestor=services.ingestor,
        catalog=services.catalog,
    )
    print(json.dumps(services.runs.save(run).summary(), indent=2))
    return 0


def _keys(args: argparse.Namespace, settings: Settings) -> int:
    # Keys need only state.db: no embedder probe, no Qdrant lock, works while the server runs.
    from .access.keys import KeyStore

    store = KeyStore(settings.state_db)
    if args.keys_command == "create":
        record, key = store.create(args.name, args.scopes or ["query"], args.collections or ())
        print(
            f"created key {record.id} ({record.name}) with scopes {', '.join(record.scopes)}"
            f" on collections {', '.join(record.collections)}"
        )
        print(f"API key (shown only now, store it safely): {key}")
    elif args.keys_command == "list":
        for r in store.list():
            state = f"revoked {r.revoked_at}" if r.revoked_at else "active"
            print(
                f"{r.id}  {r.name:<20} {' '.join(r.scopes):<20} {' '.join(r.collections):<16}"
                f" {r.created_at}  {state}"
            )
    elif not store.revoke(args.key_id):
        raise RagError(f"no active key with id {args.key_id!r}")
    else:
        print(f"revoked {args.key_id}")
    return 0


def _quickstart(services: Services, docs: Path) -> None:
    if docs.is_dir():
        _ingest(services, [docs])
    else:
        print(f"{docs} not found: skipping the sample corpus")
    if not any(not k.revoked_at for k in services.keys.list()):
        _, key = services.keys.create("quickstart-admin", ["admin"])
        print(f"\nadmin API key (shown only now): {key}")
    else:
        print(f"\nAPI keys exist already; to add one: {PROG} keys create --name me --scope admin")
    if not services.runs.list(limit=1) and services.settings.golden_set.exists():
        run = evaluate(
            services.rag, load_golden(services.settings.golden_set), services.settings.top_k
        )
        services.runs.save(run)
        print(
            f"first eval run: recall@{run.k}={run.recall_at_k} MRR={run.mrr}"
            f" abstention={run.abstention} (add distractors with `{PROG} eval`)"
        )


def _serve(services: Services, host: str, port: int) -> int:
    import uvicorn  # deferred: only `serve` needs it

    from .api import create_app

    print(f"serving on http://{host}:{port}  (chat: /chat, dashboard: /dashboard, docs: /docs)")
    uvicorn.run(create_app(services=services), host=host, port=port, log_config=None)
    return 0
