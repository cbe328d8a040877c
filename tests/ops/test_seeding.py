"""The seed data: loads, is idempotent, and every fact carries its source."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards.models import Award
from app.ops.seeding import SEED_DIR, load_seed
from app.streams.models import FundingStream


def test_loading_the_seed_a_second_time_changes_nothing(session: Session) -> None:
    counts = load_seed(session)
    assert counts
    assert all(key.endswith(".unchanged") for key in counts), counts


def test_every_real_stream_has_a_dated_or_undated_source_url(session: Session) -> None:
    for stream in session.scalars(select(FundingStream)):
        if stream.illustrative:
            assert "illustrative" in stream.name.lower()
            assert stream.summary.startswith("Illustrative")
        else:
            assert stream.sources, stream.slug
            assert all(s.url.startswith("http") for s in stream.sources)


def test_every_award_names_its_source(session: Session) -> None:
    awards = session.scalars(select(Award)).unique().all()
    assert len(awards) >= 11
    assert all(a.source_url and a.source_url.startswith("http") for a in awards)


def test_the_required_programmes_are_seeded(session: Session) -> None:
    slugs = set(session.scalars(select(FundingStream.slug)))
    assert {
        "young-londoners-fund-round-1",
        "young-londoners-fund-round-2",
        "knife-crime-community-seed-fund-2017-18",
        "vru-community-seed-fund-2019-20",
        "myends",
        "stronger-futures-2023-25",
        "parent-carer-champion-network",
        "london-crime-prevention-fund",
        "city-bridge-trust-bridging-divides",
    } <= slugs


def test_a_seed_that_adds_a_vocabulary_term_lets_search_filter_by_it_at_once(
    session: Session, client: TestClient, tmp_path: Path
) -> None:
    client.get("/v1/streams")  # the catalogue is now cached under the current token
    seed = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed)
    vocabularies = yaml.safe_load((seed / "vocabularies.yaml").read_text())
    vocabularies["activity"].append({"slug": "boxing", "label": "Boxing"})
    (seed / "vocabularies.yaml").write_text(yaml.safe_dump(vocabularies))

    assert client.get("/v1/streams", params={"activity": "boxing"}).status_code == 422
    counts = load_seed(session, seed)

    assert counts["vocabulary_terms.created"] == 1
    assert client.get("/v1/streams", params={"activity": "boxing"}).status_code == 200
