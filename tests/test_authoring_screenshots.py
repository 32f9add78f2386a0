"""`screenshots --scenario FILE`: an author sees their own scenario's screens headless."""

from __future__ import annotations

from game.cli import main


def test_screenshots_of_an_authors_own_scenario(tmp_path, data_dir, capsys):
    out = tmp_path / "shots"
    assert main(["screenshots", str(out), "--scenario", str(data_dir / "tiny.yaml"), "--size", "960x600"]) == 0
    names = sorted(p.name for p in out.glob("*.png"))
    for screen in ("setup", "briefing", "board", "negotiation", "reveal", "pingpong", "debrief"):
        assert any(name.endswith(f"_tiny_{screen}.png") for name in names), (screen, names)
    assert all(p.stat().st_size > 1000 for p in out.glob("*.png"))
    assert str(out) in capsys.readouterr().out


def test_screenshots_of_a_broken_scenario_print_its_problems(tmp_path, data_dir, capsys):
    status = main(["screenshots", str(tmp_path / "shots"), "--scenario", str(data_dir / "broken" / "bad_formula.yaml")])
    err = capsys.readouterr().err
    assert status == 2 and "bad_formula.yaml:70:30" in err and "Traceback" not in err
    assert not list((tmp_path / "shots").glob("*.png"))
