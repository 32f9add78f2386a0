"""The teacher's report: timeline, reasons, outcome, comparison with history and questions, in Markdown."""

from __future__ import annotations

from game.cli import main
from game.records.files import write_record
from game.records.history import history_orders, history_record
from game.records.questions import debrief_questions
from game.records.replay import take_over
from game.records.report import md, write_report

from .records_support import random_game


def test_a_taken_over_history_game_reports_everything_a_teacher_needs(june, tmp_path):
    recorder = take_over(history_record(june), 3, ["china"], opponent="tit_for_tat")
    first, _ = history_orders(june, None)
    while not recorder.game.is_over:
        recorder.play(first, first.__class__(("accuse",)), reasons=(("Keeping the pressure on.",), ()))
    report = write_report(recorder.game, recorder.record(), None, near=tmp_path / "lesson.json")
    text = report.path.read_text(encoding="utf-8")
    assert report.path == tmp_path / "lesson-report.md"
    assert text.startswith(f"# {june.title}")
    assert "Taken over** from the real history after week 3" in text
    assert "## Outcome" in text and "/100" in text and recorder.game.ending.title in text
    for week in range(1, len(recorder.game.reports) + 1):
        assert f"### Week {week} " in text
    assert "_Why:_ Keeping the pressure on." in text
    assert "Really, 05 Jun:" in text and "Trump and Xi speak" in text
    assert "## Compared with what really happened" in text and "left history in week 4" in text
    assert "## Key numbers week by week" in text
    asked = debrief_questions(recorder.game, 1)
    assert "## To discuss" in text and all(md(q) in text for q in asked)
    assert any(q.startswith("Week ") for q in asked), "the person's own turning points are asked too"
    again = write_report(recorder.game, recorder.record(), None, near=tmp_path / "lesson.json")
    assert again.path == tmp_path / "lesson-report-2.md", "an earlier report is never overwritten"


def test_the_report_command_writes_beside_the_record(june, tmp_path, capsys):
    path = write_record(tmp_path / "class.json", random_game(june, 6, 6).record())
    assert main(["report", str(path)]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path / "class-report.md") in out
    text = (tmp_path / "class-report.md").read_text(encoding="utf-8")
    assert "## Timeline" in text and "reason 0" in text
    charts = sorted(tmp_path.glob("class-report-*.png"))
    assert charts and all(f"![{c.stem}]({c.name})" in text for c in charts), "PNG charts beside it, linked"
    assert main(["report", str(path), "-o", str(tmp_path / "mine.md")]) == 0
    assert (tmp_path / "mine.md").exists()


def test_the_reports_lever_charts_name_the_settings_on_their_axis(june, tmp_path, monkeypatch):
    """A lever's chart is marked with its settings ('licence required', 'open'), not 0 / 0.5 / 1."""
    from game.ui import theme

    drawn: list[str] = []
    monkeypatch.setattr(theme, "TEXT_LOG", drawn)
    report = write_report(random_game(june, 6, 6).game, random_game(june, 6, 6).record(), tmp_path)
    lever = next(c for c in report.charts if c.stem.endswith("us_eda_licensing"))
    assert lever.exists()
    names = june.lever_by_name("us.eda_licensing").notch_names
    assert names and all(name in drawn for name in names), "every setting written on the axis"
    assert not {"0.0", "0.5", "1.0"} & set(drawn), "no bare numbers for a lever"
