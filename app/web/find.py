"""The find-funding page: the stream search (text, filters, sort, facet counts) with, when the
form describes the applicant, each result's eligibility verdict and reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams

from app.core.cursors import FIRST_PAGE, Cursor
from app.core.errors import InvalidInput
from app.eligibility.facts import Profile, Reason, Verdict
from app.eligibility.service import check_eligibility, explain
from app.http.cursors import cursor_scope
from app.streams.filters import StreamFilters
from app.streams.search import SORTS, Sort
from app.streams.service import (
    checked_filters,
    matching_pks,
    rendered_streams,
    search_answer,
)
from app.web.choices import STATUS_LABELS, Choices
from app.web.forms import FormErrors, Loc, service_errors, text
from app.web.profile_form import form_values, given, read_profile
from app.web.urls import with_changes

PAGE_SIZE = 20
MAX_WORDS = 200
# The filters offered beside the results, in order, with their headings.
FILTERS: dict[str, str] = {
    "status": "Status",
    "borough": "Borough",
    "activity": "Activity",
    "violence_type": "Violence type",
}
STATUSES = ("open", "closing_soon", "rolling", "forthcoming", "closed")
SORT_LABELS: dict[str, str] = {
    "fit": "Best match for you",
    "closes_on": "Closing soonest",
    "relevance": "Best match for your words",
    "-published_at": "Newest",
    "-max_award": "Largest grants",
    "name": "Name",
}
VERDICT_LABELS = {"eligible": "Eligible", "unclear": "Check", "ineligible": "Not eligible"}
_FILTER_FIELDS: dict[Loc, tuple[str, str]] = {
    ("query", "borough"): ("borough", "Borough"),
    ("query", "activity"): ("activity", "Activity"),
    ("query", "violence_type"): ("violence_type", "Violence type"),
    ("query", "closes_after"): ("q", "Search"),
}


@dataclass
class Facet:
    name: str
    heading: str
    options: list[tuple[str, str, int, bool]]  # value, label, count, chosen


def _filters(params: QueryParams, errors: FormErrors) -> StreamFilters:
    words = text(params.get("q"))
    if words is not None and len(words) > MAX_WORDS:
        errors.add("q", f"Search must be {MAX_WORDS} characters or fewer")
        words = None
    statuses = params.getlist("status")
    unknown = [s for s in statuses if s not in (*STATUSES, "any")]
    if unknown:
        errors.add("status", f"Choose a status from the list ({', '.join(unknown)} is not one)")
        statuses = []
    return StreamFilters(
        q=words,
        boroughs=params.getlist("borough"),
        terms={
            "activity": params.getlist("activity"),
            "violence_type": params.getlist("violence_type"),
        },
        statuses=statuses,
    )


def _sort(params: QueryParams, words: str | None) -> Sort | None:
    chosen = params.get("sort")
    if chosen in SORTS and (chosen != "relevance" or words):
        return chosen
    return None


def _facets(answer: dict[str, Any], filters: StreamFilters, choices: Choices) -> list[Facet]:
    counts = answer.get("facets") or {}
    chosen: dict[str, list[str]] = {
        "status": list(filters.statuses),
        "borough": list(filters.boroughs),
        "activity": list(filters.terms.get("activity", ())),
        "violence_type": list(filters.terms.get("violence_type", ())),
    }
    facets = []
    for name, heading in FILTERS.items():
        found = {c["value"]: c["count"] for c in counts.get(name, [])}
        if name == "status":
            values = list(STATUSES)
        elif name == "borough":
            values = [code for code, _ in choices.boroughs]
        else:
            values = [slug for slug, _ in choices.terms[name]]
        options = [
            (v, choices.label(name, v), found.get(v, 0), v in chosen[name])
            for v in values
            if found.get(v, 0) or v in chosen[name]
        ]
        facets.append(Facet(name, heading, options))
    return facets


def find_funding(
    *, session: Session, params: QueryParams, today: dt.date, choices: Choices
) -> tuple[dict[str, Any], bool]:
    """The page's context, and whether the form was refused."""
    errors = FormErrors()
    values = form_values(params)
    filters = _filters(params, errors)
    profile = read_profile(session, values, errors) if given(values) else None
    try:
        filters = checked_filters(session, filters)
    except InvalidInput as exc:
        service_errors(exc, _FILTER_FIELDS, errors)
    context: dict[str, Any] = {
        "values": values,
        "q": params.get("q", ""),
        "errors": errors,
        "today": today,
        "profile_given": profile is not None,
        "sort_links": [],
        "results": [],
        "facets": [],
        "total": 0,
        "next_page": None,
        "suggestions": [],
        "status_labels": STATUS_LABELS,
        "verdict_labels": VERDICT_LABELS,
        "choices": choices,
        "query_string": str(params),
        "share_url": with_changes("/", params),
    }
    if errors:
        return context, True
    ranked_by_fit = profile is not None and params.get("sort") in (None, "", "fit")
    sort = None if ranked_by_fit else _sort(params, filters.q)
    answer = search_answer(
        session=session,
        filters=filters,
        sort=sort,
        # Ranked by fit, the search gives only the counts; the eligibility check the order.
        limit=1 if ranked_by_fit else PAGE_SIZE,
        # Bound to this page's query, as the API binds its cursors to its own.
        cursor=FIRST_PAGE
        if ranked_by_fit
        else Cursor(text(params.get("cursor")), scope=cursor_scope("/", params.multi_items())),
        today=today,
        facets=True,
    )
    if profile is not None and ranked_by_fit:
        items, results, more = _by_fit(session, params, filters, profile[1], today)
        if more:
            page = _page_number(params) + 1
            context["next_page"] = with_changes("/", params, set_={"page": str(page)})
    else:
        items = answer["items"]
        verdicts = (
            explain(session=session, profile=profile[1], stream_slugs=[i["id"] for i in items])
            if profile
            else {}
        )
        results = [(item, *verdicts.get(item["id"], (None, []))) for item in items]
        if answer["next_cursor"]:
            context["next_page"] = with_changes("/", params, set_={"cursor": answer["next_cursor"]})
    context["results"] = [
        {"stream": item, "verdict": verdict, "reasons": reasons}
        for item, verdict, reasons in results
    ]
    context["total"] = answer["total"]
    context["facets"] = _facets(answer, filters, choices)
    current = "fit" if ranked_by_fit else sort or ("relevance" if filters.q else "closes_on")
    context["sort_links"] = [
        (label, with_changes("/", params, set_={"sort": key}), key == current)
        for key, label in SORT_LABELS.items()
        if (key != "relevance" or filters.q) and (key != "fit" or profile is not None)
    ]
    if not items:
        context["suggestions"] = _suggestions(params, filters, choices)
    return context, False


def _page_number(params: QueryParams) -> int:
    raw = params.get("page", "")
    return min(int(raw), 10_000) if raw.isdigit() else 0


def _by_fit(
    session: Session,
    params: QueryParams,
    filters: StreamFilters,
    profile: Profile,
    today: dt.date,
) -> tuple[list[dict[str, Any]], list[tuple[dict[str, Any], Verdict, list[Reason]]], bool]:
    """One page of the matching streams in the eligibility check's order (eligible first, then
    by fit), each with its verdict and reasons; and whether more follow."""
    matched = matching_pks(session=session, filters=filters, today=today)
    offset = _page_number(params) * PAGE_SIZE
    checked, _ = check_eligibility(
        session=session,
        profile=profile,
        today=today,
        # The search's filters (status included) already chose the streams.
        include_closed=True,
        include_ineligible=True,
        limit=PAGE_SIZE,
        offset=offset,
        among=frozenset(matched),
    )
    items = rendered_streams(session=session, pks=[c.card.rules.pk for c in checked], today=today)
    by_id = {c.card.slug: c for c in checked}
    results = [(item, by_id[item["id"]].verdict, by_id[item["id"]].reasons) for item in items]
    return items, results, offset + PAGE_SIZE < len(matched)


def _suggestions(
    params: QueryParams, filters: StreamFilters, choices: Choices
) -> list[tuple[str, str]]:
    """What to change when nothing matched: each filter taken off, the words, closed rounds."""
    found: list[tuple[str, str]] = []
    for name, heading in FILTERS.items():
        chosen = params.getlist(name)
        if chosen:
            labels = ", ".join(choices.labels(name, chosen))
            found.append(
                (
                    f"Remove the {heading.lower()} filter ({labels})",
                    with_changes("/", params, drop=[name]),
                )
            )
    if filters.q:
        found.append(
            (f"Search without the words “{filters.q}”", with_changes("/", params, drop=["q"]))
        )
    if "any" not in filters.statuses and "closed" not in filters.statuses:
        found.append(("Include closed rounds", with_changes("/", params, set_={"status": "any"})))
    return found
