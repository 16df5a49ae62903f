"""Read endpoints for editorial records that are not pages: champions and organisations."""

from django.db.models import Prefetch

from ninja import Router, Schema

from cms.models import Champion, Organisation
from themes.models import Theme
from themes.selectors import theme_descendant_ids

router = Router()


class OrganisationOut(Schema):
    id: int
    name: str
    abbreviation: str
    slug: str
    website: str


class ThemeRef(Schema):
    id: int
    name: str
    slug: str


class ChampionOut(Schema):
    id: int
    name: str
    role: str
    organisation: OrganisationOut
    themes: list[ThemeRef]
    email: str
    bio: str

    @staticmethod
    def resolve_email(obj) -> str:
        return obj.public_email

    @staticmethod
    def resolve_themes(obj):
        return list(obj.themes.all())


@router.get("/organisations", response=list[OrganisationOut], summary="List organisations")
def organisation_list(request):
    return Organisation.objects.all()


@router.get("/champions", response=list[ChampionOut], summary="List champions")
def champion_list(request, organisation: str | None = None, theme: str | None = None):
    """Listed champions, optionally narrowed by organisation slug and theme slug (with children)."""
    champions = (
        Champion.objects.filter(is_listed=True)
        .select_related("organisation")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
    )
    if organisation:
        champions = champions.filter(organisation__slug=organisation)
    if theme:
        root = Theme.objects.filter(slug=theme).first()
        if root is None:
            return []
        champions = champions.filter(
            themes__in=theme_descendant_ids(theme_ids=[root.id])
        ).distinct()
    return champions
