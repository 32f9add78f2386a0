"""Game records: saves, autosaves, replays, the real history, calibration and teacher reports.

A record is the scenario (id and content hash), the seed and every order of both
sides; loading re-simulates the game and checks the stored state hashes
(``format`` documents the file).  The pieces, UI-free so the window and the
terminal share them:

- ``format``    the versioned JSON format (pydantic models) and ``parse_record``.
- ``files``     atomic writes, the autosave and its backup, named saves, ``list_saves``.
- ``recorder``  ``Recorder`` (a game and its record in step) and ``restore``.
- ``replay``    ``Replay`` (step forward/back/jump through a recorded game) and ``take_over``.
- ``history``   the scenario's real moves as a record, the transcript, ``compare_with_history``.
- ``calibrate`` AI-vs-AI bands against the real path.
- ``report``    the Markdown game report for teachers.
"""
