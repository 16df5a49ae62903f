"""Blocks for the strategy page: goals with their deliverables, and the phases as a timeline."""

from collections import Counter

from django.db import models

from wagtail import blocks

from cms.editorial.goals import Goal


class Status(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


STATUS_TAG_CLASSES = {
    Status.PLANNED: "govuk-tag--grey",
    Status.IN_PROGRESS: "govuk-tag--blue",
    Status.DONE: "govuk-tag--green",
}

PHASE_CHOICES = [("1", "Phase 1"), ("2", "Phase 2"), ("3", "Phase 3")]


def _iso(value):
    return value.isoformat() if value else None


class DeliverableBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    description = blocks.TextBlock(required=False)
    phase = blocks.ChoiceBlock(choices=PHASE_CHOICES, default="1")
    status = blocks.ChoiceBlock(choices=Status.choices, default=Status.PLANNED)
    due_date = blocks.DateBlock(required=False)

    class Meta:
        icon = "tasks"
        label_format = "{title}"

    def get_api_representation(self, value, context=None):
        return {
            "title": value["title"],
            "description": value["description"],
            "phase": int(value["phase"]),
            "status": value["status"],
            "status_label": Status(value["status"]).label,
            "due_date": _iso(value["due_date"]),
        }


class GoalBlock(blocks.StructBlock):
    goal = blocks.ChoiceBlock(
        choices=Goal.choices, help_text="Which of the strategy's goals this section describes."
    )
    title = blocks.CharBlock(max_length=200)
    summary = blocks.TextBlock()
    deliverables = blocks.ListBlock(DeliverableBlock(), collapsed=True)

    class Meta:
        icon = "pick"
        template = "blocks/goal_block.html"
        label_format = "{title}"

    @staticmethod
    def progress(value) -> dict:
        counts = Counter(item["status"] for item in value["deliverables"])
        return {
            "total": len(value["deliverables"]),
            **{status.value: counts.get(status.value, 0) for status in Status},
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["progress"] = self.progress(value)
        context["goal_label"] = Goal(value["goal"]).label
        return context

    def get_api_representation(self, value, context=None):
        deliverable_block = self.child_blocks["deliverables"].child_block
        return {
            "goal": value["goal"],
            "goal_label": Goal(value["goal"]).label,
            "title": value["title"],
            "summary": value["summary"],
            "deliverables": [
                deliverable_block.get_api_representation(item, context)
                for item in value["deliverables"]
            ],
            "progress": self.progress(value),
        }


class PhaseBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, help_text="For example, 'Phase 1: build momentum'.")
    start_date = blocks.DateBlock()
    end_date = blocks.DateBlock(required=False)
    status = blocks.ChoiceBlock(choices=Status.choices, default=Status.PLANNED)
    summary = blocks.TextBlock()

    class Meta:
        icon = "date"
        label_format = "{title}"

    def get_api_representation(self, value, context=None):
        return {
            "title": value["title"],
            "start_date": _iso(value["start_date"]),
            "end_date": _iso(value["end_date"]),
            "status": value["status"],
            "status_label": Status(value["status"]).label,
            "summary": value["summary"],
        }
