"""The strategy's goals as rows, so pages can be tagged with them and filtered by them."""

from django.db import models

from cms.editorial.goals import Goal


class StrategyGoal(models.Model):
    """One of the three goals of the strategy. Created by a data migration; not edited."""

    code = models.CharField(max_length=30, choices=Goal.choices, unique=True)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return Goal(self.code).label
