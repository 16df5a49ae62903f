"""Reference lists the hub starts with; editors extend them in the admin."""

GSS_ORGANISATIONS = [
    ("Office for National Statistics", "ONS", "https://www.ons.gov.uk"),
    (
        "Department of Health and Social Care",
        "DHSC",
        "https://www.gov.uk/government/organisations/department-of-health-and-social-care",
    ),
    (
        "Department for Education",
        "DfE",
        "https://www.gov.uk/government/organisations/department-for-education",
    ),
    (
        "Department for Work and Pensions",
        "DWP",
        "https://www.gov.uk/government/organisations/department-for-work-pensions",
    ),
    (
        "HM Revenue and Customs",
        "HMRC",
        "https://www.gov.uk/government/organisations/hm-revenue-customs",
    ),
    ("Home Office", "HO", "https://www.gov.uk/government/organisations/home-office"),
    (
        "Ministry of Justice",
        "MoJ",
        "https://www.gov.uk/government/organisations/ministry-of-justice",
    ),
    (
        "Department for Energy Security and Net Zero",
        "DESNZ",
        "https://www.gov.uk/government/organisations/department-for-energy-security-and-net-zero",
    ),
    (
        "Department for Business and Trade",
        "DBT",
        "https://www.gov.uk/government/organisations/department-for-business-and-trade",
    ),
    (
        "Ministry of Housing, Communities and Local Government",
        "MHCLG",
        "https://www.gov.uk/government/organisations/ministry-of-housing-communities-local-government",
    ),
    (
        "Department for Transport",
        "DfT",
        "https://www.gov.uk/government/organisations/department-for-transport",
    ),
    (
        "Department for Environment, Food and Rural Affairs",
        "Defra",
        "https://www.gov.uk/government/organisations/department-for-environment-food-rural-affairs",
    ),
    ("NHS England", "NHSE", "https://www.england.nhs.uk"),
    ("Public Health Scotland", "PHS", "https://publichealthscotland.scot"),
    ("Scottish Government", "SG", "https://www.gov.scot"),
    ("Welsh Government", "WG", "https://www.gov.wales"),
    ("Northern Ireland Statistics and Research Agency", "NISRA", "https://www.nisra.gov.uk"),
    ("UK Statistics Authority", "UKSA", "https://uksa.statisticsauthority.gov.uk"),
]

AUDIENCES = [
    "Businesses",
    "International organisations",
    "Trade unions",
    "Teachers and academics",
    "Local government",
    "Parliament",
    "Campaign groups",
    "The NHS",
    "Central banks and finance",
    "Journalists",
    "Charities and the voluntary sector",
    "The general public",
]

REGIONS = [
    "United Kingdom",
    "England",
    "Scotland",
    "Wales",
    "Northern Ireland",
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
