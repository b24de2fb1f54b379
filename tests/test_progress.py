"""What `make report` shows while a batch runs: off a terminal, one plain line per paper as it
finishes; on a terminal, a bar of papers done, the papers being built and the time left."""

from __future__ import annotations

from kpilib._driver.build import Outcome
from kpilib._driver.progress import Progress
from kpilib._inputs.months import Month

MARCH = Month.parse("2024-03")


def test_off_a_terminal_each_paper_prints_its_line_as_it_finishes(tmp_path, capsys):
    progress = Progress(MARCH, terminal=False)
    progress.start(["demo1", "demo2", "demo3"], jobs=2)
    assert capsys.readouterr() == ("", "")  # no bar

    progress(Outcome("demo2", "built", files=[tmp_path / "2024-03" / "demo2.ipynb"], seconds=2.26))
    assert capsys.readouterr().out == (
        f"built demo2 2024-03: {tmp_path}/2024-03/demo2.{{ipynb,html,pdf,scores.csv,provenance.json}} (2.3 s)\n"
    )
    progress(Outcome("demo1", "failed", "cell 3 (paper.summary()) raised ValueError: no data"))
    assert capsys.readouterr() == ("", "failed demo1:\n  cell 3 (paper.summary()) raised ValueError: no data\n")
    progress(Outcome("demo3", "skipped", "demo3 has no data for 2024-03 (data from 2021-04 to 2023-03)"))
    progress.close()
    assert capsys.readouterr() == ("skipped demo3: demo3 has no data for 2024-03 (data from 2021-04 to 2023-03)\n", "")


def test_on_a_terminal_a_bar_counts_papers_and_names_those_being_built(tmp_path, capsys):
    progress = Progress(MARCH, terminal=True)
    progress.start(["demo1", "demo2", "demo3"], jobs=2)
    bar = capsys.readouterr().err
    assert "2024-03" in bar and "0/3 papers" in bar and "building demo1, demo2" in bar

    progress(Outcome("demo1", "built", files=[tmp_path / "2024-03" / "demo1.ipynb"], seconds=1.0))
    out, bar = capsys.readouterr()
    assert out.startswith("built demo1 2024-03: ")  # the paper's line still printed, above the bar
    assert "1/3 papers" in bar and "building demo2, demo3" in bar and "left" in bar
    progress.close()


def test_on_a_terminal_the_bar_clock_moves_while_papers_are_being_built(capsys):
    progress = Progress(MARCH, terminal=True)
    progress.start(["demo1", "demo2"], jobs=2)
    capsys.readouterr()
    started = progress.bar.start_t
    progress.bar._time = lambda: started + 65  # a minute and five seconds later, no paper finished yet
    progress.tick()
    assert "0/2 papers [01:05, ? left]" in capsys.readouterr().err
    progress.close()
