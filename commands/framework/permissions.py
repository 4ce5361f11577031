"""Who may do what (SPEC §1), checked in one place."""

from __future__ import annotations

from typing import Literal, get_args

from commands.framework.context import Caller
from commands.framework.errors import NotAllowed
from commands.framework.officials import Officials, officials_of
from commands.framework.rich import Mention, Part, Rich, Says, Strong, says
from storage import Group, RoleName, Store

# Required levels, weakest first. "anyone" needs no group; "participant" is anyone in it.
Level = Literal["anyone", "participant", "chair", "rapporteur"]
LEVELS: tuple[Level, ...] = get_args(Level)
# The roles that give a chair's rights, strongest first (a chat scribe's gives none).
CHAIR_ROLES: tuple[RoleName, ...] = tuple(r for r in RoleName if r is not RoleName.CHAT_SCRIBE)
NOT_SET_UP = says(
    "This channel is not set up for Clerk yet: a rapporteur starts with "
    '`/clerk setup name="Group name" tz=Europe/Zurich`.'
)


def in_words_of(text: Rich, profile: str) -> Rich:
    """Help and answers in the group's own words: "chair" where ITU-T says "rapporteur".

    Only the prose: what stands as code (usage lines, role names one may type) is kept."""
    officials = officials_of(profile)
    return Rich(*(_reworded(p, officials) for p in text.parts)) if officials.prose else text


def _reworded(p: Part, officials: Officials) -> Part:
    if isinstance(p, str):
        return officials.reworded(p)
    if isinstance(p, Strong):
        return Strong(Rich(*(_reworded(q, officials) for q in p.text.parts)))
    return p


def role_title(role: str, profile: str) -> str:
    """`Rapporteur` in an ITU-T group, `Chair` in a 3GPP or IETF one."""
    return officials_of(profile).title(role)


def role_of(store: Store, group: Group, caller: Caller) -> str:
    """The caller's strongest role in the group: rapporteur, associate, secretariat, participant."""
    held = {r.role for r in store.groups.roles(group.id) if r.user_id == caller.user_id}
    for role in CHAIR_ROLES:
        if role in held:
            return role
    return "participant"


def level_of(role: str) -> str:
    if role == "rapporteur":
        return "rapporteur"
    return "chair" if role in CHAIR_ROLES else "participant"


def check(store: Store, group: Group, caller: Caller, required: str, what: str) -> str:
    """Return the caller's role, or raise NotAllowed saying who may run `what`."""
    role = role_of(store, group, caller)
    if LEVELS.index(level_of(role)) >= LEVELS.index(required):
        return role
    # Workspace admins count as rapporteur; asked only now, as it may cost a Slack API call.
    if caller.is_admin:
        return "rapporteur"
    raise NotAllowed(_who_may(store, group, required, what))


def _who_may(store: Store, group: Group, required: str, what: str) -> Rich:
    roles = store.groups.roles(group.id)
    officials = officials_of(group.profile)
    names: list[Says]
    if required == "rapporteur":
        names = [r.name or Mention(r.user_id or "") for r in roles if r.role == "rapporteur"]
        who = officials.leaders
    else:
        names = [r.name or Mention(r.user_id) for r in roles if r.user_id and r.role in CHAIR_ROLES]
        who = officials.chairs
    holders = Rich(" (", Rich("; ").join(names), ")") if names else ""
    return Rich(f"Only {who}", holders, f" may {what}.")
