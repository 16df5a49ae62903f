"""Read endpoints for editorial records that are not pages: champions and organisations.

Only listed champions are public; their email address only when they chose to show it.
"""

from django.shortcuts import get_object_or_404

from ninja import Router, Schema

from cms.api_links import link, linked
from cms.api_schemas import OrganisationOut, ThemeRef, theme_ref
from cms.editorial.models import Organisation
from cms.editorial.selectors import champion_list
from themes.models import Theme

router = Router()


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
    def resolve_themes(obj, context):
        return [theme_ref(theme, context["request"]) for theme in obj.themes.all()]


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    summary="List organisations",
    openapi_extra=linked(
        200,
        OrganisationDetail=link(
            "cms_api_content_organisation_detail",
            "The first organisation.",
            parameters={"slug": "$response.body#/0/slug"},
        ),
        OrganisationChampions=link(
            "cms_api_content_champion_list_view",
            "The first organisation's champions.",
            parameters={"organisation": "$response.body#/0/slug"},
        ),
    ),
)
def organisation_list(request):
    return Organisation.objects.all()


@router.get("/organisations/{slug}", response=OrganisationOut, summary="One organisation")
def organisation_detail(request, slug: str):
    return get_object_or_404(Organisation, slug=slug)


@router.get(
    "/champions",
    response=list[ChampionOut],
    summary="List champions",
    openapi_extra=linked(
        200,
        ChampionDetail=link(
            "cms_api_content_champion_detail",
            "The first champion.",
            parameters={"champion_id": "$response.body#/0/id"},
        ),
    ),
)
def champion_list_view(request, organisation: str | None = None, theme: str | None = None):
    """Listed champions, optionally narrowed by organisation slug and theme slug.

    A theme includes every theme below it. An unknown slug gives an empty list.
    """
    filters = {}
    if organisation:
        filters["organisation"] = Organisation.objects.filter(slug=organisation).first()
        if filters["organisation"] is None:
            return []
    if theme:
        filters["theme"] = Theme.objects.filter(slug=theme).first()
        if filters["theme"] is None:
            return []
    return champion_list(**filters)


@router.get("/champions/{champion_id}", response=ChampionOut, summary="One champion")
def champion_detail(request, champion_id: int):
    return get_object_or_404(champion_list(), pk=champion_id)
