"""A realistic spread of searches: 1-2 word queries drawn from the streams' own text, random
filters, facets on; reproducible from a seed and the data.

The older search scenario (bench/suites/streams.py `search_call`) cycles 8 words, so after its
warm-up every text match comes from the snapshot's cache and it measures the cached case. Here
each query is drawn from a random live stream's name, summary and description (so that most
match something, as people search for words they have seen), with a borough, an activity and a
beneficiary group each added at random, and facets on. `python -m bench.realistic` prints how
many requests and distinct queries a seed gives.
"""

from __future__ import annotations

import argparse
import random
import re
from typing import Any

from sqlalchemy import create_engine, text

from app.streams.search import search_words
from bench.harness import Call

SEED = 15
COUNT = 2000
# Each filter's chance of being set on a request.
P_BOROUGH, P_ACTIVITY, P_GROUP = 0.5, 0.4, 0.3


def _data(url: str) -> tuple[list[list[str]], list[str], list[str], list[str]]:
    """Each live stream's searchable words (pk order), and the borough, activity and group ids."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            texts = connection.execute(
                text(
                    "SELECT name, summary, description FROM funding_streams "
                    "WHERE deleted_at IS NULL ORDER BY pk"
                )
            ).all()
            boroughs = list(
                connection.scalars(text("SELECT gss_code FROM boroughs ORDER BY gss_code"))
            )
            terms: dict[str, list[str]] = {}
            for vocabulary, slug in connection.execute(
                text("SELECT vocabulary, slug FROM vocabulary_terms ORDER BY vocabulary, slug")
            ):
                terms.setdefault(vocabulary, []).append(slug)
    finally:
        engine.dispose()
    words = []
    for row in texts:
        found = search_words(" ".join(part or "" for part in row))
        # Numbers and single letters are not what people type into a search box.
        words.append(sorted({w for w in found if len(w) > 2 and not re.search(r"\d", w)}))
    return words, boroughs, terms["activity"], terms["beneficiary_group"]


def realistic_calls(url: str, *, seed: int = SEED, count: int = COUNT) -> list[Call]:
    """`count` searches over the data at `url`, the same for the same seed and data."""
    words, boroughs, activities, groups = _data(url)
    rng = random.Random(seed)
    texts = [w for w in words if w] or [["youth"]]
    calls = []
    for _ in range(count):
        mine = rng.choice(texts)
        chosen = rng.sample(mine, min(len(mine), rng.randint(1, 2)))
        params: dict[str, Any] = {"q": " ".join(chosen)}
        if rng.random() < P_BOROUGH:
            params["borough"] = rng.choice(boroughs)
        if rng.random() < P_ACTIVITY:
            params["activity"] = rng.choice(activities)
        if rng.random() < P_GROUP:
            params["beneficiary_group"] = rng.choice(groups)
        params["facets"] = "true"
        calls.append(Call("GET", "/v1/streams", params=params))
    return calls


def distinct_queries(calls: list[Call]) -> int:
    return len({c.params["q"] for c in calls})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite:///bench/data/streams.db")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--count", type=int, default=COUNT)
    args = parser.parse_args()
    calls = realistic_calls(args.database_url, seed=args.seed, count=args.count)
    print(f"{len(calls)} requests, {distinct_queries(calls)} distinct queries, e.g.:")
    for call in calls[:5]:
        print("   ", call.params)


if __name__ == "__main__":
    main()
