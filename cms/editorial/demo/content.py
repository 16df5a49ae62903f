"""The words of the demo hub.

Written for this product from the strategy update paper (May 2021) and the product brief.
People named as champions and case-study contacts are fictional; email addresses use the
reserved ``.example`` domain.
"""

from datetime import date

HOME = {
    "introduction": (
        "Find user groups and forums for UK official statistics by theme, and learn how "
        "producers and users of statistics work together."
    ),
    "purpose": (
        "<p>The User Support and Engagement Resource (USER) hub is one place where the people "
        "who produce official statistics and the people who use them can find each other.</p>"
        '<p>It is part of the <a href="/strategy/">User Engagement Strategy for Statistics</a>'
        ", which wants user engagement to be second nature for every producer of "
        "statistics.</p>"
        "<ul><li>search the register of user groups and forums by theme</li>"
        "<li>read case studies of engagement that worked</li>"
        "<li>find the user engagement champion in a department</li></ul>"
    ),
    "featured_themes": [
        "economy",
        "employment-and-labour-market",
        "people-population-and-community",
        "business-industry-and-trade",
        "census",
    ],
}

STRATEGY = {
    "slug": "strategy",
    "title": "User Engagement Strategy for Statistics",
    "search_description": (
        "The strategy's vision, its three goals, what has been delivered and what comes next."
    ),
    "introduction": (
        "Launched on 22 February 2021 for the Government Statistical Service, the strategy sets "
        "out how producers of statistics will engage with the people who use them."
    ),
    "vision": (
        "User engagement is second nature for all producers of statistics; is embedded into an "
        "organisation's wider engagement activities and is actively implemented throughout the "
        "statistical development, production and review cycle."
    ),
    "goals": [
        {
            "goal": "collaborate",
            "title": "Goal 1: collaborate across boundaries",
            "summary": (
                "Work across organisations and professions so that users meet one joined-up "
                "statistical system rather than dozens of separate ones."
            ),
            "deliverables": [
                (
                    "A network of user engagement champions",
                    "A named champion in each producer body who promotes the strategy, secures "
                    "senior support and finds case studies worth sharing.",
                    "1",
                    "done",
                    date(2021, 9, 30),
                ),
                (
                    "An audit of user groups and forums",
                    "Find the user groups and forums that already exist across the Government "
                    "Statistical Service, so they can be joined up.",
                    "1",
                    "done",
                    date(2021, 12, 31),
                ),
                (
                    "Theme-based engagement",
                    "Organise engagement around statistical themes, following the ONS topic "
                    "tree, instead of one group per publication.",
                    "2",
                    "in_progress",
                    date(2027, 3, 31),
                ),
                (
                    "The USER hub",
                    "A central register of user groups by theme, with ways to join a group, "
                    "register a group and ask a producer for engagement.",
                    "2",
                    "in_progress",
                    date(2027, 3, 31),
                ),
            ],
        },
        {
            "goal": "build_capability",
            "title": "Goal 2: build capability",
            "summary": (
                "Give producers of statistics practical skills and tools to plan, run and learn "
                "from user engagement."
            ),
            "deliverables": [
                (
                    "10 top tips for user engagement",
                    "Quick wins and effective behaviours that any analyst can use straight away.",
                    "1",
                    "done",
                    date(2021, 7, 31),
                ),
                (
                    "Case studies of effective engagement",
                    "Stories from producers about engagement that changed their statistics, "
                    "published on the hub.",
                    "1",
                    "done",
                    date(2021, 12, 31),
                ),
                (
                    "An engagement planning guide",
                    "Guidance on choosing methods, reaching people who do not yet use "
                    "statistics and recording what changed as a result.",
                    "2",
                    "in_progress",
                    date(2027, 6, 30),
                ),
                (
                    "Training for analysts",
                    "Short courses on user research and facilitation for statisticians.",
                    "3",
                    "planned",
                    None,
                ),
            ],
        },
        {
            "goal": "strengthen_culture",
            "title": "Goal 3: strengthen culture",
            "summary": (
                "Make engagement an ongoing, essential part of a producer's role, valued by "
                "leaders and visible to users."
            ),
            "deliverables": [
                (
                    "Senior support in every producer body",
                    "Heads of profession agree to champion the strategy in their organisation.",
                    "1",
                    "done",
                    date(2021, 12, 31),
                ),
                (
                    "User groups share their biggest successes",
                    "Groups send the project team examples of the impact of effective user "
                    "forums, to inspire others.",
                    "1",
                    "done",
                    date(2021, 12, 31),
                ),
                (
                    "A public 'you said, we did' log",
                    "Answered engagement requests, published with the requester's consent, so "
                    "users can see what changed.",
                    "2",
                    "in_progress",
                    date(2027, 3, 31),
                ),
                (
                    "A review of the strategy's impact",
                    "Ask users and producers whether engagement has become second nature, and "
                    "what should come next.",
                    "3",
                    "planned",
                    None,
                ),
            ],
        },
    ],
    "phases": [
        (
            "Phase 1: build momentum",
            date(2021, 2, 22),
            date(2022, 3, 31),
            "done",
            "Set up the champions network, audit existing user groups, write the top tips and "
            "collect the first case studies.",
        ),
        (
            "Phase 2: the USER hub",
            date(2022, 4, 1),
            None,
            "in_progress",
            "Launch the hub: a register of user groups by theme, the champions directory and "
            "ways for users to ask producers for engagement.",
        ),
        (
            "Phase 3: embed and review",
            date(2027, 4, 1),
            None,
            "planned",
            "Train analysts, review what has changed for users and agree the next strategy.",
        ),
    ],
}

TOP_TIPS = {
    "slug": "top-tips",
    "title": "10 top tips for user engagement",
    "search_description": "Quick wins and habits that make engagement with users work.",
    "introduction": (
        "<p>Quick wins and effective habits for anyone who produces statistics. None of them "
        "needs a budget; all of them need a little time.</p>"
    ),
    "tips": [
        (
            "Know who uses your statistics, and who does not",
            "<p>List the people and organisations who use your statistics and what they use "
            "them for. Then list who could use them but does not. Both lists tell you whom to "
            "talk to.</p>",
            "A team publishing road casualty statistics found that local road safety "
            "charities used their tables every month but had never been asked about them.",
            "",
            "",
        ),
        (
            "Join a group before you start a new one",
            "<p>Search the hub for user groups on your theme. Joining an existing group reaches "
            "people who already care, and saves users from sitting in two meetings about the "
            "same thing.</p>",
            "",
            "/search/",
            "Search for a user group",
        ),
        (
            "Ask before you change anything",
            "<p>Tell users early about changes to methods, timing or formats, say why, and ask "
            "what the change would mean for them. Late surprises cost more trust than the change "
            "itself.</p>",
            "Before moving a release from quarterly to monthly, a team asked its user group "
            "which tables had to stay and kept the two that local councils relied on.",
            "",
            "",
        ),
        (
            "Make it easy to reply",
            "<p>Ask a few clear questions in plain English. Offer more than one way to "
            "answer: a short form, an email, a conversation. Low response is one of the main "
            "barriers producers report.</p>",
            "",
            "",
            "",
        ),
        (
            "Close the loop: say what you did",
            "<p>When users give feedback, tell them what changed and what did not, and why. A "
            "short 'you said, we did' note keeps people coming back.</p>",
            "",
            "",
            "",
        ),
        (
            "Engage throughout the cycle",
            "<p>Engagement is not only for consultations. Involve users when you develop new "
            "statistics, while you produce them and when you review them.</p>",
            "",
            "",
            "",
        ),
        (
            "Work with other producers on your theme",
            "<p>Users rarely care which department produced a number. Team up with other "
            "producers on the same theme to run one joint event instead of three.</p>",
            "Three departments producing construction statistics share one consultative "
            "committee that meets twice a year.",
            "",
            "",
        ),
        (
            "Plan time and money for engagement",
            "<p>Put engagement in your work plan with named people and time. Producers told us "
            "that time and resource are the biggest barriers, so plan for them rather than "
            "hoping they appear.</p>",
            "",
            "",
            "",
        ),
        (
            "Keep your listing current",
            "<p>If you run a user group, keep its entry on the hub up to date: contact, "
            "how to join and the next meeting. The hub asks you to confirm it once a year.</p>",
            "",
            "/groups/register/",
            "Register a user group",
        ),
        (
            "Share what worked",
            "<p>When engagement changes your statistics for the better, write it up. Other "
            "producers learn fastest from colleagues' examples.</p>",
            "",
            "/share-a-success/",
            "Share a success story",
        ),
    ],
}

CASE_STUDY_INDEX = {
    "slug": "case-studies",
    "title": "Case studies",
    "search_description": "Examples of effective user engagement from producers of statistics.",
    "introduction": (
        "<p>How producers of official statistics engaged with users, what they learnt and what "
        "changed as a result. Filter by theme or by the strategy goal each example supports.</p>"
    ),
}

CASE_STUDIES = [
    {
        "slug": "one-committee-for-construction-statistics",
        "title": "One committee for construction statistics across three departments",
        "summary": (
            "Producers of construction statistics in three departments share one consultative "
            "committee, so users raise issues once and get one joined-up answer."
        ),
        "organisation": "dbt",
        "themes": ["construction-industry"],
        "goals": ["collaborate", "strengthen_culture"],
        "task": (
            "<p>Construction statistics are produced by several departments. Users such as "
            "trade bodies and forecasters had to follow separate releases and contacts, and "
            "did not always know whom to ask.</p>"
        ),
        "approach": (
            "<p>The departments agreed to run a single consultative committee, administered by "
            "one of them. Membership is open to all users, any member can propose an agenda "
            "item, and the committee meets twice a year.</p>"
        ),
        "outcome": (
            "<p>Users now raise a question once. Producers plan changes together and explain "
            "them at the same meeting, and the committee's notes are published for those who "
            "could not attend.</p>"
        ),
        "lessons": (
            "<ul><li>Agree who administers the group before the first meeting.</li>"
            "<li>Let members set part of the agenda.</li></ul>"
        ),
        "contact_name": "Construction statistics team",
        "contact_email": "construction.statistics@dbt.example",
    },
    {
        "slug": "waiting-times-dashboard-with-patient-charities",
        "title": "Designing a waiting times dashboard with patient charities",
        "summary": (
            "Analysts tested early versions of a waiting times dashboard with patient charities "
            "and changed the measures shown first."
        ),
        "organisation": "nhse",
        "themes": ["healthcare-system"],
        "goals": ["build_capability", "collaborate"],
        "task": (
            "<p>Waiting times statistics were published as large spreadsheets. Charities "
            "supporting patients said they could not find the figures their members asked "
            "about.</p>"
        ),
        "approach": (
            "<p>The team ran four short sessions with charity staff, each looking at a "
            "prototype. They asked people to find answers to real questions and watched where "
            "they got stuck.</p>"
        ),
        "outcome": (
            "<p>The dashboard leads with the measure patients ask about most and explains each "
            "term in plain English. Charities now link to it from their own advice pages.</p>"
        ),
        "lessons": (
            "<p>Watching people use a prototype taught the team more than asking what they "
            "wanted.</p>"
        ),
        "contact_name": "Waiting times analysis team",
        "contact_email": "waiting.times@nhse.example",
    },
    {
        "slug": "explaining-a-labour-market-survey-change",
        "title": "Explaining a change to labour market survey estimates",
        "summary": (
            "Before reweighting survey estimates, a team briefed its users, published a plain "
            "English explainer and answered questions in an open session."
        ),
        "organisation": "ons",
        "themes": ["people-in-work", "unemployment"],
        "goals": ["strengthen_culture"],
        "task": (
            "<p>New population figures meant labour market estimates had to be reweighted. "
            "Headline rates would move, and users needed to understand why before the numbers "
            "changed.</p>"
        ),
        "approach": (
            "<p>The team wrote to registered users a month ahead, published an explainer with "
            "worked examples and held an online session where anyone could ask questions.</p>"
        ),
        "outcome": (
            "<p>Commentary on release day focused on the labour market, not on the method. "
            "Questions from the session became a published list of answers.</p>"
        ),
        "lessons": "<p>Explain changes before release day, not on it.</p>",
        "contact_name": "Labour market statistics",
        "contact_email": "labour.market@ons.example",
    },
    {
        "slug": "a-user-panel-for-court-statistics",
        "title": "A user panel for criminal court statistics",
        "summary": (
            "A standing panel of researchers, charities and legal professionals now reviews "
            "planned changes to court statistics."
        ),
        "organisation": "moj",
        "themes": ["crime-and-justice"],
        "goals": ["collaborate", "build_capability"],
        "task": (
            "<p>Feedback on court statistics came in one email at a time, mostly after "
            "publication, when it was too late to act on.</p>"
        ),
        "approach": (
            "<p>The team invited a mix of users to a panel that meets every three months, with "
            "papers sent a week in advance and a standing item on planned changes.</p>"
        ),
        "outcome": (
            "<p>Two planned changes were adjusted after panel discussion, and a new breakdown by "
            "offence group was added at users' request.</p>"
        ),
        "lessons": (
            "<p>A mix of backgrounds on the panel surfaced needs no single group would have "
            "raised.</p>"
        ),
        "contact_name": "Court statistics team",
        "contact_email": "court.statistics@moj.example",
    },
    {
        "slug": "testing-school-funding-statistics-with-local-authorities",
        "title": "Testing school funding statistics with local authorities",
        "summary": (
            "A new release on school funding was tested with finance officers in local "
            "authorities and teachers before it was published."
        ),
        "organisation": "dfe",
        "themes": ["education-and-childcare"],
        "goals": ["build_capability"],
        "task": (
            "<p>The department planned a new release on school funding. Local authority finance "
            "officers would use it to plan budgets, and teachers' unions to compare areas.</p>"
        ),
        "approach": (
            "<p>Analysts shared draft tables with a small group of finance officers and union "
            "researchers and asked them to use the tables for a real task.</p>"
        ),
        "outcome": (
            "<p>Column definitions were rewritten and a per-pupil measure was added. The first "
            "release drew far fewer clarification requests than similar releases.</p>"
        ),
        "lessons": "<p>Test with the people who will use the numbers to make decisions.</p>",
        "contact_name": "School funding statistics",
        "contact_email": "school.funding@dfe.example",
    },
    {
        "slug": "household-costs-with-users",
        "title": "Building household cost measures with users",
        "summary": (
            "Users from charities and academia helped shape new measures of how price changes "
            "affect different households."
        ),
        "organisation": "ons",
        "themes": ["inflation-and-price-indices", "personal-and-household-finances"],
        "goals": ["collaborate", "strengthen_culture"],
        "task": (
            "<p>Users asked for inflation measures that reflect what different kinds of "
            "household actually pay, such as renters, retired people and low-income "
            "families.</p>"
        ),
        "approach": (
            "<p>An advisory group of users met throughout development. The team published "
            "research versions early and asked for comments on each.</p>"
        ),
        "outcome": (
            "<p>The measures break figures down by the household groups users asked for, and "
            "users were involved in deciding when they were ready to publish.</p>"
        ),
        "lessons": (
            "<p>Publishing early research versions invited useful criticism while change was "
            "still cheap.</p>"
        ),
        "contact_name": "Prices statistics team",
        "contact_email": "prices@ons.example",
    },
    {
        "slug": "bilingual-engagement-on-population-estimates",
        "title": "Bilingual engagement on population estimates in Wales",
        "summary": (
            "Events in Welsh and English helped local authorities understand and question new "
            "population estimates."
        ),
        "organisation": "wg",
        "themes": ["population-and-migration"],
        "goals": ["collaborate"],
        "task": (
            "<p>New population estimates affected planning in every local authority in Wales. "
            "Officers wanted to understand the figures for their own area.</p>"
        ),
        "approach": (
            "<p>The team held regional events in Welsh and English, with a short guide to the "
            "method and time for each authority to raise local questions.</p>"
        ),
        "outcome": (
            "<p>Authorities raised questions about specific areas before the figures were used "
            "in planning, and two local data issues were corrected.</p>"
        ),
        "lessons": "<p>Offering events in Welsh widened who took part.</p>",
        "contact_name": "Population statistics",
        "contact_email": "population@wg.example",
    },
    {
        "slug": "well-being-statistics-with-community-groups",
        "title": "Listening to community groups about well-being statistics",
        "summary": (
            "Community groups told statisticians which well-being measures matter to them, "
            "changing how the results are presented."
        ),
        "organisation": "sg",
        "themes": ["well-being"],
        "goals": ["strengthen_culture", "build_capability"],
        "task": (
            "<p>Well-being statistics were mostly used by government. The team wanted to know "
            "whether community groups could use them too, and what stopped them.</p>"
        ),
        "approach": (
            "<p>Statisticians visited community groups and asked what they wanted to know about "
            "their area, then showed them what the statistics could already tell them.</p>"
        ),
        "outcome": (
            "<p>Results are now presented by local area first, with short summaries written "
            "for non-specialists.</p>"
        ),
        "lessons": (
            "<p>Going to people, rather than inviting them to us, reached groups who had never "
            "responded to a consultation.</p>"
        ),
        "contact_name": "Well-being statistics",
        "contact_email": "wellbeing@sg.example",
    },
]

CHAMPIONS_PAGE = {
    "slug": "champions",
    "title": "User engagement champions",
    "search_description": "Find the user engagement champion in a producer of statistics.",
    "introduction": (
        "<p>Champions promote user engagement in their own organisation and are a first "
        "contact for users who want to reach a producer of statistics.</p>"
    ),
    "body": (
        "<p>The network brings together champions from departments and devolved governments "
        "across the Government Statistical Service. In 2022 it had 56 champions from 35 "
        "organisations, meeting every two months.</p>"
        "<p>Champions share what works, find case studies and route engagement requests to "
        "the right team.</p>"
    ),
}

# (name, role, organisation slug, theme slugs, show email, bio)
CHAMPIONS = [
    (
        "Priya Raman",
        "Head of user engagement",
        "ons",
        ["economy", "gdp"],
        True,
        "Runs the economic statistics user forum and coordinates the champions network.",
    ),
    (
        "Tom Fletcher",
        "Statistician",
        "dhsc",
        ["health-and-social-care"],
        True,
        "Works with patient and carer groups on adult social care statistics.",
    ),
    (
        "Aisha Bello",
        "Senior statistical officer",
        "dfe",
        ["education-and-childcare"],
        False,
        "Leads user testing of new school and early years releases.",
    ),
    (
        "Gareth Hughes",
        "Principal statistician",
        "wg",
        ["population-and-migration", "housing"],
        True,
        "Organises bilingual user events on population and housing statistics in Wales.",
    ),
    (
        "Fiona MacLeod",
        "Statistician",
        "sg",
        ["well-being", "housing"],
        False,
        "Works with community groups on local well-being and housing measures.",
    ),
    (
        "Ciaran O'Neill",
        "Senior statistician",
        "nisra",
        ["census", "population-and-migration"],
        True,
        "Point of contact for census outputs in Northern Ireland.",
    ),
    (
        "Hannah Okafor",
        "Statistical officer",
        "dwp",
        ["people-not-in-work", "personal-and-household-finances"],
        False,
        "Looks after the benefits statistics user group and its newsletter.",
    ),
    (
        "Daniel Brooks",
        "Head of trade statistics",
        "hmrc",
        ["international-trade", "government-public-sector-and-taxes"],
        True,
        "Chairs the trade statistics users' meeting and answers questions from businesses.",
    ),
    (
        "Sophie Turner",
        "Statistician",
        "moj",
        ["crime-and-justice"],
        True,
        "Runs the criminal court statistics user panel.",
    ),
    (
        "Marcus Lee",
        "Senior analyst",
        "ho",
        ["crime-and-justice", "population-and-migration"],
        False,
        "Works with researchers and charities on policing and migration statistics.",
    ),
    (
        "Eleanor Shaw",
        "Statistician",
        "dbt",
        ["construction-industry", "international-trade"],
        True,
        "Secretary of the consultative committee for construction industry statistics.",
    ),
    (
        "Imran Siddiqui",
        "Principal analyst",
        "mhclg",
        ["housing", "regional-accounts"],
        False,
        "Works with local government users of housing and local area statistics.",
    ),
    (
        "Laura Bennett",
        "Statistician",
        "dft",
        ["travel-to-work"],
        True,
        "Gathers feedback from local transport authorities on travel statistics.",
    ),
    (
        "Owen Price",
        "Senior statistical officer",
        "defra",
        ["business"],
        False,
        "Leads engagement with farming businesses on agricultural surveys.",
    ),
    (
        "Kirsty Campbell",
        "Principal information analyst",
        "phs",
        ["health-and-social-care", "conditions-and-diseases"],
        True,
        "Coordinates user consultations on public health statistics in Scotland.",
    ),
    (
        "Nadia Haddad",
        "Analytical lead",
        "nhse",
        ["healthcare-system"],
        False,
        "Leads user research for NHS performance statistics and dashboards.",
    ),
    (
        "James Whitfield",
        "Statistician",
        "desnz",
        ["personal-and-household-finances", "housing"],
        True,
        "Works with charities and researchers on fuel poverty statistics.",
    ),
]

UPDATE_INDEX = {
    "slug": "updates",
    "title": "Progress updates",
    "search_description": "How the User Engagement Strategy for Statistics is being delivered.",
    "introduction": "<p>How the strategy is being delivered, newest first.</p>",
}

UPDATES = [
    {
        "slug": "strategy-update-may-2021",
        "title": "Update on the User Engagement Strategy for Statistics",
        "date": date(2021, 5, 20),
        "author": "Best Practice and Impact division, ONS",
        "summary": (
            "Three months after launch: what Phase 1 has started, and an invitation to user "
            "groups to share their biggest successes."
        ),
        "goals": ["collaborate", "build_capability", "strengthen_culture"],
        "themes": [],
        "body": [
            {"type": "heading", "value": {"text": "Background", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>In 2019 a parliamentary committee recommended that the UK Statistics "
                    "Authority develop a strategy for engaging all users of official "
                    "statistics. ONS worked with users and producers to write it, and the User "
                    "Engagement Strategy for Statistics was launched on 22 February 2021.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "What Phase 1 has started", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<ul><li>working with the network of user engagement champions to promote "
                    "the strategy and find case studies</li>"
                    "<li>an audit of existing user groups and forums, with a view to a more "
                    "theme-based approach</li>"
                    "<li>drafting 10 top tips for user engagement</li>"
                    "<li>scoping a central User Support and Engagement Resource (USER) hub for "
                    "Phase 2</li></ul>"
                ),
            },
            {
                "type": "callout",
                "value": {
                    "style": "inset",
                    "title": "Share your group's biggest success",
                    "body": (
                        "<p>If you run a user group, tell the project team about the success "
                        "you are proudest of, so others can follow your example.</p>"
                    ),
                },
            },
        ],
    },
    {
        "slug": "producer-survey-findings",
        "title": "What producers told us about engaging with users",
        "date": date(2021, 11, 15),
        "author": "User engagement project team",
        "summary": (
            "A survey of 179 producers found that most engage with users, but time, resource "
            "and low response hold many back."
        ),
        "goals": ["build_capability"],
        "themes": [],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>We asked producers of statistics how they engage with users and what "
                    "gets in the way. 179 people answered.</p>"
                ),
            },
            {
                "type": "table",
                "value": {
                    "caption": "Main findings of the 2021 producer survey",
                    "columns": [
                        {"type": "text", "heading": "Finding"},
                        {"type": "text", "heading": "What we are doing about it"},
                    ],
                    "rows": [
                        {
                            "values": [
                                "14% did not engage with users at all",
                                "10 top tips with quick wins for any team",
                            ]
                        },
                        {
                            "values": [
                                "Time and resource are the biggest barriers",
                                "Planning guidance, and joint events by theme",
                            ]
                        },
                        {
                            "values": [
                                "Low response from users",
                                "One register of groups, so users are asked once",
                            ]
                        },
                    ],
                },
            },
            {
                "type": "callout",
                "value": {
                    "style": "inset",
                    "title": "",
                    "body": (
                        '<p>Start with the <a href="/top-tips/">10 top tips for user '
                        "engagement</a>.</p>"
                    ),
                },
            },
        ],
    },
    {
        "slug": "champions-network-2022",
        "title": "The champions network in 2022",
        "date": date(2022, 11, 30),
        "author": "User engagement project team",
        "summary": (
            "The network now has 56 champions from 35 organisations, meeting every two months "
            "to share what works."
        ),
        "goals": ["collaborate", "strengthen_culture"],
        "themes": [],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>The user engagement champions network has grown to 56 champions from 35 "
                    "organisations. Champions meet every two months to share practice, review "
                    "case studies and plan joint work on shared themes.</p>"
                    "<p>Each champion is now listed in the champions directory, so users can "
                    "find the right person in a department.</p>"
                ),
            },
        ],
    },
]

# Standard pages under the home page.
STANDARD_PAGES = [
    {
        "slug": "about",
        "title": "About the USER hub",
        "introduction": (
            "The User Support and Engagement Resource brings producers and users of official "
            "statistics together, organised by statistical theme."
        ),
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>ONS has said it supports several hundred user groups, but there has "
                    "never been a central list of them. The hub is that list: a register of "
                    "groups, searchable by theme, that producers keep up to date.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "What you can do here", "level": "h2"}},
            {
                "type": "table",
                "value": {
                    "caption": "What the hub offers users and producers",
                    "columns": [
                        {"type": "text", "heading": "If you are"},
                        {"type": "text", "heading": "You can"},
                    ],
                    "rows": [
                        {
                            "values": [
                                "A user of statistics",
                                "Find and join a group, browse a theme, ask a producer",
                            ]
                        },
                        {
                            "values": [
                                "A producer of statistics",
                                "Register a group, answer requests, share a success",
                            ]
                        },
                        {
                            "values": [
                                "A champion",
                                "Be listed in the directory and receive requests",
                            ]
                        },
                    ],
                },
            },
            {
                "type": "callout",
                "value": {
                    "style": "inset",
                    "title": "This is a beta service",
                    "body": (
                        "<p>We are still building the hub. Tell us what works and what does "
                        "not by emailing the hub team.</p>"
                    ),
                },
            },
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "introduction": "How the USER hub uses the personal information you give it.",
        "body": [
            {"type": "heading", "value": {"text": "What we collect", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>When you join a group, register a group, ask for engagement or share a "
                    "success story, we collect the details you enter in the form, usually your "
                    "name, your email address and your message.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Why we collect it", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>We use your details only to do what you asked: to pass your request to "
                    "a group contact or producer, and to tell you what happens next.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "How long we keep it", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Each form has a retention period. When it ends, your personal details "
                    "are deleted automatically.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Your rights", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>You can ask for a copy of your data, or ask us to delete it, by "
                    "emailing the hub team. Every email we send has a link to stop "
                    "receiving them.</p>"
                ),
            },
        ],
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "introduction": "How accessible the USER hub is, and how to tell us about problems.",
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>We want as many people as possible to be able to use the hub. It is "
                    "built with the GOV.UK Design System and aims to meet the Web Content "
                    "Accessibility Guidelines version 2.2 at level AA.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Reporting problems", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>If you find a problem, or need information in a different format, "
                    "email the hub team. We will reply within 5 working days.</p>"
                ),
            },
        ],
    },
]

FOOTER_LINKS = [("About the hub", "about"), ("Accessibility statement", "accessibility")]
