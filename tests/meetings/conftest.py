from django.utils import timezone

import pytest

from intake.links import manage_link


def manage_path(group) -> str:
    return manage_link(group=group).removeprefix("http://testserver")


@pytest.fixture
def meeting_post() -> dict:
    """A valid meeting as the contact's form posts it (summer: UK time is BST)."""
    return {
        "title": "Summer meeting",
        "date_0": "15",
        "date_1": "7",
        "date_2": str(timezone.now().year + 1),
        "start_time": "14:00",
        "end_time": "16:30",
        "format": "hybrid",
        "place": "Government Buildings, Cardiff Road, Newport",
        "joining_instructions": "https://meet.example.gov.uk/summer",
        "agenda": "1. Welcome\n2. The new rural breakdowns",
        "papers_url": "",
        "minutes_url": "",
    }
