from django import forms

import pytest

from themes.models import Theme
from themes.widgets import ThemeCheckboxSelectMultiple

pytestmark = pytest.mark.django_db


class ThemeForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(), widget=ThemeCheckboxSelectMultiple
    )


def test_labels_follow_the_tree_parents_first():
    labels = [
        option["label"]
        for _group, options, _index in ThemeForm()["themes"].field.widget.optgroups("themes", [])
        for option in options
    ]
    economy = labels.index("Economy")
    inflation = labels.index("Economy: Inflation and price indices")
    cpi = labels.index("Economy: Inflation and price indices: Consumer price inflation")
    assert economy < inflation < cpi
    assert labels.index("Census") < labels.index("Census: Ageing")
    assert len(labels) == Theme.objects.count()


def test_selected_values_stay_checked():
    cpi = Theme.objects.get(slug="consumer-price-inflation")
    html = ThemeForm(initial={"themes": [cpi.pk]}).as_p()
    assert f'value="{cpi.pk}"' in html
    checked = html.split(f'value="{cpi.pk}"')[1].split(">")[0]
    assert "checked" in checked
