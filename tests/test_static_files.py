"""Every static file a template asks for exists, so a page never loads without its scripts
or styles (the error summary focus and the skip link depend on them)."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

import pytest

STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]\s*%}""")


def referenced_static_paths() -> set[str]:
    paths = set()
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for template in Path(directory).rglob("*.html"):
            paths.update(STATIC_TAG.findall(template.read_text()))
    return paths


def test_templates_refer_to_static_files():
    assert {"cms/js/init.mjs", "search/js/autocomplete.js"} <= referenced_static_paths()


@pytest.mark.parametrize("path", sorted(referenced_static_paths()))
def test_static_file_exists(path):
    assert finders.find(path), f"{path} is referred to by a template but no finder has it"


def test_gov_uk_frontend_script_is_where_init_imports_it_from():
    init = Path(finders.find("cms/js/init.mjs")).read_text()
    imported = re.search(r'from "\.\./\.\./(.+?)"', init).group(1)
    assert finders.find(imported), imported
