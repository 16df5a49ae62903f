"""The ONS topic tree the hub starts with. Editors change it in the admin afterwards."""

ONS_TOPIC_TREE = [
    (
        "Business, industry and trade",
        "How businesses perform, what they make and sell, and trade with other countries.",
        [
            ("Business", "Business activity, size, location and births and deaths.", []),
            ("Changes to business", "Mergers, acquisitions and business demography.", []),
            ("Construction industry", "Output, new orders and prices in construction.", []),
            ("International trade", "Imports and exports of goods and services.", []),
            ("IT and internet industry", "E-commerce and the digital economy.", []),
            ("Manufacturing and production industry", "Industrial production and output.", []),
            ("Retail industry", "Retail sales, spending in shops and online.", []),
            ("Tourism industry", "Travel and tourism, visits and spending.", []),
        ],
    ),
    (
        "Census",
        "The census of population in England and Wales and what it tells us.",
        [
            ("Ageing", "The age structure of the population and how it changes.", []),
            ("Ethnic group, national identity and religion", "Who we are and what we believe.", []),
            ("Health, disability and unpaid care", "Census measures of health and care.", []),
            ("Housing (census)", "Accommodation, tenure and occupancy from the census.", []),
            ("Travel to work", "How and how far people travel to work.", []),
        ],
    ),
    (
        "Economy",
        "The size and shape of the UK economy, prices and the public finances.",
        [
            (
                "Economic output and productivity",
                "Output, productivity and the economic cycle.",
                [],
            ),
            ("GDP", "Gross domestic product, quarterly and monthly.", []),
            (
                "Government, public sector and taxes",
                "Public spending, borrowing, debt and taxes.",
                [],
            ),
            (
                "Inflation and price indices",
                "Consumer and producer prices, CPI, CPIH and house prices.",
                [
                    ("Consumer price inflation", "CPI and CPIH: prices paid by households.", []),
                    ("House price statistics", "Prices paid for homes and private rents.", []),
                ],
            ),
            ("Investments, pensions and trusts", "Saving and investment by households.", []),
            ("National accounts", "Supply and use, the sector accounts and the Blue Book.", []),
            ("Regional accounts", "Economic activity in nations, regions and local areas.", []),
        ],
    ),
    (
        "Employment and labour market",
        "Jobs, earnings, hours and people looking for work.",
        [
            (
                "People in work",
                "Employment, earnings, hours, jobs and workplace relations.",
                [
                    ("Earnings and working hours", "Pay, pay gaps and hours worked.", []),
                    (
                        "Employment and employee types",
                        "Who is in work and in what kind of job.",
                        [],
                    ),
                ],
            ),
            (
                "People not in work",
                "Unemployment, economic inactivity and out-of-work benefits.",
                [
                    ("Unemployment", "People without a job who are looking for work.", []),
                    ("Economic inactivity", "People neither in work nor looking for it.", []),
                ],
            ),
        ],
    ),
    (
        "People, population and community",
        "Who lives here, their health, homes, education, crime and well-being.",
        [
            ("Crime and justice", "Crime, policing, courts and prisons.", []),
            ("Education and childcare", "Schools, further and higher education, childcare.", []),
            (
                "Health and social care",
                "Health of the population, the NHS, social care and causes of death.",
                [
                    ("Conditions and diseases", "Illnesses and long-term conditions.", []),
                    ("Healthcare system", "NHS activity, waiting times and the workforce.", []),
                    ("Social care", "Adult social care and care homes.", []),
                ],
            ),
            ("Housing", "Homes, rents, affordability and homelessness.", []),
            ("Population and migration", "Population estimates, projections and migration.", []),
            (
                "Personal and household finances",
                "Income, wealth, spending and debt of households.",
                [],
            ),
            ("Well-being", "Personal well-being, loneliness and quality of life.", []),
            ("Births, deaths and marriages", "Vital events and life expectancy.", []),
        ],
    ),
]
