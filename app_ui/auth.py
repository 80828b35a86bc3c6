"""Sign-in: who is using the app, as a `planner.storage.Actor`.

Two modes, chosen by the secrets (`.streamlit/secrets.toml`, or the files given to
`streamlit run --secrets.files …`):

- **No `[auth]` section: local mode, one user.** The app runs on one machine for one person;
  everything is saved for office "Lokalt kontor", user "Lokal bruker", with the fagansvarlig's
  rights (`Store.local_actor`). The sidebar says so plainly ("Lokal modus – én bruker").
- **`[auth]` configured: OpenID Connect** through Streamlit's `st.login()` / `st.user` /
  `st.logout()` (needs Authlib). The identity provider's ID token says who the user is (`sub`,
  `name`) and — in claims whose names are configurable in `[kvp_auth]` — which office they work
  at and their role. `Store.ensure_actor` makes the office and the user on first sign-in.

    [kvp_auth]                          # all optional; the defaults are shown
    office_claim = "office"             # the claim naming the NAV office ("NAV Grünerløkka")
    roles_claim = "roles"               # a list, or a string separated by spaces or commas
    name_claim = "name"
    fagansvarlig_roles = ["fagansvarlig"]
    veileder_roles = ["veileder"]
    default_role = ""                   # "veileder": a user with neither role gets it; "" refuses
    default_office = ""                 # used when the office claim is missing; "" refuses
    provider = ""                       # a named provider ([auth.NAME]); "" uses [auth] itself

A signed-in user without an office or a known role gets a Norwegian explanation and no access
to the office's plans (the plan pages, which keep everything in the browser session, still work).

Nothing here logs personal data: no names, e-mails, subjects or claim values are written to
the log, only which claim was missing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import streamlit as st

from planner.storage import Actor, Role, Store
from planner.storage.store import LOCAL_DISPLAY_NAME, LOCAL_OFFICE
from planner.storage.types import ROLE_LABELS_NB

log = logging.getLogger(__name__)

AUTH_SECTION = "auth"
SETTINGS_SECTION = "kvp_auth"
IDENTITY_KEY = "office_identity"  # (cache key, Identity) for this session

LOCAL_MODE_TEXT = "Lokal modus – én bruker"


@dataclass(frozen=True)
class AuthSettings:
    enabled: bool = False  # an [auth] section is configured
    provider: str | None = None
    office_claim: str = "office"
    roles_claim: str = "roles"
    name_claim: str = "name"
    fagansvarlig_roles: tuple[str, ...] = ("fagansvarlig",)
    veileder_roles: tuple[str, ...] = ("veileder",)
    default_role: Role | None = None
    default_office: str | None = None


@dataclass(frozen=True)
class Identity:
    """Who is at the keyboard, and what the office pages may do for them."""

    mode: Literal["local", "oidc"]
    signed_in: bool
    actor: Actor | None = None
    display_name: str = ""
    office_name: str = ""
    role: Role | None = None
    problem: str | None = None  # Norwegian: why a signed-in user has no access

    @property
    def role_label(self) -> str:
        return ROLE_LABELS_NB.get(self.role, "") if self.role else ""


class AccessProblem(Exception):
    """The identity provider's claims do not give this user access. The message is Norwegian."""


@dataclass(frozen=True)
class Claims:
    subject: str
    display_name: str
    office: str
    role: Role
    extra: dict[str, Any] = field(default_factory=dict)


# ------------------------------------------------------------------------------------- settings


def _secrets() -> Mapping[str, Any]:
    """st.secrets as a mapping; empty when there is no secrets file at all."""
    try:
        if AUTH_SECTION in st.secrets or SETTINGS_SECTION in st.secrets:
            return st.secrets
    except Exception:  # StreamlitSecretNotFoundError (no file), or an unreadable file
        return {}
    return {}


def _strings(value: Any, default: tuple[str, ...]) -> tuple[str, ...]:
    if value is None or value == "":
        return default
    if isinstance(value, str):
        return tuple(v for v in value.replace(",", " ").split() if v)
    return tuple(str(v).strip() for v in value if str(v).strip())


def settings() -> AuthSettings:
    secrets = _secrets()
    enabled = bool(secrets.get(AUTH_SECTION)) if secrets else False
    own = secrets.get(SETTINGS_SECTION) or {} if secrets else {}
    default_role = str(own.get("default_role") or "").strip().lower()
    try:
        role = Role(default_role) if default_role else None
    except ValueError:
        log.warning("kvp_auth.default_role is not a known role; ignored")
        role = None
    return AuthSettings(
        enabled=enabled,
        provider=str(own.get("provider") or "").strip() or None,
        office_claim=str(own.get("office_claim") or "office"),
        roles_claim=str(own.get("roles_claim") or "roles"),
        name_claim=str(own.get("name_claim") or "name"),
        fagansvarlig_roles=_strings(own.get("fagansvarlig_roles"), ("fagansvarlig",)),
        veileder_roles=_strings(own.get("veileder_roles"), ("veileder",)),
        default_role=role,
        default_office=" ".join(str(own.get("default_office") or "").split()) or None,
    )


def auth_enabled() -> bool:
    return settings().enabled


# ------------------------------------------------------------------------------------- claims


def claims_from_user(user: Mapping[str, Any], config: AuthSettings) -> Claims:
    """The subject, name, office and role in an ID token's claims. Raises AccessProblem."""
    subject = str(user.get("sub") or "").strip()
    if not subject:
        log.warning("sign-in refused: the ID token has no 'sub' claim")
        raise AccessProblem("Innloggingen ga ingen brukeridentitet (sub). Kontakt den som drifter løsningen.")
    name = str(user.get(config.name_claim) or user.get("name") or user.get("preferred_username") or "").strip()

    office_value = user.get(config.office_claim)
    if isinstance(office_value, (list, tuple)):
        office_value = next((v for v in office_value if str(v).strip()), "")
    office = " ".join(str(office_value or "").split()) or (config.default_office or "")
    if not office:
        log.warning("sign-in refused: the ID token has no '%s' claim", config.office_claim)
        raise AccessProblem(
            f"Innloggingen sier ikke hvilket NAV-kontor du hører til (feltet «{config.office_claim}» mangler). "
            "Be den som administrerer tilgangene, om å legge det inn."
        )

    raw_roles = user.get(config.roles_claim)
    if isinstance(raw_roles, str):
        roles = {r.lower() for r in raw_roles.replace(",", " ").split()}
    elif isinstance(raw_roles, Iterable):
        roles = {str(r).strip().lower() for r in raw_roles}
    else:
        roles = set()
    if roles & {r.lower() for r in config.fagansvarlig_roles}:
        role = Role.FAGANSVARLIG
    elif roles & {r.lower() for r in config.veileder_roles}:
        role = Role.VEILEDER
    elif config.default_role is not None:
        role = config.default_role
    else:
        log.warning("sign-in refused: no known role in the '%s' claim", config.roles_claim)
        raise AccessProblem(
            "Du er logget inn, men har ikke rollen veileder eller fagansvarlig i KVP-planleggeren. "
            "Be den som administrerer tilgangene, om å gi deg en av dem."
        )
    return Claims(subject=subject, display_name=name or "Uten navn", office=office, role=role)


# ------------------------------------------------------------------------------------ identity


def _user_dict() -> dict[str, Any]:
    try:
        return dict(st.user.to_dict())
    except Exception:  # no script run context (bare mode)
        return {}


def identity(store: Store) -> Identity:
    """The identity of this session (cached in session state until sign-in changes)."""
    config = settings()
    if not config.enabled:
        key: tuple = ("local", store.url)
    else:
        user = _user_dict()
        key = (
            "oidc",
            store.url,
            bool(user.get("is_logged_in")),
            str(user.get("sub") or ""),
            repr(user.get(config.office_claim)),
            repr(user.get(config.roles_claim)),
            str(user.get(config.name_claim) or ""),
        )
    cached = st.session_state.get(IDENTITY_KEY)
    if cached is not None and cached[0] == key:
        return cached[1]
    found = _resolve(store, config)
    st.session_state[IDENTITY_KEY] = (key, found)
    return found


def _resolve(store: Store, config: AuthSettings) -> Identity:
    if not config.enabled:
        actor = store.local_actor()
        return Identity(
            mode="local",
            signed_in=True,
            actor=actor,
            display_name=LOCAL_DISPLAY_NAME,
            office_name=LOCAL_OFFICE,
            role=actor.role,
        )
    user = _user_dict()
    if not user.get("is_logged_in"):
        return Identity(mode="oidc", signed_in=False)
    try:
        claims = claims_from_user(user, config)
    except AccessProblem as exc:
        return Identity(mode="oidc", signed_in=True, problem=str(exc))
    actor = store.ensure_actor(claims.subject, claims.display_name, claims.office, claims.role)
    return Identity(
        mode="oidc",
        signed_in=True,
        actor=actor,
        display_name=claims.display_name,
        office_name=claims.office,
        role=claims.role,
    )


def current_actor(store: Store) -> Actor | None:
    return identity(store).actor


def forget() -> None:
    """Drop the cached identity (after sign-out)."""
    st.session_state.pop(IDENTITY_KEY, None)


# ------------------------------------------------------------------------------------------ UI


def login() -> None:
    provider = settings().provider
    st.login(provider) if provider else st.login()


def logout() -> None:
    forget()
    st.logout()


def login_prompt(where: str = "main") -> None:
    """Why the office pages need a sign-in, and the button."""
    box = st.sidebar if where == "sidebar" else st
    if where != "sidebar":
        st.info(
            "Logg inn for å se kontorets planer, lagre versjoner og bruke kontorets katalog. "
            "Planleggingen på de andre sidene virker uten innlogging, men lagres ikke."
        )
    box.button(
        "Logg inn",
        key=f"office_login_{where}",
        type="primary" if where != "sidebar" else "secondary",
        icon=":material/login:",
        on_click=login,
    )


def sidebar_account(found: Identity) -> None:
    """Who is signed in, plainly; sign-in and sign-out buttons."""
    if found.mode == "local":
        st.sidebar.markdown(f"**{LOCAL_MODE_TEXT}**")
        st.sidebar.caption("Planene lagres på denne maskinen. Ingen innlogging.")
        return
    if not found.signed_in:
        st.sidebar.markdown("**Ikke logget inn**")
        login_prompt("sidebar")
        return
    if found.actor is None:
        st.sidebar.markdown("**Logget inn uten tilgang**")
    else:
        st.sidebar.markdown(f"**{found.display_name}**")
        st.sidebar.caption(f"{found.role_label}, {found.office_name}")
    st.sidebar.button("Logg ut", key="office_logout", icon=":material/logout:", on_click=logout)
