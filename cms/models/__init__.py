from cms.models.pages import HomePage
from cms.models.settings import HubSettings
from cms.models.snippets import Champion, Organisation

__all__ = ["Champion", "HomePage", "HubSettings", "Organisation"]
