"""`manage.py rerun_draw` recomputes a draw from its record and says whether it matches (R-63)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from zhicheng.evaluations.draw import record_of
from zhicheng.evaluations.models import Draw


def _run(*args):
    out = StringIO()
    call_command("rerun_draw", *args, stdout=out)
    return out.getvalue()


def test_r63_rerun_by_id_prints_the_same_list_and_matches(drawn):
    draw = drawn.draws.get()

    output = _run(str(draw.pk))

    listed = [int(line.split(". ")[1]) for line in output.splitlines() if ". " in line]
    assert listed == draw.result
    assert output.rstrip().endswith("一致")
    assert "不一致" not in output


def test_r63_rerun_from_the_downloaded_record_matches(drawn, bureau, client, tmp_path):
    draw = drawn.draws.get()
    client.force_login(bureau)
    path = tmp_path / "record.json"
    path.write_bytes(client.get(reverse("evaluations:draw_record", args=[draw.pk])).content)

    output = _run("--file", str(path))

    assert output.rstrip().endswith("一致")
    assert "不一致" not in output


def test_r63_tampered_record_file_is_reported_and_fails(drawn, tmp_path):
    record = record_of(drawn.draws.get())
    record["result"] = [record["result"][1], record["result"][0], *record["result"][2:]]
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("rerun_draw", "--file", str(path), stdout=out)

    assert "不一致" in out.getvalue()
    assert "重新计算的抽取结果与记录的结果不符" in out.getvalue()


def test_r63_stored_draw_changed_after_the_fact_is_reported(drawn):
    draw = drawn.draws.get()
    changed = [*draw.result[:-1], next(i for i in draw.pool if i not in draw.result)]
    Draw.objects.filter(pk=draw.pk).update(result=changed)
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("rerun_draw", str(draw.pk), stdout=out)

    assert "抽取记录与审计日志中公布的种子和结果不符" in out.getvalue()
    assert "不一致" in out.getvalue()


def test_rerun_needs_an_id_or_a_file(db):
    with pytest.raises(CommandError, match="二者选一"):
        _run()
    with pytest.raises(CommandError, match="不存在"):
        _run("999")
