"""The learner's answer form, shared by learner and practice modes, composed once from the content.

Signs are the checklist items by their clinical label, grouped as on the workbench; syndromes by name;
a grade for each graded syndrome (0 to 4, or "not gradable from this", which parse_answer reads as
null); the urgency is optional and scored only when answered. parse_answer has the last word, and its
errors are shown next to the field they name.
"""

from __future__ import annotations

from flask import current_app
from wtforms import Field
from wtforms.fields import HiddenField
from wtforms.validators import StopValidation, ValidationError

from triage.engine import Content, FindingsError, LearnerAnswer, parse_answer

from ..compression import holds_a_form
from ..fields import MultiChoiceField
from ..pages.forms import checklist_groups
from ..security import GuardedForm
from ..text_input import quoted

NOT_GRADABLE = "none"
GRADES = [(str(grade), f"Grade {grade}") for grade in range(5)] + [(NOT_GRADABLE, "Not gradable from this")]
NOT_ANSWERING = ("", "Not answering (not scored)")
# Every case has findings, so "nothing entered" is never the answer and is not offered.
LEVELS_LEFT_OUT = ("nothing_entered",)
EXTENSION = "triage.answer_form"
CAREGIVER_EXTENSION = "triage.caregiver_answer_form"
CAREGIVER_PARTS = ("signs", "urgency")  # what a caregiver decides: which signs matter and how urgent


class IdsField(MultiChoiceField):
    """Checkboxes of ids (checklist items or syndromes); an id that is not offered is an error naming it."""

    def __init__(self, label=None, validators=None, choices=(), what="value", **kwargs):
        super().__init__(label, validators, choices=choices, **kwargs)
        self.what = what

    def pre_validate(self, form) -> None:
        known = {value for value, _ in self.choices}
        for value in self.data or ():
            if value not in known:
                raise ValidationError(f"unknown {self.what} {quoted(value)}")


class PickOneField(Field):
    """Radios for one value; `required` is the message when none is picked (empty: optional)."""

    render_as = "radios"

    def __init__(self, label=None, validators=None, choices=(), required="", **kwargs):
        kwargs.setdefault("default", "")
        super().__init__(label, validators, **kwargs)
        self.choices = list(choices)
        self.required = required

    def process_formdata(self, valuelist) -> None:
        if valuelist:
            self.data = valuelist[0]

    def pre_validate(self, form) -> None:
        if not self.data and self.required:
            raise StopValidation(self.required)
        values = [value for value, _ in self.choices]
        if self.data not in values:
            raise ValidationError(f"takes one of: {', '.join(v for v in values if v)}, got {quoted(self.data)}")


class AnswerForm(GuardedForm):
    """A learner's answer for one step or case; `state` carries the signed progress."""

    parts: tuple = ("signs", "syndromes", "grades", "urgency")  # what the form asks, and feedback judges
    graded: tuple = ()  # graded syndrome ids, one grade field each
    groups: tuple = ()  # checklist groups, for drawing the signs
    state = HiddenField()

    def answer_data(self) -> dict:
        """The answer as the plain data parse_answer reads."""
        grades = {}
        for syndrome_id in self.graded:
            value = self[f"grade_{syndrome_id}"].data
            grades[syndrome_id] = None if value == NOT_GRADABLE else int(value)
        return {"signs": list(self.signs.data or ()), "syndromes": list(self.syndromes.data or ()),
                "grades": grades, "urgency": self.urgency.data or None}

    def attach(self, error: FindingsError) -> None:
        """Show an error of parse_answer next to the field it names (grades.<syndrome> -> grade_<syndrome>)."""
        name = error.field.replace("grades.", "grade_")
        field = self[name] if name in self else None  # noqa: SIM401 (a WTForms Form has no get())
        if field is None:
            self.form_errors.append(str(error))
        else:
            field.errors.append(error.message)


def compose_answer_form(content: Content) -> type[AnswerForm]:
    """The AnswerForm subclass for this content: signs, syndromes, a grade per graded syndrome, urgency."""
    groups = checklist_groups(content, "student")
    signs = [(item_id, label) for group in groups for item_id, label in group.items]
    attrs = {
        "graded": content.graded,
        "groups": groups,
        "signs": IdsField("Signs the case describes", choices=signs, what="checklist item"),
        "syndromes": IdsField("Syndromes the findings point to", what="syndrome",
                              choices=[(s.id, s.name) for s in content.syndromes.values()],
                              description="Tick every syndrome you think the findings point to."),
    }
    for syndrome_id in attrs["graded"]:
        name = content.syndromes[syndrome_id].short_name
        attrs[f"grade_{syndrome_id}"] = PickOneField(
            f"{name} grade", choices=GRADES, required=f"choose the {name} grade, or “Not gradable from this”",
            description=f"“Not gradable from this”: none of the findings that grade {name} is given.")
    levels = [(level.id, level.clinical_title) for level in content.levels if level.id not in LEVELS_LEFT_OUT]
    attrs["urgency"] = PickOneField("How urgent is it?", choices=[NOT_ANSWERING, *levels],
                                    description="Optional: scored only if you answer it.")
    return type("LearnerAnswerForm", (AnswerForm,), attrs)


class CaregiverAnswerForm(AnswerForm):
    """What a caregiver decides about a step: which signs matter, and how urgent it is (no grades)."""

    parts = CAREGIVER_PARTS

    def answer_data(self) -> dict:
        return {"signs": list(self.signs.data or ()), "urgency": self.urgency.data or None}


def compose_caregiver_form(content: Content) -> type[AnswerForm]:
    """The caregiver's answer form: the signs in plain words, and the urgency in the caregiver's words."""
    groups = checklist_groups(content, "caregiver")
    levels = [(level.id, level.title) for level in content.levels if level.id not in LEVELS_LEFT_OUT]
    attrs = {
        "graded": (), "groups": groups,
        "signs": IdsField("Signs you would tell the team about",
                          choices=[(item_id, label) for group in groups for item_id, label in group.items],
                          what="sign"),
        "urgency": PickOneField("What do you do now?", choices=levels, required="choose what you would do now",
                                description="Pick the one that fits what you see."),
    }
    return type("CaregiverLearnerForm", (CaregiverAnswerForm,), attrs)


def answer_form(caregivers: bool = False, graded=None) -> AnswerForm:
    """A new answer form for this request (the classes are composed once, at start-up); `caregivers` gives
    the caregiver's form (signs and urgency only). `graded`: the syndromes whose grade is asked here (a
    scenario without neutrophil counts asks no ICAHT grade); the others' grade fields are left out."""
    holds_a_form()
    form = current_app.extensions[CAREGIVER_EXTENSION if caregivers else EXTENSION]()
    if graded is not None and form.graded:
        for syndrome_id in form.graded:
            if syndrome_id not in graded:
                del form[f"grade_{syndrome_id}"]
        form.graded = tuple(s for s in form.graded if s in graded)
    return form


def read_answer(form: AnswerForm, content: Content) -> LearnerAnswer | None:
    """The posted answer, or None with every error attached to the form."""
    if not form.validate():
        return None
    try:
        return parse_answer(form.answer_data(), content)
    except FindingsError as error:
        form.attach(error)
        return None
