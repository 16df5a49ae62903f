"""The search log in the hub's personal-data registry: someone may search for an address."""

from intake.privacy.registry import PersonalDataSource, register


def register_personal_data() -> None:
    register(
        PersonalDataSource(
            key="search_log",
            model_label="hub_search.QueryLog",
            label="Searches for the email address",
            export_fields=("query", "created_at"),
            delete_if_mentioned_in=("query",),
        )
    )
