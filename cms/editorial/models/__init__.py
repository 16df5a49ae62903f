from cms.editorial.models.goals import StrategyGoal
from cms.editorial.models.pages import (
    CaseStudyIndexPage,
    CaseStudyPage,
    ChampionsPage,
    HomePage,
    HomePageFeaturedTheme,
    StandardPage,
    StrategyPage,
    TopTipsPage,
    UpdateIndexPage,
    UpdatePage,
)
from cms.editorial.models.settings import FooterLink, HubSettings
from cms.editorial.models.snippets import Champion, Organisation

__all__ = [
    "CaseStudyIndexPage",
    "CaseStudyPage",
    "Champion",
    "ChampionsPage",
    "FooterLink",
    "HomePage",
    "HomePageFeaturedTheme",
    "HubSettings",
    "Organisation",
    "StandardPage",
    "StrategyGoal",
    "StrategyPage",
    "TopTipsPage",
    "UpdateIndexPage",
    "UpdatePage",
]
