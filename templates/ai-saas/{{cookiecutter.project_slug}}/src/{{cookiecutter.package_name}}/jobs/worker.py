"""The queue worker: `python -m {{ cookiecutter.package_name }}.jobs.worker` (needs REDIS_URL)."""

from __future__ import annotations

import argparse
import sys

from ..logs import configure_logging
from ..settings import Settings
from .queue import WORKER_TTL


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Process documents from the RQ queue.")
    parser.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    parser.add_argument(
        "--simple", action="store_true", help="run jobs in this process (no fork per job)"
    )
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    if not settings.redis_url:
        print("REDIS_URL is not set: nothing to work on (documents are processed in-process).")
        return 2

    from redis import Redis
    from rq import Queue, SimpleWorker, Worker

    connection = Redis.from_url(settings.redis_url)
    queue = Queue(settings.queue_name, connection=connection)
    worker_class = SimpleWorker if args.simple else Worker
    worker = worker_class([queue], connection=connection, worker_ttl=WORKER_TTL)
    # with_scheduler: retried jobs wait out their backoff in the scheduler, then run again
    worker.work(burst=args.burst, logging_level=settings.log_level, with_scheduler=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
