from cms.models.goals import StrategyGoal
from cms.models.pages import (
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
from cms.models.settings import FooterLink, HubSettings
from cms.models.snippets import Champion, Organisation

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
