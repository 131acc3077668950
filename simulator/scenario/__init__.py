"""Scenarios: plain, validated data describing one consultation (the parameters of a run).

A scenario file is YAML; :func:`load` reads it, applies ``--set`` overrides and validates it
into a frozen :class:`Scenario`, or raises a :class:`ScenarioError` that names the file, the
line or field path, and what was expected, in Chinese and English.
"""

from .errors import ScenarioError
from .loading import from_data, load, with_overrides
from .overrides import apply_override
from .reading import parse_yaml, read
from .schema import Scenario, json_schema
from .shipped import resolve, shipped

__all__ = ["Scenario", "ScenarioError", "apply_override", "from_data", "json_schema", "load", "parse_yaml", "read", "resolve",
           "shipped", "with_overrides"]
