"""Password rules with Dutch messages where Django's own come out in English."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's message id changed (``%d`` instead of ``%(min_length)d``) and its Dutch
    catalogue still has the old one, so a too-short password was refused in English."""

    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort: gebruik minstens %(n)d teken.",
            "Dit wachtwoord is te kort: gebruik minstens %(n)d tekens.",
            self.min_length,
        ) % {"n": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Je wachtwoord heeft minstens %(n)d teken.",
            "Je wachtwoord heeft minstens %(n)d tekens.",
            self.min_length,
        ) % {"n": self.min_length}
