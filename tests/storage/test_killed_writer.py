"""A writer killed with SIGKILL in the middle of saving leaves every committed revision intact.

A subprocess saves revisions of one plan in a loop as fast as it can and reports each commit;
the test kills it at a random moment, several times over, restarting it from the newest revision.
Afterwards every revision must be a complete, valid plan, the numbers 1..n must have no holes,
`plans.latest_revision` must point at the last one, and every save reported as committed must be
there. On SQLite (WAL mode) and on PostgreSQL.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid

import pytest

from planner.planfile import dumps_plan, parse_plan
from planner.storage import open_store
from planner.storage.db import REPO_ROOT
from planner.storage.models import PlanRow, RevisionRow

WRITER = r"""
import sys, time
from dataclasses import replace
from planner.model import Activity, Category
from planner.storage import Actor, Role, open_store
import planner.storage.summary as summary

# The rules take most of a save's time; skip them so the kill lands inside the database work.
summary.check_findings = lambda plan, params: ()

url, plan_id, user_id, office_id = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
store = open_store(url)
actor = Actor(user_id, office_id, Role.VEILEDER)
current = store.load_plan(actor, plan_id)
plan, number = current.plan, current.latest_revision
deadline = time.monotonic() + 60  # bounded even if nobody kills it
while time.monotonic() < deadline:
    base = plan.activities[0]
    extra = tuple(
        replace(base, id=f"k{number}-{i}", title=f"Aktivitet {number}-{i} " + "x" * 400)
        for i in range(number % 7)
    )
    plan = replace(plan, goals=replace(plan.goals, main=f"Lagring {number + 1}"),
                   activities=(*plan.activities[:1], *extra))
    revision = store.save_plan(actor, plan, plan_id=plan_id, base_revision=number, comment=f"lagring {number + 1}")
    number = revision.number
    print(number, flush=True)
"""


def _run_and_kill(url: str, plan_id: str, actor, min_saves: int) -> int:
    """Start the writer, let it commit at least `min_saves`, SIGKILL it; the last number it reported."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, plan_id, str(actor.user_id), str(actor.office_id)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    reported = 0
    try:
        deadline = time.monotonic() + 90
        seen = 0
        while seen < min_saves:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError(f"writer stopped early: {proc.stderr.read()}")
            reported = int(line)
            seen += 1
            assert time.monotonic() < deadline, "writer too slow"
        time.sleep(random.uniform(0, 0.05))  # somewhere in the middle of a save
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        for line in proc.stdout.read().split():  # commits reported before the kill landed
            reported = int(line)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    return reported


@pytest.mark.slow
def test_a_killed_writer_leaves_every_committed_revision_intact(db_url, params, plan):
    from sqlalchemy import select

    with open_store(db_url, params=params) as store:
        office = f"NAV Kill {uuid.uuid4().hex[:6]}"
        actor = store.ensure_actor("skriver", "Skriver", office, "veileder")
        plan_id = store.save_plan(actor, plan, base_revision=None).plan_id

    reported = 1
    for _round in range(4):
        reported = max(reported, _run_and_kill(db_url, plan_id, actor, min_saves=random.randint(5, 25)))

    with open_store(db_url, params=params) as store:
        if store.dialect == "sqlite":
            with store.engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        with store.transaction() as session:
            latest = session.scalar(select(PlanRow.latest_revision).where(PlanRow.id == uuid.UUID(plan_id)))
            rows = session.scalars(
                select(RevisionRow).where(RevisionRow.plan_id == uuid.UUID(plan_id)).order_by(RevisionRow.number)
            ).all()
            numbers = [r.number for r in rows]
            assert numbers == list(range(1, len(rows) + 1)), "holes in the revision numbers"
            assert latest == numbers[-1]
            assert reported <= latest, "a save reported as committed is missing"
            for row in rows:
                parsed = parse_plan(row.plan_json)  # complete and valid
                assert dumps_plan(parsed) == row.plan_json
                if row.number > 1:
                    assert parsed.goals.main == f"Lagring {row.number}"
                    assert row.comment == f"lagring {row.number}"
        # and the store carries on from there
        again = store.load_plan(actor, plan_id)
        store.save_plan(actor, again.plan, plan_id=plan_id, base_revision=again.latest_revision)
        assert store.list_revisions(actor, plan_id)[0].number == latest + 1
