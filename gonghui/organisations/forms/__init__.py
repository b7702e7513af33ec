"""Forms of organisation building, one file per capability: ``employers`` (the record and the list's
filters), ``unions`` (profile, committee seat), ``founding`` (the pipeline's step forms and
filters) and ``surveys``.
"""

from gonghui.organisations.forms.employers import (
    EmployerFilters,
    EmployerForm,
    industry_choices,
    section_and_industry_choices,
    township_choices,
    village_choices,
)
from gonghui.organisations.forms.founding import (
    DATE,
    CloseForm,
    CoverByJointForm,
    FoundForm,
    StartPreparingForm,
    StepForm,
)
from gonghui.organisations.forms.surveys import (
    DATE_WIDGET,
    AssignForm,
    EmployerLabelChoiceField,
    SurveyForm,
    UnionLabelMultipleChoiceField,
    VisitForm,
)
from gonghui.organisations.forms.unions import (
    CommitteeMemberForm,
    UnionProfileForm,
)

__all__ = [
    "DATE",
    "DATE_WIDGET",
    "AssignForm",
    "CloseForm",
    "CommitteeMemberForm",
    "CoverByJointForm",
    "EmployerFilters",
    "EmployerForm",
    "EmployerLabelChoiceField",
    "FoundForm",
    "StartPreparingForm",
    "StepForm",
    "SurveyForm",
    "UnionLabelMultipleChoiceField",
    "UnionProfileForm",
    "VisitForm",
    "industry_choices",
    "section_and_industry_choices",
    "township_choices",
    "village_choices",
]
