"""Care-level labels per school type (DOMAIN.md "Care levels"). A traject stores the level
as 1/2/3 (izo_zat.models.Zorgniveau); what a user reads depends on the kind of school: VO
speaks of the first, second and third line (classroom, IZO, ZAT), PO and SO use the wording
of the 1-zorgroute (in the group, with the intern begeleider, external)."""

from __future__ import annotations

from zorgroute.models.tenancy import SchoolType

from .models import Zorgniveau

LABELS: dict[str, dict[str, str]] = {
    SchoolType.VO: {
        Zorgniveau.EEN: "Niveau 1 – in de klas (HGW, groepsbespreking)",
        Zorgniveau.TWEE: "Niveau 2 – intern zorgteam (IZO)",
        Zorgniveau.DRIE: "Niveau 3 – extern via het ZAT",
    },
    SchoolType.PO: {
        Zorgniveau.EEN: "In de groep",
        Zorgniveau.TWEE: "Met de intern begeleider",
        Zorgniveau.DRIE: "Extern / ZAT",
    },
    SchoolType.SO: {
        Zorgniveau.EEN: "In de groep",
        Zorgniveau.TWEE: "Met de intern begeleider",
        Zorgniveau.DRIE: "Extern / ZAT",
    },
}


def label(school_type: str, niveau: str) -> str:
    """The level as users of this kind of school name it; unknown types read as VO."""
    labels = LABELS.get(school_type, LABELS[SchoolType.VO])
    return labels.get(str(niveau), f"Niveau {niveau}")


def keuzes(school_type: str) -> list[tuple[str, str]]:
    """Choices for a form field, lowest level first."""
    return [(niveau, label(school_type, niveau)) for niveau in Zorgniveau.values]
