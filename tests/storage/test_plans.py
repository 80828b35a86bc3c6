"""Saved plans: round trip, revisions, restore, compare, conflicts, office isolation, audit."""

from __future__ import annotations

import threading
import uuid
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from planner.model import Absence, Activity, Category, Participant
from planner.planfile import dumps_plan
from planner.storage import (
    Action,
    ConflictError,
    NotFound,
    PermissionDenied,
    PersonalDataError,
    Role,
)
from planner.storage.models import AuditRow, RevisionRow


def _count(store, model, **where):
    from sqlalchemy import func, select

    with store.transaction() as session:
        query = select(func.count()).select_from(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return session.scalar(query)


# -- round trip and revisions --------------------------------------------------------------------


def test_save_and_load_round_trip_equals_dumps_plan(store, office, plan):
    revision = store.save_plan(office.veileder, plan, base_revision=None, comment="Første utkast")
    assert revision.number == 1
    assert revision.comment == "Første utkast"
    assert revision.author_name == "Vera Veileder"
    loaded = store.load_plan(office.veileder, revision.plan_id)
    assert loaded.json == dumps_plan(plan)
    assert loaded.plan == plan
    assert loaded.latest_revision == 1
    assert loaded.label == "AK"  # initials of "A. K.": a pseudonymous label, not the name


def test_revisions_are_numbered_and_listed_newest_first(store, office, plan):
    first = store.save_plan(office.veileder, plan, base_revision=None)
    pid = first.plan_id
    for number in (1, 2, 3):
        changed = replace(plan, goals=replace(plan.goals, main=f"Mål {number}"))
        saved = store.save_plan(office.veileder, changed, plan_id=pid, base_revision=number, comment=f"endring {number}")
        assert saved.number == number + 1
    revisions = store.list_revisions(office.veileder, pid)
    assert [r.number for r in revisions] == [4, 3, 2, 1]
    assert store.load_plan(office.veileder, pid, revision=2).plan.goals.main == "Mål 1"
    assert store.load_plan(office.veileder, pid).plan.goals.main == "Mål 3"
    with pytest.raises(NotFound, match="ingen versjon 9"):
        store.load_plan(office.veileder, pid, revision=9)


def test_summary_columns_are_computed_at_save(store, office, plan):
    revision = store.save_plan(office.veileder, plan, base_revision=None)
    assert revision.participant_label == "AK"
    assert revision.start_date == plan.start
    assert revision.end_date == plan.end
    assert revision.error_count is not None and revision.warning_count is not None


def test_restore_makes_a_new_revision_with_the_old_content(store, office, plan):
    pid = store.save_plan(office.veileder, plan, base_revision=None).plan_id
    edited = replace(plan, activities=plan.activities[1:])
    store.save_plan(office.veileder, edited, plan_id=pid, base_revision=1)
    restored = store.restore_revision(office.veileder2, pid, 1, "Angret sletting")
    assert restored.number == 3
    assert restored.restored_from == 1
    assert restored.author_name == "Viggo Veileder"
    assert store.load_plan(office.veileder, pid).json == dumps_plan(plan)
    assert [r.number for r in store.list_revisions(office.veileder, pid)] == [3, 2, 1]  # history kept


def test_restore_with_a_stale_base_is_a_conflict(store, office, plan):
    pid = store.save_plan(office.veileder, plan, base_revision=None).plan_id
    store.save_plan(office.veileder, replace(plan, activities=plan.activities[1:]), plan_id=pid, base_revision=1)
    with pytest.raises(ConflictError):
        store.restore_revision(office.veileder, pid, 1, base_revision=1)
    assert _count(store, RevisionRow, plan_id=uuid.UUID(pid)) == 2


# -- comparing ------------------------------------------------------------------------------------


def test_compare_two_revisions(store, office, plan):
    pid = store.save_plan(office.veileder, plan, base_revision=None).plan_id
    removed, kept, *rest = plan.activities
    new_activity = Activity(
        id="ny",
        title="Jobbklubb",
        category=Category.JOB_SEEKING,
        start=plan.start,
        end=plan.end,
        hours_per_week=Decimal("4"),
    )
    shorter = kept.end - timedelta(days=3)
    changed = replace(kept, hours_per_week=kept.hours_per_week + 2, end=shorter)
    # Two hours of ugyldig fravær in the first month lower that month's stipend.
    first_weekday = next(d for d in (plan.start.replace(day=n) for n in range(2, 20)) if d.weekday() < 5)
    edited = replace(
        plan,
        activities=(changed, *rest, new_activity),
        absences=(Absence(first_weekday, Decimal("2"), valid=False, reason="Møtte ikke"),),
    )
    store.save_plan(office.veileder, edited, plan_id=pid, base_revision=1)

    diff = store.compare_revisions(office.veileder, pid, 1, 2)
    assert [a.id for a in diff.added] == ["ny"]
    assert [a.id for a in diff.removed] == [removed.id]
    assert len(diff.changed) == 1 and diff.changed[0].id == kept.id
    fields = {c.field: (c.old, c.new) for c in diff.changed[0].changes}
    assert fields["hours_per_week"] == (kept.hours_per_week, kept.hours_per_week + 2)
    assert fields["end"] == (kept.end, shorter)
    assert set(fields) == {"hours_per_week", "end"}
    assert [s.section for s in diff.sections] == ["absences"]
    assert diff.weeks  # planned hours per week changed
    assert diff.findings_before is not None and diff.findings_after is not None
    # The stipend, month by month: the month with the absence went down.
    assert diff.stipend is not None
    month = first_weekday.strftime("%Y-%m")
    changed_months = {m.month: m for m in diff.stipend_months_changed}
    assert month in changed_months
    assert changed_months[month].after < changed_months[month].before
    assert any("Stønad" in line for line in diff.describe())


# -- conflicts ------------------------------------------------------------------------------------


def test_stale_base_revision_raises_conflict_and_writes_nothing(store, office, plan):
    pid = store.save_plan(office.veileder, plan, base_revision=None).plan_id
    theirs = replace(plan, goals=replace(plan.goals, main="Kollegaens mål"))
    store.save_plan(office.veileder2, theirs, plan_id=pid, base_revision=1)
    audit_before = _count(store, AuditRow)

    mine = replace(plan, activities=plan.activities[:-1])
    with pytest.raises(ConflictError) as caught:
        store.save_plan(office.veileder, mine, plan_id=pid, base_revision=1, comment="min endring")
    conflict = caught.value
    assert conflict.base_revision == 1
    assert conflict.latest.number == 2
    assert conflict.latest.author_name == "Viggo Veileder"
    assert conflict.latest_plan == theirs
    assert "Viggo Veileder" in str(conflict) and "Ingenting er lagret" in str(conflict)
    # newest → mine: my removal of the last activity, and the goal going back to what I had
    assert [a.id for a in conflict.diff.removed] == [plan.activities[-1].id]
    assert [s.section for s in conflict.diff.sections] == ["goals"]
    # base → newest: what the colleague changed
    assert conflict.theirs is not None and [s.section for s in conflict.theirs.sections] == ["goals"]

    assert _count(store, RevisionRow, plan_id=uuid.UUID(pid)) == 2
    assert _count(store, AuditRow) == audit_before
    assert store.load_plan(office.veileder, pid).plan == theirs


def test_saving_an_existing_plan_without_a_base_is_a_conflict(store, office, plan):
    pid = store.save_plan(office.veileder, plan, base_revision=None).plan_id
    with pytest.raises(ConflictError, match="finnes allerede"):
        store.save_plan(office.veileder, plan, plan_id=pid, base_revision=None)
    assert _count(store, RevisionRow, plan_id=uuid.UUID(pid)) == 1


def test_concurrent_saves_on_the_same_base_let_exactly_one_win(store, office, plan):
    pid = store.save_plan(office.veileder, plan, base_revision=None).plan_id
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def save(index: int) -> None:
        edited = replace(plan, goals=replace(plan.goals, main=f"Tråd {index}"))
        barrier.wait()
        try:
            store.save_plan(office.veileder, edited, plan_id=pid, base_revision=1)
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["conflict"] * 3 + ["saved"]
    assert [r.number for r in store.list_revisions(office.veileder, pid)] == [2, 1]


# -- offices and access ---------------------------------------------------------------------------


def test_another_office_sees_not_found(store, office, other_office, plan):
    pid = store.save_plan(office.veileder, plan, base_revision=None).plan_id
    stranger = other_office.fagansvarlig
    with pytest.raises(NotFound):
        store.load_plan(stranger, pid)
    with pytest.raises(NotFound):
        store.list_revisions(stranger, pid)
    with pytest.raises(NotFound):
        store.save_plan(stranger, plan, plan_id=pid, base_revision=1)
    with pytest.raises(NotFound):
        store.restore_revision(stranger, pid, 1)
    with pytest.raises(NotFound):
        store.export_plan(stranger, pid)
    with pytest.raises(NotFound):  # same message as for an id that does not exist at all
        store.load_plan(stranger, str(uuid.uuid4()))
    with pytest.raises(NotFound):
        store.load_plan(stranger, "ikke-en-uuid")
    assert store.caseload(stranger, scope="office") == []
    assert _count(store, RevisionRow, plan_id=uuid.UUID(pid)) == 1


def test_caseload_lists_only_the_office_and_scopes_a_veileders_own(store, office, other_office, plans):
    mine = [store.save_plan(office.veileder, p, base_revision=None).plan_id for p in plans[:2]]
    colleague = store.save_plan(office.veileder2, plans[2], base_revision=None).plan_id
    store.save_plan(other_office.veileder, plans[3], base_revision=None)

    own = store.caseload(office.veileder)  # a veileder's default: their own plans
    assert {r.plan_id for r in own} == set(mine)
    assert all(r.mine for r in own)
    everyone = store.caseload(office.veileder, scope="office")
    assert {r.plan_id for r in everyone} == {*mine, colleague}
    assert {r.plan_id for r in store.caseload(office.fagansvarlig)} == {*mine, colleague}  # fagansvarlig: office

    row = next(r for r in everyone if r.plan_id == colleague)
    assert row.owner_name == "Viggo Veileder" and not row.mine
    assert row.participant_label == "SO"
    assert row.start_date == plans[2].start and row.end_date == plans[2].end
    assert row.error_count is not None and row.warning_count is not None


def test_caseload_search_sort_current_period_and_archive(store, office, plans):
    ids = {p.participant.name: store.save_plan(office.veileder, p, base_revision=None).plan_id for p in plans}
    assert [r.label for r in store.caseload(office.veileder, search="mh")] == ["MH"]
    assert [r.label for r in store.caseload(office.veileder, search="%")] == []  # LIKE wildcards are literal

    by_label = [r.label for r in store.caseload(office.veileder, sort="label")]
    assert by_label == sorted(by_label)
    soonest = store.caseload(office.veileder, sort="next_evaluation", today=date(2026, 1, 1))
    evaluations = [r.next_evaluation for r in soonest]
    assert evaluations == sorted(evaluations)
    assert store.caseload(office.veileder, sort="end_date")[0].end_date == min(p.end for p in plans)

    # "current period" and "next evaluation" follow the day asked about, not the day of saving
    plan = plans[0]
    later = store.caseload(office.veileder, search="AK", today=plan.evaluations[-1].date)[0]
    assert later.next_evaluation == plan.evaluations[-1].date
    after_end = store.caseload(office.veileder, search="AK", today=date(2030, 1, 1))[0]
    assert after_end.next_evaluation is None and after_end.period_end == plan.periods[-1].end

    store.set_archived(office.veileder, ids["A. K."])
    assert "AK" not in [r.label for r in store.caseload(office.veileder)]
    assert "AK" in [r.label for r in store.caseload(office.veileder, include_archived=True)]
    with pytest.raises(PermissionDenied):
        store.set_archived(office.veileder2, ids["M. H."])  # not the owner, not fagansvarlig
    with pytest.raises(ValueError):
        store.caseload(office.veileder, sort="nonsense")  # type: ignore[arg-type]


def test_a_made_up_actor_is_refused(store, office, plan):
    pid = store.save_plan(office.veileder, plan, base_revision=None).plan_id
    promoted = replace(office.veileder, role=Role.FAGANSVARLIG)
    with pytest.raises(PermissionDenied):
        store.load_plan(promoted, pid)
    moved = replace(office.veileder, office_id=office.veileder.office_id + 10_000)
    with pytest.raises(PermissionDenied):
        store.caseload(moved)


def test_ensure_actor_is_idempotent_and_follows_role_changes(store):
    name = f"NAV Idem {uuid.uuid4().hex[:6]}"
    first = store.ensure_actor("sub-1", "Kari", name, "veileder")
    again = store.ensure_actor("sub-1", "Kari N.", name, Role.FAGANSVARLIG)
    assert (again.user_id, again.office_id) == (first.user_id, first.office_id)
    assert again.role is Role.FAGANSVARLIG
    assert store.user_name(first.user_id) == "Kari N."
    assert store.office_name(first.office_id) == name
    local = store.local_actor()
    assert store.office_name(local.office_id) == "Lokalt kontor"
    assert local.role is Role.FAGANSVARLIG and local == store.local_actor()


# -- audit ----------------------------------------------------------------------------------------


def test_reads_and_writes_are_audited_without_plan_contents(store, office, plan):
    pid = store.save_plan(office.veileder, plan, base_revision=None).plan_id
    store.load_plan(office.veileder2, pid)
    store.save_plan(office.veileder2, plan, plan_id=pid, base_revision=1, comment="Ringte A. K. i dag")
    store.restore_revision(office.veileder, pid, 1)
    store.export_plan(office.veileder, pid)

    log = store.audit(office.fagansvarlig, plan_id=pid)
    assert [e.action for e in reversed(log)] == ["create", "read", "save", "restore", "export"]
    assert [e.user_name for e in reversed(log)][:3] == ["Vera Veileder", "Viggo Veileder", "Viggo Veileder"]
    assert all(e.plan_id == pid for e in log)
    text = " ".join(e.detail for e in log)
    for secret in (plan.participant.name, plan.goals.main, plan.participant.birth_date.isoformat(), "Ringte"):
        assert secret not in text

    reads = store.audit(office.fagansvarlig, action=Action.READ)
    assert [e.user_id for e in reads] == [office.veileder2.user_id]
    assert store.audit(office.fagansvarlig, user_id=office.veileder.user_id, plan_id=pid)
    store.caseload(office.veileder)
    assert store.audit(office.fagansvarlig, action="list", limit=1)[0].user_id == office.veileder.user_id


def test_only_a_fagansvarlig_sees_the_audit_log_and_only_their_office(store, office, other_office, plan):
    store.save_plan(office.veileder, plan, base_revision=None)
    with pytest.raises(PermissionDenied):
        store.audit(office.veileder)
    assert store.audit(other_office.fagansvarlig, action="create") == []
    assert len(store.audit(office.fagansvarlig, action="create")) == 1


# -- personal data --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["01019012345", "010190 12345", "Kari 41019012345", "010190-12345"])
def test_a_fodselsnummer_in_the_name_is_refused(store, office, plan, name):
    bad = replace(plan, participant=replace(plan.participant, name=name))
    with pytest.raises(PersonalDataError) as caught:
        store.save_plan(office.veileder, bad, base_revision=None)
    assert caught.value.problems[0].path == "participant.name"
    assert "fødselsnummer" in str(caught.value)
    assert store.caseload(office.veileder) == []


def test_a_fodselsnummer_elsewhere_is_refused_too(store, office, plan):
    bad = replace(plan, goals=replace(plan.goals, main="Fnr 24128512345 hos NAV"))
    with pytest.raises(PersonalDataError, match="goals.main"):
        store.save_plan(office.veileder, bad, base_revision=None)
    with pytest.raises(PersonalDataError, match="label"):
        store.save_plan(office.veileder, plan, base_revision=None, label="24128512345")


def test_numbers_that_are_not_a_fodselsnummer_are_kept(store, office, plan):
    ok = replace(plan, participant=Participant(plan.participant.birth_date, name="Tlf 99887766"))
    store.save_plan(office.veileder, ok, base_revision=None)
    ok2 = replace(plan, goals=replace(plan.goals, main="Saksnummer 99999999999"))  # day 99: not a date
    store.save_plan(office.veileder, ok2, base_revision=None)
    assert len(store.caseload(office.veileder)) == 2
