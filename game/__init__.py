"""Brinkmanship: a turn-based trade-negotiation game.

Package map (read in this order):

- ``scenario/``  the scenario file format: safe YAML (``yamlsafe``), the pydantic
  schema (``schema``), formulas (``expr``), text templates (``texts``) and the
  compiler (``compiler``) that turns a file into a ``CompiledScenario``.
- ``engine/``    the rules, batched over games with numpy: the state array
  (``state``), orders and legality (``orders``), one week (``turn``), deals
  (``deals``), scores (``scoring``), and ``game.Game``, a single game with a
  checked API, news and explanations.
- ``ai/``        computer leaders: the interface, baselines and ``make_leader``
  (``leaders``), personalities from the scenario (``personality``), the batched
  look-ahead (``lookahead``, with ``candidates``, ``rollout`` and ``memory``),
  negotiation (``negotiation``), explanations (``explain``) and scripted
  behaviour for tests (``scripts``).
- ``analysis/``  many games at once (``runner``) and what ``simulate`` and
  ``tournament`` report; deal quality against the Nash point (``nash``).
- ``terminal``   play in the terminal; ``commands/`` the command line; ``cli``.
- ``ui/``        the pygame window (the only place that imports pygame).

Nothing outside ``ui/`` imports pygame, and nothing in the engine names a
country, a lever or a move: all of that comes from the scenario files.
"""

__version__ = "0.1.0"
