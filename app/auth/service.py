"""Creating, listing, revoking and checking API keys. Keys are stored only as sha256 hashes:
they are 256-bit random tokens, so a fast hash is enough (no dictionary to guess from)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import ROLES, ApiKey, ApiKeyBorough, ApiKeyFunder
from app.auth.scopes import Principal, Role
from app.core.clock import utcnow
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.known_ids import check_known_ids
from app.funders.models import Funder
from app.reference.service import check_boroughs

KEY_PREFIX = "sp_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class NewKey:
    api_key: ApiKey
    # The only time the key exists in clear: hand it over, then forget it.
    secret: str


def create_key(
    *,
    session: Session,
    name: str,
    role: str,
    funders: Sequence[str] = (),
    boroughs: Sequence[str] = (),
) -> NewKey:
    """Creates a key; a funder key needs funders, a commissioner key needs boroughs."""
    if role not in ROLES:
        raise InvalidInput.field(["role"], f"Unknown role {role!r}. Roles: {', '.join(ROLES)}.")
    if role == "funder" and not funders:
        raise InvalidInput.field(["funder"], "A funder key needs at least one --funder.")
    if role == "commissioner" and not boroughs:
        raise InvalidInput.field(["borough"], "A commissioner key needs at least one --borough.")
    if role != "funder" and funders:
        raise InvalidInput.field(["funder"], "Only a funder key is scoped to funders.")
    if role != "commissioner" and boroughs:
        raise InvalidInput.field(["borough"], "Only a commissioner key is scoped to boroughs.")
    if not name.strip():
        raise InvalidInput.field(["name"], "A key needs a name.")
    if session.scalar(select(ApiKey).where(ApiKey.name == name)) is not None:
        raise Conflict(f"There is already a key named {name!r}; names are never reused.")
    slugs = check_known_ids(session, Funder.slug, funders, loc=["funder"])
    codes = check_boroughs(session=session, codes=boroughs, loc=["borough"])
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    funder_rows = session.scalars(select(Funder).where(Funder.slug.in_(slugs))).all()
    api_key = ApiKey(
        name=name,
        role=role,
        key_hash=hash_key(secret),
        prefix=secret[:10],
        created_at=utcnow(),
        funders=[ApiKeyFunder(funder=f) for f in funder_rows],
        boroughs=[ApiKeyBorough(gss_code=c) for c in codes],
    )
    session.add(api_key)
    session.flush()
    return NewKey(api_key=api_key, secret=secret)


def list_keys(*, session: Session) -> Sequence[ApiKey]:
    return session.scalars(select(ApiKey).order_by(ApiKey.name)).all()


def revoke_key(*, session: Session, name: str) -> ApiKey:
    """Revokes the key at once: the next request with it gets 401."""
    api_key = session.scalar(select(ApiKey).where(ApiKey.name == name))
    if api_key is None:
        raise NotFound(f"There is no key named {name!r}.")
    if api_key.revoked_at is None:
        api_key.revoked_at = utcnow()
        session.flush()
    return api_key


def principal_of(api_key: ApiKey) -> Principal:
    # The check constraint keeps the column to the three roles.
    role = cast(Role, api_key.role)
    return Principal(
        key_pk=api_key.pk,
        name=api_key.name,
        role=role,
        funders=frozenset(f.funder.slug for f in api_key.funders),
        boroughs=frozenset(b.gss_code for b in api_key.boroughs),
    )


def authenticate(*, session: Session, secret: str) -> Principal | None:
    """The principal behind a live key, or None for an unknown or revoked one."""
    api_key = session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(secret)))
    if api_key is None or api_key.revoked_at is not None:
        return None
    return principal_of(api_key)
