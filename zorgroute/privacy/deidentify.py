"""De-identifying free text: the Dutch library `deduce` plus the names the portal knows.

`Deduce()` loads its lookup lists once per process (seconds), so it is built lazily on the
first text and kept. Names the portal knows (the pupil, the parents in consent and
instemming rows, classmates) are also replaced where they occur literally, for the names
deduce does not recognise as a name.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from deduce import Deduce
from deduce.person import Person

LEERLING_TAG = "[LEERLING]"
PERSOON_TAG = "[PERSOON]"

_lock = threading.Lock()
_deduce: Deduce | None = None


def deducer() -> Deduce:
    """The process's one Deduce instance, built on first use."""
    global _deduce
    with _lock:
        if _deduce is None:
            _deduce = Deduce()
        return _deduce


def _pattern(names: list[str]) -> re.Pattern[str] | None:
    names = sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True)
    if not names:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, n.split())) for n in names)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@dataclass
class Namen:
    """The names to remove: the pupil's (replaced by [LEERLING]) and other people's
    (parents, classmates: [PERSOON]). `voornamen`/`achternaam` feed deduce's patient."""

    leerling: list[str] = field(default_factory=list)
    anderen: list[str] = field(default_factory=list)
    voornamen: list[str] = field(default_factory=list)
    achternaam: str = ""
    _cache: dict[tuple[str, bool], str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._leerling = _pattern(self.leerling)
        self._anderen = _pattern(self.anderen)

    def metadata(self) -> dict[str, Any] | None:
        if not (self.voornamen or self.achternaam):
            return None
        person = Person(first_names=self.voornamen or None, surname=self.achternaam or None)
        return {"patient": person}

    def vervang_namen(self, text: str) -> str:
        """Only the known names, literally (case and spacing aside)."""
        if self._leerling is not None:
            text = self._leerling.sub(LEERLING_TAG, text)
        if self._anderen is not None:
            text = self._anderen.sub(PERSOON_TAG, text)
        return text

    def ontdoe(self, text: str, *, met_deduce: bool = True) -> str:
        """The text de-identified: deduce (names, dates, places, numbers, ...) and then the
        known names. Empty text stays empty; the result of a text is cached per run."""
        if not text or not text.strip():
            return text
        key = (text, met_deduce)
        if key not in self._cache:
            result = text
            if met_deduce:
                result = deducer().deidentify(result, metadata=self.metadata()).deidentified_text
                result = result.replace("[PATIENT]", LEERLING_TAG)
            self._cache[key] = self.vervang_namen(result)
        return self._cache[key]

    def komt_voor_in(self, text: str) -> bool:
        return bool(self._leerling is not None and self._leerling.search(text))
