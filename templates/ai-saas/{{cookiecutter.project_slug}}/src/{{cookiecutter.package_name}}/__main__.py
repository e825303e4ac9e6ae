"""`python -m {{ cookiecutter.package_name }}`: migrate the database and serve the app."""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> None:
    import uvicorn
    from pydantic import ValidationError

    from .settings import Settings

    parser = argparse.ArgumentParser(description="Run {{ cookiecutter.project_name }}.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--reload", action="store_true")
    args = parser.parse_args(argv)
    try:
        Settings.from_env()  # a bad configuration stops here with one line, not a traceback
    except ValidationError as exc:
        problems = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        sys.exit(f"configuration error: {problems}")
    uvicorn.run(
        "{{ cookiecutter.package_name }}.web.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        reload=args.reload,
        log_config=None,  # our JSON logging is configured by create_app
        proxy_headers=True,
    )


if __name__ == "__main__":
    main()
