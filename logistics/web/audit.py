"""The audit trail as a page for managers and admins: user actions in words (or row by row), filters, CSV."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from flask import Blueprint, render_template, request
from flask_babel import gettext

from logistics import db
from logistics.domain.access import AUDIT_ROLES
from logistics.domain.audit import ACTIONS, ENTITIES, changes
from logistics.domain.audit_text import Stored
from logistics.domain.inputs import page_number
from logistics.domain.texts import Text
from logistics.downloads import csv_download
from logistics.errors import Invalid
from logistics.models import AuditEntry
from logistics.schemas.audit import AuditQuerySchema
from logistics.services import audit, audit_actions, users
from logistics.services.audit_actions import ActionView
from logistics.services.pagination import Page
from logistics.web.dates import moment_text
from logistics.web.forms import flatten, load
from logistics.web.labels import label
from logistics.web.quantities import reader_language
from logistics.web.session import current_user, requires, web_actor

bp = Blueprint("audit_pages", __name__)
PAGE_SIZE = 50
SHOWN = 10  # an action shows its first sentences and row changes, and links to all of them
FILTERS = ("entity", "action", "actor", "shipment", "from", "to", "of")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@bp.app_context_processor
def _permissions() -> dict:
    """Tell templates whether the signed-in user may read the audit trail (managers and admins)."""
    def may_read_audit() -> bool:
        """Say whether the signed-in user is a manager or an admin."""
        user = current_user()
        return user is not None and user.role in AUDIT_ROLES

    return {"may_read_audit": may_read_audit}


def said(value: object) -> object:
    """Say an audit sentence (domain/audit_text.py) in the reader's language; English as it was made.

    Its parameters are said too: sentences within it, and stored values (statuses, records'
    nouns, columns) through the pages' labels. Anything else (a reference, a note) stays as recorded.
    """
    if reader_language() == "en":
        return str(value)
    if isinstance(value, Stored):
        return label(value.raw, value.group)
    if isinstance(value, Text):
        params = {name: said(inner) for name, inner in value.params.items()}
        return gettext(value.msgid, **params) if params else gettext(value.msgid)
    return value


def stored_words() -> Callable[[str, str], str]:
    """Return how this request shows a table's, an action's or a column's stored name.

    As recorded in English ("shipment lines"), else in the reader's words; remembered per name, as
    a page of actions names the same few thousands of times.
    """
    english = reader_language() == "en"
    said: dict[tuple[str, str], str] = {}

    def stored_word(value: str, group: str) -> str:
        if (value, group) not in said:
            said[value, group] = value.replace("_", " ") if english else label(value, group)
        return said[value, group]

    return stored_word


def moments() -> Callable[[datetime], str]:
    """Return how this request shows when a change was made: to the second in English (ISO), as before;
    else the reader's date and time to the minute, formatted once per minute (a page lists thousands)."""
    english = reader_language() == "en"
    said: dict[datetime, str] = {}

    def when(moment: datetime) -> str:
        if english:
            return moment.strftime("%Y-%m-%d %H:%M:%S")
        minute = moment.replace(second=0, microsecond=0)
        if minute not in said:
            said[minute] = moment_text(minute)
        return said[minute]

    return when


def filters_of(args) -> dict:
    """Return the trail's filters from the page's query; a day alone means all of it ("to" included).

    The actor is a user id or "system" (the command line and the demo loader); "of" is an action's
    key (its changes only: a key naming no action matches nothing).
    """
    raw = {name: args[name].strip() for name in ("entity", "action", "shipment", "from", "to")
           if args.get(name, "").strip()}
    if _DAY.fullmatch(raw.get("from", "")):
        raw["from"] += "T00:00:00+00:00"
    if _DAY.fullmatch(raw.get("to", "")):
        raw["to"] += "T23:59:59.999999+00:00"
    actor = args.get("actor", "").strip()
    if actor and actor != "system":
        raw["actor_id"] = actor
    of = args.get("of", "").strip()
    return {**load(AuditQuerySchema(), raw), **({"by_system": True} if actor == "system" else {}),
            **({"action_key": of} if of else {})}


@bp.get("/audit")
@requires(*AUDIT_ROLES)
def index():
    """List user actions (or, with ?view=rows, recorded row changes), newest first, filtered and paginated."""
    session = db.session()
    by_rows = request.args.get("view") == "rows"
    query_args = {name: request.args[name] for name in FILTERS if request.args.get(name, "").strip()}
    if by_rows:
        query_args["view"] = "rows"
    errors: dict = {}
    message, filters = None, None
    try:
        filters = filters_of(request.args)
    except Invalid as error:
        errors, message = flatten(error.fields), error.message
    requested = request.args.get("page", type=page_number)
    rows: list = []
    actions: list = []
    if by_rows:
        shown: Page = Page[AuditEntry](1, PAGE_SIZE, 0)
        if filters is not None:
            shown = audit.entries_page(session, web_actor(), filters, requested, PAGE_SIZE)
        rows = [(entry, changes(entry.before, entry.after)) for entry in shown.items]
        references = audit.shipment_references(session, {entry.shipment_id for entry in shown.items})
    else:
        shown = Page[ActionView](1, PAGE_SIZE, 0)
        if filters is not None:
            shown = audit_actions.actions_page(session, web_actor(), filters, requested, PAGE_SIZE)
        # An import is one action of thousands of rows: the page shows the first few of each.
        actions = [(action, [said(sentence) for sentence in action.summary[:SHOWN]],
                    len(action.summary) - min(SHOWN, len(action.summary)),
                    [(entry, changes(entry.before, entry.after)) for entry in action.changes[:SHOWN]],
                    len(action.changes))
                   for action in shown.items]
        references = {ref.id: ref.reference for action in shown.items for ref in action.shipments}
    return render_template(
        "audit/index.html", by_rows=by_rows, rows=rows, actions=actions, references=references,
        total=shown.total, page=shown.number, pages=shown.pages, args=request.args,
        query_args=query_args, errors=errors, message=message, entities=ENTITIES, actions_kinds=ACTIONS,
        people=list(session.scalars(users.list_users(session))),
        stored_word=stored_words(), when_text=moments()), 422 if message else 200


@bp.get("/audit.csv")
@requires(*AUDIT_ROLES)
def export():
    """Download the filtered trail as CSV, streamed (the same file as the API's export)."""
    filters = filters_of(request.args)  # bad filters get the error page before anything is sent
    actor = web_actor()
    return csv_download(lambda session: audit.export_csv(session, actor, filters), "audit.csv")
