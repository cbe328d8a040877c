"""Import benchmark (issue 6): a million 360Giving grants into a fresh SQLite database.

It does not fit the served `run(server)` shape: it times the `signpost import-360giving`
command itself. Entry point: `python -m bench.imports` (`make bench-import`).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

BOROUGHS = [f"E09{n:06d}" for n in range(1, 34)]
CURRENCIES = ["GBP"] * 50 + ["EUR", "USD"]


def generate(path: Path, count: int, *, seed: int = 6) -> None:
    """Writes a 360Giving package of `count` grants to `path`, streamed, reproducibly."""
    rng = random.Random(seed)
    funders = [(f"GB-CHC-{200000 + i}", f"Funder {i}") for i in range(200)]
    with path.open("w", encoding="utf-8") as out:
        out.write('{"grants": [\n')
        for n in range(count):
            funder_id, funder_name = funders[rng.randrange(len(funders))]
            recipient = rng.randrange(50_000)
            grant = {
                "id": f"360G-bench-{n:07d}",
                "title": f"Grant {n} for youth work",
                "description": "Detached youth work and mentoring for young people at risk.",
                "currency": rng.choice(CURRENCIES),
                "amountAwarded": rng.randrange(50_000, 50_000_000) / 100,
                "awardDate": f"20{rng.randrange(15, 25)}-{rng.randrange(1, 13):02d}-"
                f"{rng.randrange(1, 29):02d}",
                "recipientOrganization": [
                    {"id": f"GB-CHC-{1_000_000 + recipient}", "name": f"Charity {recipient}"}
                ],
                "fundingOrganization": [{"id": funder_id, "name": funder_name}],
                "grantProgramme": [{"code": f"P{n % 40}", "title": f"Programme {n % 40}"}],
            }
            if rng.random() < 0.6:
                code = rng.choice(BOROUGHS)
                grant["beneficiaryLocation"] = [
                    {"name": "London borough", "geoCode": code, "geoCodeType": "LONB"}
                ]
            if rng.random() < 0.3:
                grant["plannedDates"] = [{"startDate": "2024-01-01", "endDate": "2025-12-31"}]
            out.write(("," if n else "") + json.dumps(grant) + "\n")
        out.write("]}\n")
