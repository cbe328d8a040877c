"""axe-core (shipped inside axe-playwright-python) over a page as it stands."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
FAILING = ("serious", "critical")


def assert_accessible(page: Any, state: str) -> None:
    """Fails on any serious or critical axe violation, naming the rule and the elements."""
    results = _axe.run(page)
    violations = [v for v in results.response["violations"] if v["impact"] in FAILING]
    described = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    ]
    assert not violations, f"{state}: " + "; ".join(described)
