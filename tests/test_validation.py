"""Bad scenario files get a clear bilingual error that names the file, line and field."""

from __future__ import annotations

import copy
import re

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import simulator
from simulator import scenario as validation  # reading, validating and finding scenario files
from simulator.scenario import ScenarioError

from .conftest import SCENARIOS

CJK = re.compile(r"[\u4e00-\u9fff]")


def write(tmp_path, text: str, name: str = "broken.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def parking_text() -> str:
    return (SCENARIOS / "parking.yaml").read_text(encoding="utf-8")


def test_error_names_file_line_field_and_expectation(tmp_path):
    text = parking_text().replace("    max: 3\n", "    max: lots\n")
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        simulator.load(path)
    err = info.value
    line = text.splitlines().index("    max: lots") + 1
    assert err.source == "broken.yaml" and err.line == line and err.path == "procedure.rounds.max"
    assert err.zh == f"broken.yaml，第 {line} 行，字段 procedure.rounds.max：应为整数，实际为 'lots'"
    assert err.en == f"broken.yaml, line {line}, field procedure.rounds.max: expected an integer, got 'lots'"


def test_unknown_choice_lists_the_valid_ones(tmp_path):
    path = write(tmp_path, parking_text().replace("rule: stratified_random", "rule: lottery"))
    with pytest.raises(ScenarioError) as info:
        simulator.load(path)
    assert info.value.path == "procedure.selection.rule"
    for rule in ("open_call", "stratified_random", "quota"):
        assert rule in info.value.zh and rule in info.value.en


def test_yaml_syntax_error_gives_line(tmp_path):
    text = parking_text().replace("  households: 1200\n", "  households: [1200\n")
    with pytest.raises(ScenarioError) as info:
        simulator.load(write(tmp_path, text))
    assert "YAML" in info.value.zh and info.value.line is not None


def test_duplicate_key_is_an_error(tmp_path):
    text = parking_text().replace("  households: 1200\n", "  households: 1200\n  households: 900\n")
    with pytest.raises(ScenarioError) as info:
        simulator.load(write(tmp_path, text))
    assert "重复" in info.value.zh and "twice" in info.value.en
    assert text.splitlines()[info.value.line - 1].strip() == "households: 900"


def test_shares_must_add_up(tmp_path):
    with pytest.raises(ScenarioError) as info:
        simulator.load(write(tmp_path, parking_text().replace("share: 0.36", "share: 0.5")))
    assert info.value.path == "population" and "1.14" in info.value.zh


def test_stance_must_cover_every_option(tmp_path):
    text = re.sub(r"green_conversion: [0-9.]+, ", "", parking_text(), count=1)
    with pytest.raises(ScenarioError) as info:
        simulator.load(write(tmp_path, text))
    assert "green_conversion" in info.value.zh and "one_car_owner" in info.value.en


@pytest.mark.parametrize(
    "content, zh",
    [("", "为空"), ("- a\n- b\n", "键值映射"), ("just text", "键值映射")],
)
def test_not_a_scenario_at_all(tmp_path, content, zh):
    with pytest.raises(ScenarioError) as info:
        simulator.load(write(tmp_path, content))
    assert zh in info.value.zh


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(ScenarioError, match="找不到文件"):
        simulator.load(tmp_path / "nope.yaml")
    path = tmp_path / "gbk.yaml"
    path.write_bytes("标题: 停车".encode("gbk"))
    with pytest.raises(ScenarioError, match="UTF-8"):
        simulator.load(path)


def test_override_unknown_and_ill_typed():
    path = SCENARIOS / "parking.yaml"
    with pytest.raises(ScenarioError) as info:
        simulator.load(path, ["procedure.rounds.maximum=4"])
    assert info.value.source == "--set procedure.rounds.maximum=4" and "max" in info.value.zh
    with pytest.raises(ScenarioError) as info:
        simulator.load(path, ["procedure.rounds.max=-1"])
    assert info.value.path == "procedure.rounds.max" and ">= 1" in info.value.en
    with pytest.raises(ScenarioError, match="路径=值"):
        simulator.load(path, ["procedure.rounds.max"])
    with pytest.raises(ScenarioError, match="car_free_owner"):
        simulator.load(path, ["population.groups.nobody.share=0.1"])


def test_override_by_id_and_index():
    path = SCENARIOS / "parking.yaml"
    s = simulator.load(path, ["procedure.rounds.max=5", "population.groups.tenant.speaking=0.9", "issue.options.0.expert_view=0.2"])
    assert s.procedure.rounds.max == 5
    assert next(g for g in s.population.groups if g.id == "tenant").speaking == 0.9
    assert s.issue.options[0].expert_view == 0.2


# --- generated bad inputs ----------------------------------------------------


def leaves(data, path=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from leaves(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from leaves(v, (*path, i))
    else:
        yield path


PARKING, _ = validation.read(SCENARIOS / "parking.yaml")
LEAVES = list(leaves(PARKING))
JUNK = st.one_of(
    st.text(max_size=8),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


def set_in(data, path, value):
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def related(a: str, b: str) -> bool:
    """One field path lies inside the other (an error may be reported at the enclosing record)."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".") or not a or not b


def get_in(data, dotted: str):
    """The value at a dotted field path (``a.0.b``), or a marker when there is none."""
    node = data
    for key in dotted.split("."):
        try:
            node = node[int(key)] if isinstance(node, list) else node[key]
        except (KeyError, IndexError, ValueError, TypeError):
            return object()
    return node


# a scenario with local rules and compensation, and one spanning two villages, beside parking
BASES = {name: validation.read(SCENARIOS / f"{name}.yaml")[0] for name in ("parking", "elevator_retrofit", "cross_village_road")}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(BASES)), data=st.data(), value=JUNK)
def test_any_mutated_field_is_accepted_or_explained(name, data, value):
    base = BASES[name]
    path = data.draw(st.sampled_from(list(leaves(base))))
    mutated = copy.deepcopy(base)
    set_in(mutated, path, value)
    text = yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False)
    try:
        parsed, root = validation.parse_yaml(text, source="mutated.yaml")
        validation.from_data(parsed, source="mutated.yaml", root=root)
    except ScenarioError as err:
        assert CJK.search(err.zh), err.zh  # the message is in Chinese ...
        assert err.en and err.en != err.zh
        if not CJK.search(yaml.safe_dump(value, allow_unicode=True)):  # ... and in English, unless it quotes a Chinese value
            assert not CJK.search(err.en), err.en
        assert err.zh.startswith("mutated.yaml") and err.en.startswith("mutated.yaml")
        if err.path and err.line:
            dotted = ".".join(map(str, path))
            # at the changed field, or at a field that refers to what was there (a group's village, an option's body)
            refers = get_in(base, err.path) == get_in(base, dotted) or err.path == "procedure.escalation.body"
            # an option without its ``like`` leaves the stances that relied on it incomplete: said at the stance
            refers |= path[-1] == "like" and value is None and err.path.endswith(".stance") and "like" in err.zh
            assert related(err.path, dotted) or refers, (err.path, dotted)
            assert 1 <= err.line <= len(text.splitlines())


# leaves of a record (a mapping), where a field of another name is unknown; a stance takes option ids
RECORD_LEAVES = [p for p in LEAVES if isinstance(p[-1], str) and "stance" not in p]


@settings(max_examples=100, deadline=None)
@given(path=st.sampled_from(RECORD_LEAVES), extra=st.from_regex(r"[a-z]{3,10}", fullmatch=True))
def test_unknown_or_missing_field_is_named(path, extra):
    data = copy.deepcopy(PARKING)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    assert isinstance(parent, dict), path
    assume(extra not in parent)
    parent[extra] = 1
    with pytest.raises(ScenarioError) as info:
        validation.from_data(data, source="x.yaml")
    assert info.value.path.endswith(extra) and "未知字段" in info.value.zh


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_crashes(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("t") / "random.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        simulator.load(path)
    assert info.value.zh.startswith("random.yaml") and info.value.en.startswith("random.yaml")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_.=0123456789-[]{}: ", max_size=40))
def test_random_overrides_are_applied_or_explained(item):
    try:
        simulator.load(SCENARIOS / "parking.yaml", [item])
    except ScenarioError as err:
        assert err.zh and err.en


@pytest.mark.parametrize(
    "content, zh",
    [
        ("? [a, b]\n: 1\n", "字段名应为普通文字"),
        ("x: &a [*a]\n", "引用了自身"),
        ("\n".join(["a0: &a0 [x,x,x,x,x,x,x,x,x,x]"] + [f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 10) + "]" for i in range(1, 9)]), "过大"),
    ],
)
def test_hostile_yaml_is_refused_quickly(tmp_path, content, zh):
    with pytest.raises(ScenarioError) as info:
        simulator.load(write(tmp_path, content))
    assert zh in info.value.zh and info.value.line is not None


def test_anchors_that_stay_small_are_fine(tmp_path):
    text = parking_text().replace("  households: 1200\n", "  households: &n 1200\n").replace("  buildings: 24\n", "  buildings: *n\n")
    assert simulator.load(write(tmp_path, text)).population.buildings == 1200


def test_override_errors_blame_the_right_source():
    path = SCENARIOS / "parking.yaml"
    with pytest.raises(ScenarioError) as info:  # addressed by id, reported at its index
        simulator.load(path, ["population.groups.tenant.share=5"])
    assert info.value.source == "--set population.groups.tenant.share=5" and info.value.line is None
    with pytest.raises(ScenarioError) as info:  # the innocent first override is not blamed
        simulator.load(path, ["population.buildings=3", "population.groups.tenant.share=0.5"])
    assert info.value.source == "--set population.groups.tenant.share=0.5"
    with pytest.raises(ScenarioError) as info:  # a cross-reference broken by --set
        simulator.load(path, ["issue.options.1.id=zz"])
    assert info.value.source == "--set issue.options.1.id=zz" and "zz" in info.value.zh


def test_override_can_mend_a_broken_file(tmp_path):
    path = write(tmp_path, parking_text().replace("    max: 3\n", "    max: lots\n"))
    assert simulator.load(path, ["procedure.rounds.max=4"]).procedure.rounds.max == 4


def test_escalation_body_needs_voters():
    with pytest.raises(ScenarioError) as info:
        simulator.load(SCENARIOS / "dog_walking.yaml", ["procedure.escalation.body=collective_members_meeting"])
    assert "集体经济组织成员" in info.value.zh and "collective members" in info.value.en


def test_an_option_without_its_like_is_explained_at_the_stance_that_relied_on_it():
    mutated = copy.deepcopy(BASES["elevator_retrofit"])
    where = next(p for p in leaves(mutated) if p[-1] == "like")
    set_in(mutated, where, None)  # found by hypothesis: the error named the stance without saying why
    parsed, root = validation.parse_yaml(yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False), source="m.yaml")
    with pytest.raises(ScenarioError) as error:
        validation.from_data(parsed, source="m.yaml", root=root)
    assert error.value.path.endswith(".stance") and "like" in error.value.zh and "like" in error.value.en
