"""Checks of an electorate table before a vote is counted: every problem is a bilingual error
that names the row."""

from __future__ import annotations

import numbers
from decimal import Decimal

import numpy as np
import pandas as pd

from ..i18n import BilingualError

VOTES: tuple[str, ...] = ("yes", "no", "abstain", "absent")


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    col = df[name]
    if isinstance(col, pd.DataFrame):
        raise BilingualError(
            f"选民名单中有多个名为 {name!r} 的列。",
            f"the electorate has more than one column named {name!r}.",
        )
    return col


def _row_ref(df: pd.DataFrame, pos: int) -> tuple[str, str]:
    label = df.index[pos]
    return (f"第 {pos} 行（索引 {label!r}）", f"row {pos} (index {label!r})")


_VOTE_INDEX = pd.Index(list(VOTES), dtype=object)
_VOTE_POS = {v: i for i, v in enumerate(VOTES)}


def vote_codes(df: pd.DataFrame) -> np.ndarray:
    """0 yes, 1 no, 2 abstain, 3 absent; raises on anything else."""
    if "vote" not in df.columns:
        raise BilingualError(
            "选民名单缺少 vote 列（取值：yes、no、abstain、absent）。",
            "the electorate has no 'vote' column (values: yes, no, abstain, absent).",
        )
    vote = _column(df, "vote")
    if isinstance(vote.dtype, pd.CategoricalDtype):
        mapping = np.append(_VOTE_INDEX.get_indexer(vote.cat.categories), -1)
        codes = mapping[vote.cat.codes.to_numpy()]
    else:
        values = vote.to_numpy(dtype=object)
        try:
            # hashing the few distinct values is much faster than comparing strings
            fcodes, uniques = pd.factorize(values, use_na_sentinel=True)
            mapping = np.array([_VOTE_POS.get(u, -1) if isinstance(u, str) else -1 for u in uniques] + [-1])
            codes = mapping[fcodes]
        except TypeError:  # unhashable objects in the column
            codes = np.array([VOTES.index(x) if isinstance(x, str) and x in VOTES else -1 for x in values])
    codes = np.asarray(codes, dtype=np.int64)
    bad = np.flatnonzero(codes < 0)
    if bad.size:
        pos = int(bad[0])
        where_zh, where_en = _row_ref(df, pos)
        value = vote.iloc[pos]
        raise BilingualError(
            f"vote 列的值无效：{where_zh}为 {value!r}（共 {bad.size} 处无效）。"
            f"有效取值：yes（同意）、no（反对）、abstain（弃权）、absent（未参加）。",
            f"invalid vote {value!r} at {where_en} ({bad.size} invalid in all); "
            f"valid votes: yes, no, abstain, absent.",
        )
    return codes


def area_values(df: pd.DataFrame) -> np.ndarray:
    if "area" not in df.columns:
        raise BilingualError(
            "业主大会表决须提供 area 列（专有部分面积，《民法典》第二百七十八条）。",
            "an owners' assembly vote needs an 'area' column (exclusive floor area, Civil Code art. 278).",
        )
    col = _column(df, "area")
    dtype = col.dtype
    numeric = pd.api.types.is_numeric_dtype(dtype)
    if numeric and not (pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_complex_dtype(dtype)):
        values = col.to_numpy(dtype=np.float64, na_value=np.nan)
    elif dtype == object:
        values = _object_areas(df, col)
    else:
        raise BilingualError(
            f"area 列必须是数值（专有部分面积），实际类型为 {dtype}。",
            f"the 'area' column must be numeric (floor area); its dtype is {dtype}.",
        )
    ok = np.isfinite(values) & (values > 0)
    bad = np.flatnonzero(~ok)
    if bad.size:
        pos = int(bad[0])
        where_zh, where_en = _row_ref(df, pos)
        value = col.iloc[pos]
        raise BilingualError(
            f"area 列的值无效：{where_zh}为 {value!r}；面积必须是大于 0 的有限数（共 {bad.size} 处无效）。",
            f"invalid area {value!r} at {where_en}; floor area must be a finite number > 0 "
            f"({bad.size} invalid in all).",
        )
    return values


def _object_areas(df: pd.DataFrame, col: pd.Series) -> np.ndarray:
    """Areas from an object column: real numbers (incl. Decimal) or missing."""
    out = np.empty(len(col), dtype=np.float64)
    for i, x in enumerate(col.to_numpy()):
        if x is None or x is pd.NA:
            out[i] = np.nan
            continue
        if isinstance(x, (bool, np.bool_)) or not isinstance(x, (numbers.Real, Decimal)):
            where_zh, where_en = _row_ref(df, i)
            raise BilingualError(
                f"area 列的值不是数值：{where_zh}为 {x!r}；面积必须是大于 0 的有限数。",
                f"area {x!r} at {where_en} is not a number; floor area must be a finite number > 0.",
            )
        try:
            out[i] = float(x)
        except (OverflowError, ValueError):
            out[i] = np.nan
    return out


def group_codes(df: pd.DataFrame, name: str, what_zh: str, what_en: str) -> tuple[np.ndarray, pd.Index]:
    col = _column(df, name)
    if pd.api.types.is_string_dtype(col.dtype):
        values = col.to_numpy(dtype=object)
    elif isinstance(col.dtype, np.dtype):
        values = col.to_numpy()
    else:
        values = col  # extension dtypes (categorical, nullable ints) factorize themselves
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError as exc:
        raise BilingualError(
            f"{name} 列含无法比较的值（{what_zh}标识须为字符串或数字）：{exc}",
            f"the {name!r} column holds values that cannot be compared ({what_en} ids must be strings or numbers): {exc}",
        ) from exc
    codes = np.asarray(codes, dtype=np.int64)
    bad = np.flatnonzero(codes < 0)
    if bad.size:
        where_zh, where_en = _row_ref(df, int(bad[0]))
        raise BilingualError(
            f"{name} 列缺少{what_zh}标识：{where_zh}为空（共 {bad.size} 处）。",
            f"missing {what_en} id in the {name!r} column at {where_en} ({bad.size} missing in all).",
        )
    return codes, pd.Index(uniques)
