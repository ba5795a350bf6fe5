"""The organisers' side from the outside: invitations, users, audit (who may open what:
test_access.py)."""

from __future__ import annotations

import re

import pytest

from webapp.models import AuditEvent, Invitation, User, UserRole


def _link(body: str) -> str:
    return re.search(r"http://localhost(/account/invitation/\S+)", body).group(1)


def test_an_admin_invites_an_organiser_who_opens_an_account(app, db, people, browser_for, outbox):
    admin = browser_for(people["admin"])
    response = admin.post(
        "/admin/users/invite", data={"email": "New.Person@Org.example", "role": "organiser"}
    )
    assert response.status_code == 303
    [message] = outbox("new.person@org.example")
    link = _link(message.body_text)

    newcomer = app.test_client()
    page = newcomer.get(link).get_data(as_text=True)
    assert "new.person@org.example" in page and "an organiser" in page
    short = newcomer.post(link, data={"name": "Nia", "password": "short"})
    assert short.status_code == 422
    opened = newcomer.post(link, data={"name": "Nia", "password": "a long enough passphrase"})
    assert opened.status_code == 303
    assert opened.location == "/admin/"
    assert newcomer.get("/admin/").status_code == 200
    user = db.session.scalars(db.select(User).where(User.email == "new.person@org.example")).one()
    assert user.role is UserRole.ORGANISER and user.is_verified
    # The link works once.
    again = app.test_client().get(link)
    assert again.status_code == 400
    assert "already accepted" in again.get_data(as_text=True)
    actions = [event.action for event in db.session.scalars(db.select(AuditEvent))]
    assert actions == ["invitation.sent"]


def test_a_withdrawn_invitation_no_longer_opens_an_account(app, db, people, browser_for, outbox):
    admin = browser_for(people["admin"])
    admin.post("/admin/users/invite", data={"email": "late@org.example", "role": "admin"})
    invitation = db.session.scalars(db.select(Invitation)).one()
    admin.post(f"/admin/invitations/{invitation.id}/revoke")
    response = app.test_client().get(_link(outbox("late@org.example")[0].body_text))
    assert response.status_code == 400
    assert "withdrawn" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "tess@school.example", "role": "organiser"}, "already has an account"),
        ({"email": "not-an-email", "role": "organiser"}, "valid email address"),
        ({"email": "x@org.example", "role": "teacher"}, "choose a role from the list"),
    ],
)
def test_a_bad_invitation_says_why_and_sends_nothing(
    db, people, browser_for, outbox, data, message
):
    response = browser_for(people["admin"]).post("/admin/users/invite", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert outbox() == []
    assert db.session.query(Invitation).count() == 0


def test_changing_a_role_takes_effect_and_is_audited(db, people, browser_for):
    admin = browser_for(people["admin"])
    teacher_browser = browser_for(people["teacher"])
    assert teacher_browser.get("/admin/").status_code == 403
    admin.post(f"/admin/users/{people['teacher'].id}/role", data={"role": "organiser"})
    assert teacher_browser.get("/admin/").status_code == 200
    event = db.session.scalars(db.select(AuditEvent)).one()
    assert event.action == "user.role_changed"
    assert event.actor_email == "ada@org.example"
    assert event.details == {"before": "teacher", "after": "organiser"}


def test_a_switched_off_account_is_logged_out_and_cannot_log_in(
    app, db, people, browser_for, login
):
    organiser = browser_for(people["organiser"])
    browser_for(people["admin"]).post(f"/admin/users/{people['organiser'].id}/disable")
    assert organiser.get("/admin/").status_code == 302
    response = login(app.test_client(), people["organiser"])
    assert response.status_code == 422
    assert "switched off" in response.get_data(as_text=True)


def test_an_admin_cannot_demote_or_switch_off_themselves(db, people, browser_for):
    admin = browser_for(people["admin"])
    response = admin.post(f"/admin/users/{people['admin'].id}/role", data={"role": "teacher"})
    assert "cannot change your own account" in admin.get(response.location).get_data(as_text=True)
    admin.post(f"/admin/users/{people['admin'].id}/disable")
    db.session.refresh(people["admin"])
    assert people["admin"].role is UserRole.ADMIN and people["admin"].is_active


def test_the_audit_log_lists_what_admins_did(db, people, browser_for):
    admin = browser_for(people["admin"])
    admin.post(f"/admin/users/{people['teacher'].id}/role", data={"role": "organiser"})
    admin.post(f"/admin/users/{people['teacher'].id}/disable")
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "2 events" in page
    assert page.index("user.disabled") < page.index("user.role_changed")  # newest first
    assert "tess@school.example: teacher → organiser" in page
    filtered = admin.get("/admin/audit?action=user.disabled").get_data(as_text=True)
    assert "1 event" in filtered and "user.role_changed" not in filtered.split("<tbody>")[1]


def test_create_admin_opens_the_first_admin(app, db, runner):
    result = runner.invoke(
        args=["create-admin", "--email", "Root@Org.example", "--password", "a long passphrase"]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalars(db.select(User).where(User.email == "root@org.example")).one()
    assert user.role is UserRole.ADMIN and user.is_verified
    again = runner.invoke(
        args=["create-admin", "--email", "root@org.example", "--password", "a long passphrase"]
    )
    assert again.exit_code != 0 and "already has an account" in again.output


def test_an_invitation_dies_with_its_inviters_admin_rights(app, db, people, browser_for, outbox):
    from tests.factories import UserFactory

    second_admin = UserFactory(admin=True, email="bo@org.example")
    db.session.commit()
    browser_for(second_admin).post(
        "/admin/users/invite", data={"email": "x@org.example", "role": "admin"}
    )
    link = _link(outbox("x@org.example")[0].body_text)
    browser_for(people["admin"]).post(f"/admin/users/{second_admin.id}/disable")
    response = app.test_client().get(link)
    assert response.status_code == 400
    assert "no longer valid" in response.get_data(as_text=True)


def test_a_new_invitation_withdraws_the_earlier_one(app, db, people, browser_for, outbox):
    admin = browser_for(people["admin"])
    admin.post("/admin/users/invite", data={"email": "y@org.example", "role": "admin"})
    admin.post("/admin/users/invite", data={"email": "y@org.example", "role": "organiser"})
    first, second = (_link(m.body_text) for m in outbox("y@org.example"))
    assert app.test_client().get(first).status_code == 400
    assert app.test_client().get(second).status_code == 200


@pytest.mark.postgres
@pytest.mark.usefixtures("committed_db")
def test_two_admins_switching_each_other_off_at_once_leave_one(app):
    from tests.factories import UserFactory
    from tests.petitions.test_concurrency import _in_threads
    from webapp.admin import services
    from webapp.extensions import db

    first, second = UserFactory(admin=True), UserFactory(admin=True)
    db.session.commit()
    pairs = [(first.id, second.id), (second.id, first.id)]

    def switch_off(index: int) -> None:
        actor_id, target_id = pairs[index]
        try:
            services.set_disabled(db.session.get(User, actor_id), target_id, disabled=True)
            db.session.commit()
        except services.AdminError:
            db.session.rollback()

    _in_threads(app, 2, switch_off)
    db.session.remove()
    active = db.session.scalars(
        db.select(User).where(User.role == UserRole.ADMIN, User.disabled_at.is_(None))
    ).all()
    assert len(active) == 1


# Look-alike addresses (issue 21, item 18).

LOOKALIKE = "ada@\u043erg.example"  # the admin's address with a Cyrillic "о"


def test_a_look_alike_account_is_marked_on_the_users_page(app, db, people, browser_for):
    signup = app.test_client().post(
        "/account/signup",
        data={"name": "Ada Admin", "email": LOOKALIKE, "password": "a long enough passphrase"},
    )
    assert signup.status_code == 303
    page = browser_for(people["admin"]).get("/admin/users").get_data(as_text=True)
    row = re.search(rf"<tr>(?:(?!</tr>).)*{LOOKALIKE}.*?</tr>", page, re.S).group(0)
    assert "ada@[U+043E]rg.example" in row  # the hidden letter, written out
    assert "Letters outside A–Z" in row and "Mixes alphabets" in row
    assert "Looks like ada@org.example" in row
    real = re.search(r"<tr>(?:(?!</tr>).)*>ada@org\.example<.*?</tr>", page, re.S).group(0)
    assert "Looks like ada@[U+043E]rg.example" in real
    plain = re.search(r"<tr>(?:(?!</tr>).)*tess@school\.example.*?</tr>", page, re.S).group(0)
    assert "Looks like" not in plain and "outside A–Z" not in plain


@pytest.mark.parametrize(
    "email", ["olu@\u043erg.example", "OLU@ORG.EXAMP\u04cfE", "o1u@org.example"]
)
def test_inviting_a_look_alike_of_an_account_is_refused(db, people, browser_for, outbox, email):
    admin = browser_for(people["admin"])
    response = admin.post("/admin/users/invite", data={"email": email, "role": "admin"})
    assert response.status_code == 422
    assert "can be mistaken for the account olu@org.example" in response.get_data(as_text=True)
    assert db.session.scalars(db.select(Invitation)).all() == []
    assert outbox() == []


def test_a_look_alike_invitation_waiting_is_marked(db, people, browser_for):
    admin = browser_for(people["admin"])
    assert (
        admin.post(
            "/admin/users/invite", data={"email": "n\u0435w@org.example", "role": "organiser"}
        ).status_code
        == 303
    )
    page = admin.get("/admin/users").get_data(as_text=True)
    waiting = re.search(r'<section aria-labelledby="pending-title">.*?</section>', page, re.S)
    assert "n[U+0435]w@org.example" in waiting.group(0)
    assert "Mixes alphabets" in waiting.group(0)
