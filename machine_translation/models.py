"""Translations kept once made: a text is translated once per language pair."""

from django.db import models


class MachineTranslation(models.Model):
    """The machine translation of one text (identified by its SHA-256) into another
    language. Only public content is translated (project files' texts, tags,
    entity names): no personal data is ever sent to the engine or kept here."""

    source_hash = models.CharField(max_length=64)
    pair = models.CharField(max_length=5, help_text="source-target, e.g. ca-es")
    translation = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_hash", "pair"], name="unique_translation_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pair} {self.source_hash[:12]}"
