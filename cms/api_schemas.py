"""What every JSON endpoint shares: the answers that are only a sentence, the validation
errors, a page of a listing, and a theme or an organisation as another record names it (in the
hub's own API and in Wagtail's API v2 alike)."""

from ninja import Schema
from pydantic import create_model


class Message(Schema):
    """A sentence for a person: why a request was refused, or what happens next."""

    detail: str


class ValidationErrors(Schema):
    """What needs correcting, field by field, in the words the HTML forms use."""

    detail: str
    errors: dict[str, list[str]]


def page_schema(name: str, item: type[Schema]) -> type[Schema]:
    """A page of a listing (``cms.pagination.api_page``): how many results, which page of how
    many, and the page's results."""
    return create_model(
        name,
        __base__=Schema,
        count=(int, ...),
        page=(int, ...),
        pages=(int, ...),
        results=(list[item], ...),
    )


class ThemeRef(Schema):
    """A theme named where another record links to it."""

    id: int
    name: str
    slug: str
    url: str


class OrganisationOut(Schema):
    id: int
    name: str
    abbreviation: str
    slug: str
    website: str


def theme_ref(theme, request=None) -> dict:
    """A theme as a ``ThemeRef``, its URL absolute when there is a request to say where."""
    path = theme.get_absolute_url()
    return {
        "id": theme.id,
        "name": theme.name,
        "slug": theme.slug,
        "url": request.build_absolute_uri(path) if request is not None else path,
    }


def organisation_ref(organisation) -> dict | None:
    """An organisation as an ``OrganisationOut``."""
    if organisation is None:
        return None
    return {
        "id": organisation.id,
        "name": organisation.name,
        "abbreviation": organisation.abbreviation,
        "slug": organisation.slug,
        "website": organisation.website,
    }
