"""Shipped scenarios, the schema, and its JSON Schema export."""

from __future__ import annotations

import json

import jsonschema
import pytest

import simulator
from simulator import scenario as validation  # reading, validating and finding scenario files
from simulator.law import BODIES

from .conftest import SCENARIOS, SHIPPED


def test_the_five_required_scenarios_ship():
    assert {"parking", "dog_walking", "asset_disposal", "elevator_retrofit", "cross_village_road"} <= set(SHIPPED)
    assert set(simulator.shipped()) == set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_is_valid_and_bilingual(name):
    s = simulator.load(SCENARIOS / f"{name}.yaml")
    assert s.id == name
    assert s.procedure.escalation.body in BODIES
    texts = [s.title, s.summary, *(g.name for g in s.population.groups), *(o.name for o in s.issue.options)]
    for t in texts:
        assert any("\u4e00" <= c <= "\u9fff" for c in t.zh), t
        assert t.en.strip() and t.en.isascii(), t  # an English text is given, and it is English


def test_json_schema_file_is_current():
    on_disk = json.loads((SCENARIOS / "scenario.schema.json").read_text(encoding="utf-8"))
    assert on_disk == simulator.json_schema(), "run: xieshang schema scenarios/scenario.schema.json"


@pytest.mark.parametrize("name", SHIPPED)
def test_json_schema_accepts_shipped_files(name):
    data, _ = validation.read(SCENARIOS / f"{name}.yaml")
    jsonschema.validate(data, simulator.json_schema())


def test_json_schema_rejects_what_pydantic_rejects(parking_data):
    bad = json.loads(json.dumps(parking_data))
    bad["procedure"]["rounds"]["max"] = 0
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, simulator.json_schema())
    with pytest.raises(simulator.ScenarioError):
        validation.from_data(bad)


def test_options_carry_their_legal_class(parking):
    classes = {o.id: o.legal_class for o in parking.issue.options}
    assert classes["green_conversion"] == "owners_major"  # Civil Code art. 278(8): change of use of common parts
    assert classes["fixed_spaces"] == "owners_ordinary"  # spaces on common roads: arts. 275, 278
    assert classes["time_share"] == "agreement"  # an agreement with a nearby unit needs no vote


def test_asset_disposal_requires_offline_and_two_thirds_body():
    s = simulator.load(SCENARIOS / "asset_disposal.yaml")
    assert s.procedure.escalation.body == "collective_members_meeting"
    assert all(o.offline_required for o in s.issue.options if o.id != s.issue.status_quo)


def test_cross_village_road_is_led_by_the_township():
    s = simulator.load(SCENARIOS / "cross_village_road.yaml")
    assert s.population.units >= 2 and s.procedure.convener == "township"


def test_elevator_stairwell_size_and_three_quarters():
    s = simulator.load(SCENARIOS / "elevator_retrofit.yaml")
    assert 12 <= s.population.households <= 18
    assert s.procedure.escalation.body == "owners_assembly"
    assert all(o.legal_class == "owners_major" for o in s.issue.options if o.id != s.issue.status_quo)


def test_parking_estate_size(parking):
    assert 800 <= parking.population.households <= 1500
