"""Long checkbox lists folded into GOV.UK details, so the keyboard can pass them.

A list whose choices nest (themes, places) shows each top-level choice with the choices below
it folded beneath; a flat list (audiences, organisations) folds whole. A fold's summary names
what is ticked inside it, so a folded choice is never a hidden one, and the keyboard path stays
short when a listing is edited. A fold starts open when the field has an error and it holds the
first choice, where the error summary's link lands.
"""

from dataclasses import dataclass, field

from django import template

register = template.Library()

CHOSEN_NAMED = 3  # a summary names at most this many ticked choices


@dataclass
class Choice:
    id: str
    value: str
    label: str
    checked: bool
    type: str
    depth: int = 0


@dataclass
class Fold:
    summary: str
    lead: Choice | None = None  # the top-level choice shown above its fold
    choices: list[Choice] = field(default_factory=list)
    open: bool = False

    @property
    def selected(self) -> int:
        return sum(choice.checked for choice in self.choices)

    @property
    def chosen_text(self) -> str:
        """The ticked choices inside, for the summary: 'GDP, Inflation and 2 more'."""
        prefix = f"{self.lead.label}: " if self.lead else ""
        names = [choice.label.removeprefix(prefix) for choice in self.choices if choice.checked]
        if len(names) > CHOSEN_NAMED:
            return f"{', '.join(names[:CHOSEN_NAMED])} and {len(names) - CHOSEN_NAMED} more"
        return ", ".join(names)


def _choices(bound_field) -> list[tuple[Choice, object]]:
    found = []
    for index, option in enumerate(bound_field):
        data = option.data
        choice_id = bound_field.auto_id if index == 0 else f"{bound_field.auto_id}_{index + 1}"
        choice = Choice(
            id=choice_id,
            value=str(data["value"]),
            label=str(option.choice_label),
            checked=bool(data["selected"]),
            type=data["type"],
        )
        found.append((choice, getattr(data["value"], "instance", None)))
    return found


@register.simple_tag
def choice_folds(bound_field, fold: str) -> list[Fold]:
    """The field's choices as folds. ``fold`` words a fold's summary: '{name}' is the
    top-level choice it sits under, '{count}' how many choices it holds."""
    choices = _choices(bound_field)
    instances = {instance.pk: instance for _choice, instance in choices if instance is not None}
    nested = any(
        getattr(instance, "parent_id", None) in instances for instance in instances.values()
    )
    if not nested:
        listed = [choice for choice, _instance in choices]
        folds = [Fold(summary=fold.format(name="", count=len(listed)), choices=listed)]
    else:
        by_pk = {instance.pk: choice for choice, instance in choices}
        children: dict = {}
        roots = []
        for choice, instance in choices:
            parent = getattr(instance, "parent_id", None)
            if parent in instances:
                children.setdefault(parent, []).append(instance.pk)
            else:
                roots.append((choice, instance))
        folds = []
        for lead, instance in roots:
            below: list[Choice] = []

            def walk(pk, depth, below=below):
                for child in children.get(pk, []):
                    by_pk[child].depth = depth
                    below.append(by_pk[child])
                    walk(child, depth + 1)

            walk(instance.pk, 0)
            summary = fold.format(name=lead.label, count=len(below))
            folds.append(Fold(summary=summary, lead=lead, choices=below))
    first = choices[0][0].id if choices else ""
    for each in folds:
        holds_first = any(choice.id == first for choice in each.choices)
        each.open = bool(bound_field.errors) and holds_first
    return folds
