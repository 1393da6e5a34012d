"""Entering results: one service for the grid, pasted spreadsheet lines, CSV/XLSX uploads and
the REST API (`api.views`, pupils by the client's external ids: `extern_bron`).

`resultaten_importeren` runs four stages with a type between each (`records`):

1. parse (`parse`, `grid`): what a user pastes, uploads or types in the grid -> `Rij`s; a
   file that cannot be read at all raises a ValidationError with a Dutch message;
2. validate (`validate`): rows -> `Controle`, checked against the school's pupils and the
   instrument's domains and scale, every error collected with its row and column;
3. plan (`plan`): the valid rows -> `Plan` (insert, update, delete, leave alone, conflicts),
   compared with the stored results in one locked query;
4. write (`write`): the plan through one `Writer` interface, `PostgresWriter` or `OrmWriter`.

All or nothing, unless `alleen_geldige`. Cost: a constant number of queries per batch,
whatever its size: the domains, the pupils in one query (two when some are named or given
by external id), the existing results in one (locked), then one bulk insert, one bulk
update and one delete, each with its history rows. It runs in the caller's transaction, so
on PostgreSQL it works under row-level security as the application role.
"""

from .leerlingen import groep_leerlingen, klas_plaatsingen, naam_sleutel
from .parse import (
    rijen_uit_bestand,
    rijen_uit_tabel,
    rijen_uit_tekst,
    tabel_uit_csv,
    tabel_uit_tekst,
    tabel_uit_xlsx,
)
from .records import ImportFout, ImportResultaat, Rij
from .service import resultaten_importeren

__all__ = [
    "ImportFout",
    "ImportResultaat",
    "Rij",
    "groep_leerlingen",
    "klas_plaatsingen",
    "naam_sleutel",
    "resultaten_importeren",
    "rijen_uit_bestand",
    "rijen_uit_tabel",
    "rijen_uit_tekst",
    "tabel_uit_csv",
    "tabel_uit_tekst",
    "tabel_uit_xlsx",
]
