"""Demo user groups for `make run`: believable listings across themes, organisations,
membership types and formats. Safe to run twice."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from cms.editorial.models import Organisation
from intake.models import Audience, Region, UserGroup
from themes.models import Theme

M, F, Q = UserGroup.Membership, UserGroup.Format, UserGroup.Frequency

DEMO_GROUPS = [
    {
        "name": "Consultative Committee for Construction Industry Statistics",
        "summary": "Producers and users of construction statistics review output, new orders "
        "and prices, and shape future releases.",
        "description": "The committee brings together the departments that produce construction "
        "statistics (the Office for National Statistics, the Ministry of Housing, Communities "
        "and Local Government and the Department for Business and Trade) with the people who "
        "use them: trade bodies, contractors, economists and researchers.\n\nMembership is open "
        "to all users of construction statistics. Members may propose agenda items before each "
        "meeting. The Department for Business and Trade administers the committee.",
        "themes": ["construction-industry"],
        "producers": ["ons", "mhclg", "dbt"],
        "admin": "dbt",
        "membership": M.OPEN,
        "how_to_join": "Ask to join through the hub. The secretariat will add you to the "
        "mailing list and send papers two weeks before each meeting. To propose an agenda item, "
        "email the secretariat at least a month before the meeting.",
        "frequency": Q.TWICE_YEARLY,
        "format": F.HYBRID,
        "regions": ["united-kingdom"],
        "audiences": ["businesses", "teachers-and-academics", "central-banks-and-finance"],
        "website": "https://www.gov.uk/government/groups/consultative-committee-on-construction-industry-statistics",
        "contact": (
            "Construction statistics secretariat",
            "construction.statistics@dbt.example.gov.uk",
        ),
        "days": 45,
    },
    {
        "name": "Labour Market Statistics User Group",
        "summary": "Discusses employment, unemployment and earnings statistics with the teams "
        "who produce them.",
        "description": "A long-running forum for users of labour market statistics from the "
        "Labour Force Survey, PAYE Real Time Information and the Annual Survey of Hours and "
        "Earnings. Producers present changes and members give feedback on priorities.",
        "themes": ["people-in-work", "people-not-in-work"],
        "producers": ["ons", "dwp", "hmrc"],
        "admin": "ons",
        "membership": M.OPEN,
        "how_to_join": "You will receive the online meeting link and the agenda by email.",
        "frequency": Q.QUARTERLY,
        "format": F.ONLINE,
        "regions": ["united-kingdom"],
        "audiences": ["trade-unions", "journalists", "central-banks-and-finance"],
        "contact": ("Labour market engagement team", "labour.market@ons.example.gov.uk"),
        "days": 20,
    },
    {
        "name": "Consumer Prices Advisory Panel for Users",
        "summary": "Users of CPI, CPIH and house price statistics advise on methods and "
        "communication.",
        "description": "The panel hears proposed changes to the consumer price indices, such as "
        "new data sources for rents and second-hand cars, and advises on how they are "
        "explained to the public.",
        "themes": ["consumer-price-inflation", "house-price-statistics"],
        "producers": ["ons"],
        "admin": "ons",
        "membership": M.REQUEST,
        "how_to_join": "Tell us about your use of price statistics. The chair reviews requests "
        "before each meeting.",
        "frequency": Q.QUARTERLY,
        "format": F.HYBRID,
        "regions": ["united-kingdom"],
        "audiences": ["central-banks-and-finance", "teachers-and-academics", "businesses"],
        "contact": ("Prices user engagement", "prices.users@ons.example.gov.uk"),
        "days": 33,
    },
    {
        "name": "Health and Social Care Statistics Users Forum",
        "summary": "Producers of NHS and social care statistics meet users from the NHS, local "
        "government and charities.",
        "description": "Covers waiting times, workforce, adult social care and public health "
        "statistics across the four nations.",
        "themes": ["healthcare-system", "social-care"],
        "producers": ["dhsc", "nhse", "phs"],
        "admin": "dhsc",
        "membership": M.OPEN,
        "how_to_join": "We will add you to the forum's mailing list.",
        "frequency": Q.QUARTERLY,
        "format": F.ONLINE,
        "regions": ["england", "scotland"],
        "audiences": ["the-nhs", "local-government", "charities-and-the-voluntary-sector"],
        "contact": ("Health statistics engagement", "health.stats@dhsc.example.gov.uk"),
        "days": 60,
    },
    {
        "name": "Scottish Crime and Justice Statistics User Group",
        "summary": "Users of recorded crime, court and prison statistics in Scotland.",
        "description": "Members shape the Scottish Government's justice statistics work "
        "programme and review new outputs before publication.",
        "themes": ["crime-and-justice"],
        "producers": ["sg"],
        "admin": "sg",
        "membership": M.REQUEST,
        "how_to_join": "The secretariat will confirm your place and send the papers.",
        "frequency": Q.TWICE_YEARLY,
        "format": F.IN_PERSON,
        "regions": ["scotland"],
        "audiences": ["local-government", "teachers-and-academics", "campaign-groups"],
        "contact": ("Justice analytical services", "justice.statistics@gov.scot.example"),
        "days": 90,
    },
    {
        "name": "Education Statistics User Forum",
        "summary": "Schools, further education and childcare statistics for England.",
        "description": "The Department for Education presents plans for school census, "
        "attainment and childcare statistics, and users say what they need.",
        "themes": ["education-and-childcare"],
        "producers": ["dfe"],
        "admin": "dfe",
        "membership": M.OPEN,
        "how_to_join": "Joining instructions and past papers are emailed after you join.",
        "frequency": Q.TWICE_YEARLY,
        "format": F.ONLINE,
        "regions": ["england"],
        "audiences": ["teachers-and-academics", "local-government", "the-general-public"],
        "contact": ("Education data division", "education.statistics@dfe.example.gov.uk"),
        "days": 75,
    },
    {
        "name": "International Trade Statistics Liaison Group",
        "summary": "Trade in goods and services statistics from HMRC, ONS and DBT.",
        "description": "Business users and analysts meet the producers of overseas trade "
        "statistics to discuss coverage, revisions and new breakdowns by region and industry.",
        "themes": ["international-trade"],
        "producers": ["hmrc", "ons", "dbt"],
        "admin": "hmrc",
        "membership": M.OPEN,
        "how_to_join": "You will be sent the meeting invitation and the trade statistics "
        "newsletter.",
        "frequency": Q.QUARTERLY,
        "format": F.ONLINE,
        "regions": ["united-kingdom"],
        "audiences": ["businesses", "international-organisations"],
        "contact": ("Trade statistics team", "trade.statistics@hmrc.example.gov.uk"),
        "days": 28,
    },
    {
        "name": "Welsh Housing Statistics Forum",
        "summary": "Housing supply, homelessness and housing conditions statistics in Wales.",
        "description": "Welsh Government statisticians and local authority housing teams work "
        "together on data collections and outputs.",
        "themes": ["housing"],
        "producers": ["wg"],
        "admin": "wg",
        "membership": M.INVITATION,
        "how_to_join": "Membership is for local authority housing data leads. Contact the "
        "housing statistics team to ask about joining.",
        "frequency": Q.QUARTERLY,
        "format": F.HYBRID,
        "regions": ["wales"],
        "audiences": ["local-government"],
        "contact": ("Housing statistics team", "housing.stats@gov.wales.example"),
        "public_email": True,
        "days": 40,
    },
    {
        "name": "Northern Ireland Population Statistics User Group",
        "summary": "Population estimates, projections and migration for Northern Ireland.",
        "description": "NISRA presents population and migration outputs and consults users on "
        "the next census.",
        "themes": ["population-and-migration", "census"],
        "producers": ["nisra"],
        "admin": "nisra",
        "membership": M.OPEN,
        "how_to_join": "We will email you the agenda and joining link.",
        "frequency": Q.YEARLY,
        "format": F.ONLINE,
        "regions": ["northern-ireland"],
        "audiences": ["local-government", "the-general-public"],
        "contact": ("Population statistics branch", "census@nisra.example.gov.uk"),
        "days": 120,
    },
    {
        "name": "Transport Statistics Users Group",
        "summary": "Road, rail, bus and travel to work statistics for Great Britain.",
        "description": "An independent users group that meets the Department for Transport and "
        "ONS to discuss transport and commuting statistics.",
        "themes": ["travel-to-work"],
        "producers": ["dft", "ons"],
        "admin": "dft",
        "membership": M.OPEN,
        "how_to_join": "Members receive invitations to seminars and the annual conference.",
        "frequency": Q.MONTHLY,
        "format": F.IN_PERSON,
        "regions": ["england", "scotland", "wales"],
        "audiences": ["local-government", "businesses", "teachers-and-academics"],
        "contact": ("Transport statistics engagement", "transport.statistics@dft.example.gov.uk"),
        "days": 14,
    },
    {
        "name": "Public Sector Finances User Forum",
        "summary": "Borrowing, debt and tax receipts statistics and how they are revised.",
        "description": "Discusses the monthly public sector finances release and the "
        "classification of public bodies.",
        "themes": ["government-public-sector-and-taxes"],
        "producers": ["ons", "hmrc"],
        "admin": "ons",
        "membership": M.REQUEST,
        "how_to_join": "Tell us how you use the public sector finances statistics.",
        "frequency": Q.TWICE_YEARLY,
        "format": F.ONLINE,
        "regions": ["united-kingdom"],
        "audiences": ["parliament", "central-banks-and-finance", "journalists"],
        "contact": ("Public sector finances team", "psf@ons.example.gov.uk"),
        "days": 50,
    },
    {
        "name": "Energy Statistics Users Group",
        "summary": "Energy production, consumption and prices statistics.",
        "description": "DESNZ statisticians consult users on energy trends, fuel poverty and "
        "sub-national consumption statistics.",
        "themes": ["economic-output-and-productivity"],
        "producers": ["desnz"],
        "admin": "desnz",
        "membership": M.OPEN,
        "how_to_join": "You will be added to the energy statistics mailing list.",
        "frequency": Q.YEARLY,
        "format": F.ONLINE,
        "regions": ["united-kingdom"],
        "audiences": ["businesses", "campaign-groups", "teachers-and-academics"],
        "contact": ("Energy statistics team", "energy.stats@desnz.example.gov.uk"),
        "days": 100,
    },
    {
        "name": "Regional Economic Statistics Network",
        "summary": "GDP, productivity and regional accounts for nations, regions and cities.",
        "description": "Brings together local government economists, combined authorities and "
        "ONS to improve sub-national economic statistics.",
        "themes": ["regional-accounts", "gdp"],
        "producers": ["ons"],
        "admin": "ons",
        "membership": M.OPEN,
        "how_to_join": "Members are invited to quarterly webinars.",
        "frequency": Q.QUARTERLY,
        "format": F.ONLINE,
        "regions": ["north-east", "north-west", "yorkshire-and-the-humber", "west-midlands"],
        "audiences": ["local-government", "businesses"],
        "contact": ("Subnational statistics team", "subnational@ons.example.gov.uk"),
        "days": 18,
    },
    {
        "name": "Agriculture and Rural Statistics Forum",
        "summary": "Farming, food and rural economy statistics from Defra.",
        "description": "Users from farming organisations, researchers and local government "
        "discuss Defra's agricultural statistics and the June survey.",
        "themes": ["business"],
        "producers": ["defra"],
        "admin": "defra",
        "membership": M.REQUEST,
        "how_to_join": "The forum secretary will confirm your membership.",
        "frequency": Q.TWICE_YEARLY,
        "format": F.HYBRID,
        "regions": ["england"],
        "audiences": ["businesses", "teachers-and-academics"],
        "contact": ("Farming statistics team", "farming.stats@defra.example.gov.uk"),
        "days": 65,
    },
    {
        "name": "Well-being and Household Finances Users Panel",
        "summary": "Personal well-being, wealth and household income statistics.",
        "description": "The panel advises on measuring national well-being and on household "
        "finance surveys.",
        "themes": ["well-being", "personal-and-household-finances"],
        "producers": ["ons", "dwp"],
        "admin": "ons",
        "membership": M.INVITATION,
        "how_to_join": "Members are invited for two-year terms. Email the well-being team to "
        "express interest.",
        "frequency": Q.YEARLY,
        "format": F.IN_PERSON,
        "regions": ["united-kingdom"],
        "audiences": ["charities-and-the-voluntary-sector", "teachers-and-academics"],
        "contact": ("Well-being team", "wellbeing@ons.example.gov.uk"),
        "public_email": True,
        "days": 150,
    },
]


def demo_next_meeting(days: int) -> datetime:
    """When a demo group next meets: the meetings demo adds that meeting."""
    day = (timezone.localtime() + timedelta(days=days)).date()
    return timezone.make_aware(datetime.combine(day, time(14, 0)))


def load_demo_groups(*, stdout=None) -> int:
    """Create the demo groups if missing; return how many were created. Safe to run twice."""
    from django.utils.text import slugify

    created = 0
    with transaction.atomic():
        for spec in DEMO_GROUPS:
            slug = slugify(spec["name"])[:200]
            if UserGroup.objects.filter(slug=slug).exists():
                continue
            now = timezone.now()
            group = UserGroup(
                name=spec["name"],
                slug=slug,
                summary=spec["summary"],
                description=spec["description"],
                administering_body=Organisation.objects.get(slug=spec["admin"]),
                membership=spec["membership"],
                how_to_join=spec["how_to_join"],
                meeting_frequency=spec["frequency"],
                format=spec["format"],
                website=spec.get("website", ""),
                contact_name=spec["contact"][0],
                contact_email=spec["contact"][1],
                contact_email_public=spec.get("public_email", False),
                status=UserGroup.Status.LISTED,
                email_verified_at=now,
                consent_given_at=now,
                privacy_notice_version="demo",
                last_confirmed_at=now,
            )
            group.save()
            group.themes.set(Theme.objects.filter(slug__in=spec["themes"]))
            group.producing_organisations.set(
                Organisation.objects.filter(slug__in=spec["producers"])
            )
            group.regions.set(Region.objects.filter(slug__in=spec["regions"]))
            group.audiences.set(Audience.objects.filter(slug__in=spec["audiences"]))
            created += 1
    if stdout is not None:
        stdout.write(f"Demo groups: {created} created, {len(DEMO_GROUPS) - created} already there.")
    return created
