from __future__ import annotations

from fastapi import APIRouter

from app.core.schemas import Page
from app.http.sessions import SessionDep
from app.reference import service
from app.reference.models import VOCABULARIES
from app.reference.schemas import BoroughRead, TermRead, VocabularyRead

router = APIRouter(prefix="/v1", tags=["reference"])


@router.get("/boroughs", response_model=Page[BoroughRead])
def list_boroughs(session: SessionDep) -> Page[BoroughRead]:
    """The 33 London local authorities, keyed by ONS GSS code (one page: the list is fixed)."""
    items = [
        BoroughRead(
            gss_code=b.gss_code,
            name=b.name,
            official_name=b.official_name,
            org_id=b.org_id,
            inner_london=b.inner_london,
            population=b.population,
        )
        for b in service.list_boroughs(session=session)
    ]
    return Page(items=items, next_cursor=None, total=len(items))


def _vocabulary(session: SessionDep, name: str) -> VocabularyRead:
    terms = service.list_terms(session=session, vocabulary=name)
    return VocabularyRead(
        name=name,
        terms=[TermRead(slug=t.slug, label=t.label, description=t.description) for t in terms],
    )


@router.get("/vocabularies", response_model=Page[VocabularyRead])
def list_vocabularies(session: SessionDep) -> Page[VocabularyRead]:
    items = [_vocabulary(session, name) for name in VOCABULARIES]
    return Page(items=items, next_cursor=None, total=len(items))


@router.get("/vocabularies/{name}", response_model=VocabularyRead)
def get_vocabulary(name: str, session: SessionDep) -> VocabularyRead:
    return _vocabulary(session, name)
