"""``xieshang summary``: a sweep's results as a CSV that Excel opens and a chart, for trainers."""

from __future__ import annotations

import io
import math

import pandas as pd
import pytest

import simulator
from simulator.research import summary

from .conftest import cli

#: Four points by three seeds; at accept 0.3 the objection line 0.4 is above it, so those runs fail.
DESIGN = {
    "scenario": "parking", "seed": 5, "seeds": 3, "sample": "grid",
    "parameters": {"procedure.consensus.accept": [0.3, 0.6], "procedure.consensus.objection": [0.4],
                   "procedure.rounds.between": [["home_visits"], ["home_visits", "revised_proposal"]]},
}
PARAMETERS = list(DESIGN["parameters"])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("summary") / "sweep"
    simulator.sweep(DESIGN, out, workers=1, progress=False)
    return out


def _wilson(k: int, n: int) -> tuple[float, float]:
    """The Wilson score interval, written out (z = 1.96)."""
    z, p = 1.959964, k / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def test_one_row_per_point_with_means_and_intervals(folder):
    runs = simulator.research.sweeps.read(folder)
    table = summary.table(runs, PARAMETERS)
    assert list(table["参数点"]) == [0, 1, 2, 3] and (table["运行次数"] == 3).all()
    assert list(table["出错次数"]) == [3, 3, 0, 0]  # accept 0.3 is below the objection line: every run fails
    assert table.loc[:1, "达成共识的比例"].isna().all()  # failed runs are counted, never averaged
    for point in (2, 3):
        good = runs[runs["point"] == point]
        row = table.set_index("参数点").loc[point]
        assert row["轮次"] == pytest.approx(good["rounds"].mean())
        assert row["人·小时 95%下限"] <= row["人·小时"] <= row["人·小时 95%上限"]
        low, high = _wilson(int(good["consensus"].sum()), len(good))
        assert (row["达成共识的比例 95%下限"], row["达成共识的比例 95%上限"]) == (pytest.approx(low, abs=1e-6), pytest.approx(high, abs=1e-6))
    assert table.loc[2, "procedure.rounds.between"] == "[home_visits]"


def test_english_column_names():
    runs = pd.DataFrame({"run_id": [0, 1], "point": [0, 0], "error": [None, None], "consensus": [True, False], "rounds": [1, 3]})
    table = summary.table(runs, [], lang="en")
    assert list(table.columns[:3]) == ["point", "runs", "failed runs"]
    assert table.loc[0, "consensus rate"] == 0.5 and table.loc[0, "rounds 95% low"] >= 0


def test_the_command_writes_a_csv_excel_opens_and_a_chart_with_chinese_text(folder, tmp_path):
    out = cli("summary", str(folder), "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert "已写入" in out.stdout and "missing from font" not in out.stderr  # Chinese labels drawn, not boxes
    data = (tmp_path / "summary.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8 Chinese
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert "达成共识的比例" in table.columns and len(table) == 4
    assert (tmp_path / "summary.png").read_bytes().startswith(b"\x89PNG")
    english = cli("summary", str(folder), "--out", str(tmp_path / "en"), "--lang", "en")
    assert english.returncode == 0 and "written" in english.stdout
    assert "consensus rate" in pd.read_csv(tmp_path / "en" / "summary.csv", encoding="utf-8-sig").columns


def test_the_summary_goes_into_the_sweep_folder_by_default_and_the_sweep_still_reads(folder):
    assert cli("summary", str(folder)).returncode == 0
    assert (folder / "summary.csv").is_file() and (folder / "summary.png").is_file()
    assert len(simulator.research.sweeps.read(folder)) == 12


def test_a_folder_that_is_not_a_sweep_is_a_clear_message(tmp_path):
    out = cli("summary", str(tmp_path), "--lang", "en")
    assert out.returncode == 2 and "not a sweep's folder" in out.stderr and "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(simulator.BilingualError, match="不是扫描结果文件夹"):
        summary.summarise(tmp_path / "missing")
    assert not (tmp_path / "missing").exists()


def test_the_help_names_the_command():
    assert "summary" in cli("--help").stdout
    shown = cli("summary", "--help", "--lang", "en")
    assert shown.returncode == 0 and "95% interval" in shown.stdout


def test_a_sweep_whose_runs_all_failed_says_so_and_writes_nothing(tmp_path):
    design = {**DESIGN, "seeds": 1, "parameters": {"procedure.consensus.accept": [0.3], "procedure.consensus.objection": [0.4]}}
    simulator.sweep(design, tmp_path / "failed", workers=1, progress=False)
    out = cli("summary", str(tmp_path / "failed"), "--lang", "en")
    assert out.returncode == 2 and "all 1 runs failed" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "failed" / "summary.csv").exists()
