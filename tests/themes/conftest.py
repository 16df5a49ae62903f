from tests.cms.conftest import (  # noqa: F401  (page fixtures shared with the CMS tests)
    case_study_index,
    champions_page,
    update_index,
)
