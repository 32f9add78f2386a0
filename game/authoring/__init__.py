"""Tools for scenario authors: the JSON Schema, the scaffold, the simulation lint and hot reload.

- ``json_schema``  the JSON Schema (draft-07) made from the pydantic models in ``scenario.schema``.
- ``scaffold``     the commented starting file ``brinkmanship new-scenario`` writes.
- static warnings (variables nothing reads, levers nothing moves) live in ``scenario.usage``,
  because the compiler adds them to every load.
- ``lint``         ``validate --simulate``: thousands of seeded games with the baseline leaders.
- ``reload``       watch a scenario file and reload it when it changes (the window calls it).
- ``files``        atomic writes.

None of this imports pygame; the window only calls ``reload``.
"""
