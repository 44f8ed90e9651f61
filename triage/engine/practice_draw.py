"""Drawing the findings of a practice case, one body system at a time, aimed at a grade.

Each draw function adds fields to a Draft with values chosen to reach its target grade, and the signs
those values show. The aim only steers the drawing: the engine grades the finished case, and the tests
check that it lands where it was aimed. Edge values come up about a third of the time.
"""

from __future__ import annotations

from .findings import ICE_ITEMS

PRESSORS = ("norepinephrine", "epinephrine", "phenylephrine", "dopamine")
CRS_SYMPTOMS = ("chills", "muscle_joint_pain", "fast_heartbeat", "extreme_tiredness", "feeling_unwell",
                "nausea_vomiting_diarrhea", "loss_of_appetite")
ICP_GRADE_4 = ("diffuse_edema", "posturing", "cranial_nerve_vi_palsy", "papilledema", "cushings_triad")
EDGE = 0.35  # how often a draw takes the value on a published edge


class Draft:
    """A case being drawn: its findings document and the signs it shows (said or only implied)."""

    def __init__(self):
        self.doc: dict = {}
        self.implied: list = []  # signs the values show (a temperature of 38.6 °C shows fever)
        self.noted: list = []  # signs the narrative names in words

    def set(self, **fields) -> None:
        self.doc.update(fields)

    def imply(self, *items) -> None:
        self.implied.extend(i for i in items if i not in self.implied)

    def note(self, *items) -> None:
        self.noted.extend(i for i in items if i not in self.noted and i not in self.implied)

    @property
    def signs(self) -> list:
        return self.implied + [i for i in self.noted if i not in self.implied]


def pick_edge(rng, edge, otherwise):
    """The edge value about a third of the time, else one of `otherwise`."""
    return edge if rng.random() < EDGE else rng.choice(otherwise)


# --- CRS --------------------------------------------------------------------------------------------

def draw_crs(rng, draft: Draft, grade: int) -> None:
    """Fever (or fever masked by treatment) and the support that gives `grade`; grade 0 has no fever."""
    if grade == 0:
        _afebrile(rng, draft)
    elif grade >= 2 and rng.random() < 0.25:
        _masked(rng, draft)
    else:
        tenths = pick_edge(rng, 380, range(381, 406))
        draft.set(temperature_c=tenths / 10)
        draft.imply("fever")
    _CRS_SUPPORT[grade](rng, draft)
    draft.note(*rng.sample(CRS_SYMPTOMS, rng.randint(0, 2)))


def _afebrile(rng, draft):
    draft.set(temperature_c=pick_edge(rng, 379, range(364, 379)) / 10)
    if rng.random() < 0.1:
        draft.set(fever_earlier_this_episode=False, fever_suppressing_therapy=["antipyretic"])


def _masked(rng, draft):
    therapy = rng.choice((["tocilizumab"], ["tocilizumab", "corticosteroid"], ["antipyretic"], ["corticosteroid"]))
    draft.set(temperature_c=rng.randint(364, 379) / 10, fever_earlier_this_episode=True,
              fever_suppressing_therapy=therapy)


def _calm(rng, draft):
    if rng.random() < 0.7:
        draft.set(hypotension="none", oxygen_device="room_air")


def _mimic(rng, draft):
    """No fever, but low blood pressure or low oxygen: grade 0, and still a reason to call."""
    choice = rng.random()
    if choice < 0.25:
        _fluids(rng, draft)
    elif choice < 0.5:
        _low_flow(rng, draft)
    else:
        _calm(rng, draft)


def _fluids(rng, draft):
    draft.set(hypotension="not_requiring_vasopressors")
    draft.imply("low_blood_pressure")


def _low_flow(rng, draft):
    if rng.random() < 0.15:
        draft.set(oxygen_device="blow_by")
    else:
        draft.set(oxygen_device="nasal_cannula", oxygen_flow_l_min=pick_edge(rng, 6, (1, 2, 3, 4, 5, 2.5)))
    draft.imply("low_oxygen")


_HIGH_FLOWS = {"nasal_cannula": (6.5, 7, 8, 10), "high_flow_nasal_cannula": (20, 30, 40, 50, 60),
               "simple_facemask": (5, 6, 8, 10), "nonrebreather": (10, 12, 15), "venturi_mask": (4, 6, 8, 12)}


def _high_flow(rng, draft):
    """Grade 3 oxygen: a nasal cannula above 6 L/min (6.5 on the edge), or a high-flow device or mask."""
    if rng.random() < EDGE:
        device, flow = "nasal_cannula", 6.5
    else:
        device = rng.choice(tuple(_HIGH_FLOWS))
        flow = rng.choice(_HIGH_FLOWS[device])
    draft.set(oxygen_device=device, oxygen_flow_l_min=flow)
    draft.imply("low_oxygen")


def _pressors(rng, draft, count):
    agents = rng.sample(PRESSORS, count)
    if rng.random() < (EDGE if count == 1 else 0.25):
        agents.append("vasopressin")
    draft.set(hypotension="requiring_vasopressors", vasopressors=agents)
    draft.imply("low_blood_pressure")


def _crs_2(rng, draft):
    choice = rng.random()
    if choice < 0.4:
        _fluids(rng, draft)
        if rng.random() < 0.3:
            _low_flow(rng, draft)
    else:
        _low_flow(rng, draft)


def _crs_3(rng, draft):
    if rng.random() < 0.5:
        _pressors(rng, draft, 1)
        if rng.random() < 0.4:
            _low_flow(rng, draft)
    else:
        _high_flow(rng, draft)
        if rng.random() < 0.3:
            _fluids(rng, draft)


def _crs_4(rng, draft):
    if rng.random() < 0.5:
        _pressors(rng, draft, 2)
        if rng.random() < 0.4:
            rng.choice((_low_flow, _high_flow))(rng, draft)
    else:
        draft.set(oxygen_device=rng.choice(("cpap", "bipap", "mechanical_ventilation")))
        draft.imply(rng.choice(("struggling_to_breathe", "low_oxygen")))
        if rng.random() < 0.3:
            _pressors(rng, draft, 1)


_CRS_SUPPORT = {0: _mimic, 1: _calm, 2: _crs_2, 3: _crs_3, 4: _crs_4}


# --- ICANS ------------------------------------------------------------------------------------------

def ice_items_for(rng, score: int) -> dict:
    """ICE items that add up to `score`, losing points from randomly chosen items."""
    items = {key: top for key, (_label, top) in ICE_ITEMS.items()}
    while sum(items.values()) > score:
        key = rng.choice([k for k, v in items.items() if v > 0])
        items[key] -= 1
    return items


def _ice(rng, draft, score):
    if rng.random() < 0.3:
        draft.set(ice_items=ice_items_for(rng, score))
    else:
        draft.set(ice_score=score)
    if score <= 6:
        draft.note("confusion")


def _capd(rng, draft, score):
    draft.set(capd_score=score)
    if score >= 9:
        draft.note(rng.choice(("delirium", "agitation")))


_DROWSY_SIGN = {"awakens_spontaneously": "unusual_sleepiness", "awakens_to_voice": "unusual_sleepiness",
                "awakens_to_tactile": "unusual_sleepiness", "unarousable": "cannot_wake"}


def _awake(draft, level):
    draft.set(consciousness=level)
    if level in _DROWSY_SIGN:
        draft.imply(_DROWSY_SIGN[level])


def _score(rng, draft, child, adult_range, child_range):
    if child:
        _capd(rng, draft, rng.choice(child_range))
    else:
        _ice(rng, draft, rng.choice(adult_range))


def draw_icans(rng, draft: Draft, grade: int, child: bool) -> None:
    """ICE (age 12 and over) or CAPD (under 12) and the other domains, giving `grade`."""
    _ICANS[grade](rng, draft, child)
    for name in ("seizure", "motor", "icp"):
        if name not in draft.doc and rng.random() < 0.5:
            draft.set(**{name: "none"})


def _icans_0(rng, draft, child):
    choice = rng.random()
    if choice < 0.15:
        draft.set(consciousness="awakens_to_voice", consciousness_explained_by_other_cause=True)
        draft.note("unusual_sleepiness")
        return
    _score(rng, draft, child, (10,), (0,))
    _awake(draft, "alert")
    if choice > 0.8:
        draft.set(tremor_or_myoclonus=True)
        draft.note("tremor")


def _icans_1(rng, draft, child):
    if child:
        _capd(rng, draft, pick_edge(rng, 8, range(1, 8)))
        _awake(draft, rng.choice(("alert", "awakens_spontaneously")))
    elif rng.random() < 0.8:
        _ice(rng, draft, rng.choice((7, 8, 9)))
        _awake(draft, rng.choice(("alert", "alert", "awakens_spontaneously")))
    else:
        _ice(rng, draft, 10)
        _awake(draft, "awakens_spontaneously")


def _icans_2(rng, draft, child):
    if child:
        _capd(rng, draft, pick_edge(rng, 8, range(0, 8)))
        _awake(draft, "awakens_to_voice")
    elif rng.random() < 0.7:
        _ice(rng, draft, rng.choice((3, 4, 5, 6)))
        _awake(draft, rng.choice(("alert", "awakens_spontaneously", "awakens_to_voice")))
    else:
        _ice(rng, draft, rng.choice((7, 8, 9, 10)))
        _awake(draft, "awakens_to_voice")


def _icans_3(rng, draft, child):
    route = rng.choice(("score", "score", "tactile", "seizure", "edema"))
    if route == "score" and child:
        _capd(rng, draft, pick_edge(rng, 9, (9, 10, 11, 12, 14, 16, 20, 24)))
    elif route == "score":
        _ice(rng, draft, pick_edge(rng, 0, (0, 1, 2)))  # 0 while awake is grade 3, not 4
    else:
        _score(rng, draft, child, range(3, 11), range(0, 9))
    level = "awakens_to_tactile" if route == "tactile" else rng.choice(("alert", "awakens_spontaneously",
                                                                        "awakens_to_voice"))
    _awake(draft, level)
    if route == "seizure":
        draft.set(seizure="rapidly_resolving")
        draft.imply("seizure")
    if route == "edema":
        draft.set(icp="focal_edema")


def _icans_4(rng, draft, child):
    route = rng.choice(("unarousable", "unarousable", "seizure", "motor", "icp"))
    if route == "unarousable":
        draft.set(unable_to_assess=True, consciousness_explained_by_other_cause=False)
        if not child and rng.random() < 0.7:
            draft.set(ice_score=0)  # ICE 0 because unarousable is grade 4
        _awake(draft, "unarousable")
        return
    _awake(draft, rng.choice(("alert", "awakens_to_voice", "awakens_to_tactile")))
    if route == "seizure":
        draft.set(seizure="prolonged_or_repetitive")
        draft.imply("seizure")
    elif route == "motor":
        _score(rng, draft, child, range(3, 11), range(0, 9))
        draft.set(motor="deep_focal_weakness")
        draft.imply("sudden_weakness")
    else:
        _score(rng, draft, child, range(0, 11), range(0, 20))
        draft.set(icp=rng.choice(ICP_GRADE_4))


_ICANS = {0: _icans_0, 1: _icans_1, 2: _icans_2, 3: _icans_3, 4: _icans_4}
