"""The service: `resultaten_importeren`, parse -> validate -> plan -> write."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction

from zorgroute.models import Gebruiker, Groep, School

from ..models import Toetsmoment
from .parse import ingevulde_rijen
from .plan import plannen
from .records import Cel, ImportOpdracht, ImportResultaat, Rij
from .validate import controleren
from .write import schrijven, writer_for


@transaction.atomic
def resultaten_importeren(
    *,
    school: School,
    toetsmoment: Toetsmoment,
    rijen: Iterable[Rij],
    bron: str,
    user: Gebruiker | None,
    alleen_geldige: bool = False,
    groep: Groep | None = None,
    lege_cel_wist: bool = False,
    verwacht: Mapping[Cel, str] | None = None,
    extern_bron: str | None = None,
) -> ImportResultaat:
    """Validate and upsert results of one toetsmoment.

    - `groep`: when given, every pupil must be in that class (the caller checked that the
      user may enter results for it); otherwise any pupil of the school.
    - `alleen_geldige`: import the valid rows and skip the rest (for the API); by default
      one error saves nothing.
    - `lege_cel_wist`: an empty cell removes a stored result (the grid); by default an empty
      cell means "not in this file" and leaves the stored result alone.
    - `verwacht`: the value each cell had when the user opened the grid, per (leerling_id,
      domein_id); a cell changed by someone else since then is refused as a conflict
      instead of being overwritten.
    - `extern_bron`: `Rij.leerling` is the pupil's id in that outside system
      (`LeerlingExternId`), not a leerlingnummer or name (the API).
    """
    opdracht = ImportOpdracht(
        school=school,
        toetsmoment=toetsmoment,
        bron=bron,
        user=user,
        alleen_geldige=alleen_geldige,
        groep=groep,
        lege_cel_wist=lege_cel_wist,
        verwacht=verwacht,
        extern_bron=extern_bron,
    )
    ingevuld = ingevulde_rijen(rijen)
    result = ImportResultaat(rijen=len(ingevuld))
    controle = controleren(ingevuld, opdracht)
    result.fouten, result.overgeslagen_rijen = controle.fouten, controle.overgeslagen
    if result.fouten and not alleen_geldige:
        return result
    plan = plannen(controle, opdracht)
    result.fouten += plan.fouten
    result.conflicten = plan.conflicten
    if plan.conflicten and not alleen_geldige:
        return result
    result.aangemaakt, result.bijgewerkt, result.verwijderd = schrijven(plan, writer_for(opdracht))
    result.ongewijzigd = plan.ongewijzigd
    result.opgeslagen = True
    return result
