"""The one versioned-document mechanism (zorgroute.versioning, zorgroute.views.versioned),
tested on a real document: a row of a groepsoverzicht."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from groepsoverzicht.models import Overzichtregel
from zorgroute.versioning import StaleVersion, lock_version, update_document, update_field
from zorgroute.views.versioned import conflict_rows, submit

from ..world import SchoolWorld


@pytest.fixture
def regel(school_a: SchoolWorld, in_school: Any) -> Overzichtregel:
    with in_school(school_a.school):
        return Overzichtregel.objects.get(pk=school_a.go["regel"].pk)


def test_every_save_raises_the_version_and_history_records_who(
    school_a: SchoolWorld, in_school: Any, regel: Overzichtregel
) -> None:
    mentor = school_a.users["mentor"]
    with in_school(school_a.school):
        before = regel.versie
        saved = update_document(
            regel, version=before, values={"talenten": "Tekenen\r\nen zingen"}, user=mentor
        )
        assert saved.versie == before + 1
        assert saved.talenten == "Tekenen\nen zingen"  # CRLF from the browser stored as LF
        assert saved.gewijzigd_door == mentor
        saved.save(update_fields=["talenten"])  # a plain save (an import) raises it too
        saved.refresh_from_db()
        assert saved.versie == before + 2
        latest = saved.history.first()
        assert latest is not None and latest.versie == before + 2


def test_a_stale_whole_form_is_refused_and_names_the_colleague(
    school_a: SchoolWorld, in_school: Any, regel: Overzichtregel
) -> None:
    mentor, docent = school_a.users["mentor"], school_a.users["zorgcoordinator"]
    with in_school(school_a.school):
        seen = regel.versie
        update_document(regel, version=seen, values={"talenten": "eerste"}, user=mentor)
        with pytest.raises(StaleVersion) as stale:
            update_document(regel, version=seen, values={"talenten": "tweede"}, user=docent)
        regel.refresh_from_db()
    assert regel.talenten == "eerste"  # nothing overwritten
    assert stale.value.version == seen + 1
    assert stale.value.changed_by == mentor.volledige_naam
    assert mentor.volledige_naam in stale.value.message


def test_one_field_conflicts_only_when_that_field_changed(
    school_a: SchoolWorld, in_school: Any, regel: Overzichtregel
) -> None:
    mentor, zoco = school_a.users["mentor"], school_a.users["zorgcoordinator"]
    with in_school(school_a.school):
        talenten, observaties = regel.talenten, regel.observaties
        update_field(regel, name="talenten", value="A", seen=talenten, user=mentor)
        # Another cell of the same row, seen before the first save: no conflict.
        update_field(regel, name="observaties", value="B", seen=observaties, user=zoco)
        # The same cell with an old view: refused, both texts in the conflict.
        with pytest.raises(StaleVersion) as stale:
            update_field(regel, name="talenten", value="C", seen=talenten, user=zoco, label="T")
        # Saving what is stored already is no new version.
        regel.refresh_from_db()
        versie = regel.versie
        update_field(regel, name="talenten", value="A", seen="whatever", user=zoco)
        regel.refresh_from_db()
    assert (regel.talenten, regel.observaties, regel.versie) == ("A", "B", versie)
    [conflict] = stale.value.conflicts
    assert (conflict.name, conflict.label, conflict.theirs, conflict.mine) == (
        "talenten",
        "T",
        "A",
        "C",
    )
    assert stale.value.changed_by == zoco.volledige_naam  # who saved the row last


def test_a_deleted_row_is_a_conflict_too(
    school_a: SchoolWorld, in_school: Any, regel: Overzichtregel
) -> None:
    with in_school(school_a.school):
        gone = Overzichtregel.objects.get(pk=regel.pk)
        Overzichtregel.objects.filter(pk=regel.pk).delete()
        with pytest.raises(StaleVersion) as stale:
            lock_version(gone, gone.versie)
    assert stale.value.deleted
    assert "verwijderd" in stale.value.message


class TalentenForm(forms.Form):
    talenten = forms.CharField(label="Talenten", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def test_submit_keeps_the_users_text_and_carries_the_new_version(
    school_a: SchoolWorld, in_school: Any, regel: Overzichtregel
) -> None:
    mentor, zoco = school_a.users["mentor"], school_a.users["zorgcoordinator"]

    def save(form: TalentenForm) -> Overzichtregel:
        return update_document(
            regel,
            version=form.cleaned_data["version"],
            values={"talenten": form.cleaned_data["talenten"]},
            user=zoco,
        )

    with in_school(school_a.school):
        seen = regel.versie
        update_document(regel, version=seen, values={"talenten": "van de mentor"}, user=mentor)
        data = QueryDict(mutable=True)
        data.update({"talenten": "van de zoco", "version": str(seen)})
        first = submit(TalentenForm, data, save)
        assert first.status == 409 and not first.saved
        assert first.form["talenten"].value() == "van de zoco"
        assert first.form["version"].value() == str(seen + 1)
        assert mentor.volledige_naam in str(first.form.non_field_errors())
        rows = [(r.label, r.theirs, r.mine) for r in first.conflict.conflicts]  # type: ignore[union-attr]
        assert rows == [("Talenten", "van de mentor", "van de zoco")]
        # "Mijn tekst bewaren": the same form saved again replaces the colleague's text.
        second = submit(TalentenForm, first.form.data, save)
        assert second.saved
        regel.refresh_from_db()
    assert regel.talenten == "van de zoco"


def test_submit_puts_a_service_error_on_its_field() -> None:
    def save(form: TalentenForm) -> None:
        raise ValidationError({"talenten": "Te lang."})

    data = QueryDict(mutable=True)
    data.update({"talenten": "x"})
    submission = submit(TalentenForm, data, save)
    assert submission.status == 400
    assert submission.form.errors == {"talenten": ["Te lang."]}
    assert conflict_rows(submission.form, None) == []
