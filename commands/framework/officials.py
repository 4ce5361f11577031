"""What each body calls its officials — ITU-T's rapporteur is the others' chair — as one
table, read by the reports, by replies that name a role and by the help's prose."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from storage import ReportProfile, RoleName


@dataclass(frozen=True)
class Officials:
    """One body's titles for Clerk's roles, and how its prose names who may do what."""

    titles: Mapping[RoleName, str]
    leaders: str  # who may do what only the rapporteur may: "the rapporteur"
    chairs: str  # who may do what a chair may
    # ITU-T's words in help and answers, as this body says them (longest first).
    prose: tuple[tuple[str, str], ...] = ()

    def title(self, role: RoleName | str) -> str:
        """ "Rapporteur", "Chair", "Associate Rapporteur", "Vice-Chair", "Chat scribe"…"""
        return self.titles[RoleName(role)]

    @property
    def chair(self) -> str:
        return self.titles[RoleName.RAPPORTEUR]

    @property
    def vice_chair(self) -> str:
        return self.titles[RoleName.ASSOCIATE]

    def reworded(self, text: str) -> str:
        """ITU-T's prose ("ask the rapporteur") in this body's words ("ask the chair")."""
        for itu, theirs in self.prose:
            text = text.replace(itu, theirs)
        return text


RAPPORTEURS = Officials(
    titles={
        RoleName.RAPPORTEUR: "Rapporteur",
        RoleName.ASSOCIATE: "Associate Rapporteur",
        RoleName.SECRETARIAT: "Secretariat",
        RoleName.SCRIBE: "Scribe",
        RoleName.CHAT_SCRIBE: "Chat scribe",
    },
    leaders="the rapporteur",
    chairs="the rapporteur, associate rapporteurs or secretariat",
)
# 3GPP working groups, IETF and W3C working groups.
CHAIRS = Officials(
    titles={
        **RAPPORTEURS.titles,
        RoleName.RAPPORTEUR: "Chair",
        RoleName.ASSOCIATE: "Vice-Chair",
    },
    leaders="the chairs",
    chairs="the chairs, vice-chairs or secretariat",
    prose=(
        ("associate rapporteurs", "vice-chairs"),
        ("Associate Rapporteurs", "Vice-Chairs"),
        ("associate rapporteur", "vice-chair"),
        ("Associate Rapporteur", "Vice-Chair"),
        ("rapporteurs", "chairs"),
        ("Rapporteurs", "Chairs"),
        ("rapporteur", "chair"),
        ("Rapporteur", "Chair"),
    ),
)
OFFICIALS: dict[str, Officials] = {  # by ReportProfile
    ReportProfile.ITU: RAPPORTEURS,
    ReportProfile.THREE_GPP: CHAIRS,
    ReportProfile.IETF: CHAIRS,
    ReportProfile.W3C: CHAIRS,
}


def officials_of(profile: str) -> Officials:
    """The officials' words of a group's body (its report profile)."""
    return OFFICIALS.get(profile, RAPPORTEURS)
