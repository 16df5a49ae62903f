"""The three goals of the User Engagement Strategy for Statistics (February 2021)."""

from django.db import models


class Goal(models.TextChoices):
    COLLABORATE = "collaborate", "Collaborate"
    BUILD_CAPABILITY = "build_capability", "Build capability"
    STRENGTHEN_CULTURE = "strengthen_culture", "Strengthen culture"


GOAL_DESCRIPTIONS = {
    Goal.COLLABORATE: "Collaborate across boundaries to offer a more coherent user experience.",
    Goal.BUILD_CAPABILITY: (
        "Build capability and equip producers of statistics with the practical skills and tools "
        "to deliver effective user engagement activities."
    ),
    Goal.STRENGTHEN_CULTURE: (
        "Strengthen our culture and ensure user engagement is always an ongoing and essential "
        "part of a statistics producer's role."
    ),
}
