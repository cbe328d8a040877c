"""Creates or drops the PostgreSQL database of one `.ci/fuzz` run.

python -m bench.fuzz_db create|drop SERVER_URL NAME
"""

from __future__ import annotations

import sys

from sqlalchemy import create_engine, text


def main(action: str, server_url: str, name: str) -> None:
    if not name.isidentifier():
        sys.exit(f"not a database name: {name}")
    engine = create_engine(f"{server_url}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if action == "create":
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        else:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:4])
